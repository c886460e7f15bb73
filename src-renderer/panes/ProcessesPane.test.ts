import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { BridgeError } from '@shared/ipc/contract'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { CAT_PID, catProcesses } from '../testing/catProcess'
import { fakeBridge } from '../testing/fakeBridge'
import ProcessesPane from './ProcessesPane.vue'

const mountPane = (locale: 'en' | 'zh-CN' = 'en') => mount(ProcessesPane, { global: { plugins: [createAppI18n(locale)] } })

describe('ProcessesPane', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('lists processes and kernel threads with their mm, marks the current one and what the last command changed', () => {
    const engine = useEngineStore()
    const before = catProcesses({ mapCount: 24, vmSizeKb: 8584, minFlt: 196 })
    before.processes.push({ ...before.processes[3]!, pid: 500, handle: 'p2', comm: 'cat' })
    engine.previousProcesses = { ...before, processes: before.processes.filter((p) => p.pid !== 1) }
    engine.snapshot = { seq: 3, processes: catProcesses() }
    const w = mountPane()
    const rows = w.findAll('tbody tr')
    expect(rows.map((r) => r.attributes('data-pid'))).toEqual(['1', '2', '17', String(CAT_PID), '500'])
    expect(w.find('[role="status"]').text()).toBe('2 processes · 2 kernel threads')

    const cat = w.find(`tr[data-pid="${CAT_PID}"]`)
    expect(cat.classes()).toContain('current')
    expect(cat.attributes('aria-current')).toBe('true')
    expect(cat.find('.comm').text()).toBe('catp1')
    expect(cat.find('.mm').text()).toBe('0xffff888004a3c000')
    // Sizes in human units with the kB of /proc/PID/status in the tooltip, and the change of the last command.
    const vmsize = cat.get('[data-testid="vmsize"]')
    expect(vmsize.text()).toBe('8.45 MiB+64 KiB')
    expect(vmsize.attributes('title')).toBe('8648 kB')
    expect(cat.get('[data-testid="map-count"]').text()).toBe('25+1')
    expect(cat.get('[data-testid="map-count"]').classes()).toContain('changed')
    // Its CPU, and its page faults with what the last command added.
    expect(cat.get('[data-testid="cpu"]').text()).toBe('1')
    expect(cat.get('[data-testid="cpu"]').attributes('title')).toBe('Running on CPU 1.')
    expect(cat.get('[data-testid="min-flt"]').text()).toBe('212+16')
    expect(cat.get('[data-testid="maj-flt"]').text()).toBe('3')
    expect(cat.get('[data-testid="maj-flt"]').classes()).not.toContain('changed')

    // A kernel thread has no mm: it shows the active_mm it borrows, named by its owner.
    const kswapd = w.find('tr[data-pid="17"]')
    expect(kswapd.classes()).toContain('kthread')
    expect(kswapd.find('.comm').text()).toBe('[kswapd0]')
    expect(kswapd.find('.mm').text()).toBe('—active_mm: p1')
    expect(kswapd.find('.mm').attributes('title')).toBe('A kernel thread has no mm; it runs on a borrowed one, active_mm 0xffff888004a3c000.')
    expect(kswapd.find('[data-testid="vmsize"]').text()).toBe('')

    // init is new since the last command; p2 exited and fades out.
    expect(w.find('tr[data-pid="1"]').find('[data-testid="process-new"]').exists()).toBe(true)
    const gone = w.find('tr.gone')
    expect(gone.attributes('data-pid')).toBe('500')
    expect(gone.text()).toContain('exited')
    expect(w.find('[data-testid="processes-empty"]').exists()).toBe(false)
  })

  it('makes a clicked process current through engine.select, keeping the marks of the last command', async () => {
    const engine = useEngineStore()
    engine.snapshot = { seq: 4, processes: catProcesses() }
    engine.previousProcesses = catProcesses({ mapCount: 24 })
    const bridge = fakeBridge((method, params) => {
      if (method !== 'engine.select') throw new Error(method)
      const { pid } = params as { pid: number }
      if (pid === 2) throw new BridgeError('invalid-params', 'pid 2 is a kernel thread: it has no address space')
      // The engine publishes the snapshot where the current process follows, with the same seq.
      engine.receive({ seq: 4, processes: { ...catProcesses(), current: pid } })
      return { current: pid }
    })
    engine.bridge = bridge
    const w = mountPane()

    // The current process: nothing to do.
    await w.get(`tr[data-pid="${CAT_PID}"]`).trigger('click')
    expect(bridge.calls).toEqual([])

    await w.get('tr[data-pid="1"]').trigger('click')
    await flushPromises()
    expect(bridge.calls).toEqual([['engine.select', { pid: 1 }]])
    expect(w.get('tr[data-pid="1"]').classes()).toContain('current')
    expect(w.get(`tr[data-pid="${CAT_PID}"]`).classes()).not.toContain('current')
    // Picking a process is not a command: Δ still shows what the last command did.
    expect(w.get(`tr[data-pid="${CAT_PID}"] [data-testid="map-count"]`).text()).toBe('25+1')

    // Keyboard works too, and the engine's refusal is shown, not swallowed.
    await w.get('tr[data-pid="2"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(bridge.calls.at(-1)).toEqual(['engine.select', { pid: 2 }])
    expect(w.get('[role="alert"]').text()).toContain('has no address space')
    expect(w.get('tr[data-pid="1"]').classes()).toContain('current')
  })

  it('teaches how to create a process when there is none', () => {
    const engine = useEngineStore()
    engine.snapshot = { seq: 0, processes: { current: null, processes: [] } }
    const w = mountPane()
    expect(w.find('table').exists()).toBe(false)
    expect(w.get('[data-testid="processes-empty"]').text()).toBe('No process yet: spawn p1 in the console creates one.')
    expect(w.get('[data-testid="processes-empty"] code').text()).toBe('spawn p1')

    // Only kernel threads: still no process of the student's, and the hint stays (in Chinese too).
    engine.snapshot = { seq: 0, processes: { current: null, processes: catProcesses().processes.filter((p) => p.pid === 2) } }
    const zh = mountPane('zh-CN')
    expect(zh.findAll('tbody tr')).toHaveLength(1)
    expect(zh.get('[data-testid="processes-empty"]').text()).toBe('还没有进程：在控制台输入 spawn p1 创建一个。')
  })
})

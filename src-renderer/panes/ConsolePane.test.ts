import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ExecResult } from '@shared/ipc/contract'
import type { CommandResult } from '@shared/model/result'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { fakeBridge } from '../testing/fakeBridge'
import ConsolePane from './ConsolePane.vue'

function result(command: string, r: Partial<CommandResult>): ExecResult {
  return { seq: 1, result: { line: 1, command, ok: true, result: null, errno: null, output: '', ...r } }
}

describe('ConsolePane', () => {
  let bridge: ReturnType<typeof fakeBridge>

  beforeEach(async () => {
    setActivePinia(createPinia())
    bridge = fakeBridge((method, params) => {
      if (method === 'engine.execScript') {
        return {
          seq: 2,
          status: 'cancelled',
          exitCode: 0,
          results: [result('cat /proc/meminfo', { output: 'MemTotal:         477388 kB\n' }).result]
        }
      }
      if (method !== 'engine.exec') return { seq: 0 }
      const line = (params as { line: string }).line
      if (line === 'cat /proc/meminfo') return result(line, { output: 'MemTotal:         477388 kB\n' })
      return result(line, {
        ok: false,
        output: `line 1:1: unknown command '${line.split(' ')[0]}'`,
        diagnostic: { kind: 'syntax', line: 1, col: 1, message: 'unknown command' }
      })
    })
    useEngineStore().bridge = bridge
  })

  function mountPane() {
    return mount(ConsolePane, { global: { plugins: [createAppI18n('en')] }, attachTo: document.body })
  }

  async function type(w: ReturnType<typeof mountPane>, line: string) {
    const input = w.find('input')
    await input.setValue(line)
    await w.find('form').trigger('submit')
    await flushPromises()
  }

  it('runs a line and shows what the kernel printed', async () => {
    const w = mountPane()
    await type(w, 'cat /proc/meminfo')
    expect(bridge.calls).toContainEqual(['engine.exec', { line: 'cat /proc/meminfo' }])
    const entries = w.findAll('.entry')
    expect(entries.at(-2)!.classes()).toContain('input')
    expect(entries.at(-1)!.text()).toBe('MemTotal:         477388 kB')
    expect(w.find('input').element.value).toBe('')
  })

  it('keeps each answer under its own line when lines are typed faster than the engine answers', async () => {
    // The first answer is held back until the second line has been typed.
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    useEngineStore().bridge = fakeBridge(async (method, params) => {
      const line = (params as { line: string }).line
      if (line === 'cat /proc/meminfo') {
        await held
        return result(line, { output: 'MemTotal:         477388 kB\n' })
      }
      return result(line, { output: 'second' })
    })
    const w = mountPane()
    const input = w.find('input')
    await input.setValue('cat /proc/meminfo')
    await w.find('form').trigger('submit')
    await input.setValue('echo 2')
    await w.find('form').trigger('submit')
    await flushPromises()
    release()
    await flushPromises()
    const texts = w.findAll('.entry').slice(-4).map((e) => e.text())
    expect(texts).toEqual(['vml>cat /proc/meminfo', 'MemTotal:         477388 kB', 'vml>echo 2', 'second'])
  })

  it('shows errors in red with line and column', async () => {
    const w = mountPane()
    await type(w, 'frob 1')
    const last = w.findAll('.entry').at(-1)!
    expect(last.classes()).toContain('error')
    expect(last.text()).toBe("line 1:1: unknown command 'frob'")
  })

  it('walks the history with ↑ and ↓, keeping the draft', async () => {
    const w = mountPane()
    await type(w, 'cat /proc/meminfo')
    await type(w, 'frob 1')
    const input = w.find('input')
    await input.setValue('draft')
    await input.trigger('keydown', { key: 'ArrowUp' })
    expect(input.element.value).toBe('frob 1')
    await input.trigger('keydown', { key: 'ArrowUp' })
    expect(input.element.value).toBe('cat /proc/meminfo')
    await input.trigger('keydown', { key: 'ArrowUp' })
    expect(input.element.value).toBe('cat /proc/meminfo')
    await input.trigger('keydown', { key: 'ArrowDown' })
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(input.element.value).toBe('draft')
  })

  it('completes command names with Tab, after a binding too', async () => {
    const w = mountPane()
    const input = w.find('input')
    await input.setValue('ca')
    await input.trigger('keydown', { key: 'Tab' })
    expect(input.element.value).toBe('cat ')
    await input.setValue('x = he')
    await input.trigger('keydown', { key: 'Tab' })
    expect(input.element.value).toBe('x = help ')
    await input.setValue('zz')
    await input.trigger('keydown', { key: 'Tab' })
    expect(w.find('.hint').text()).toBe('No command starts with “zz”.')
  })

  it('runs a paste of several lines as a script, and says when it was cancelled', async () => {
    const w = mountPane()
    const event = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent
    Object.defineProperty(event, 'clipboardData', { value: { getData: () => 'cat /proc/meminfo\ncat /proc/meminfo\n# end\n' } })
    w.find('input').element.dispatchEvent(event)
    await flushPromises()
    expect(event.defaultPrevented).toBe(true)
    expect(bridge.calls).toContainEqual(['engine.execScript', { text: 'cat /proc/meminfo\ncat /proc/meminfo\n# end\n' }])
    const texts = w.findAll('.entry').map((e) => e.text())
    expect(texts).toContain('Running a script of 2 lines… (Esc cancels)')
    expect(texts.at(-1)).toBe('Cancelled after 1 of 2 lines; what ran stays done.')
  })

  it('clears with Ctrl+L', async () => {
    const w = mountPane()
    await type(w, 'cat /proc/meminfo')
    await w.find('input').trigger('keydown', { key: 'l', ctrlKey: true })
    expect(w.findAll('.entry')).toHaveLength(0)
  })
})

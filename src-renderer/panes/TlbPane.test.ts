import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { TlbView } from '@shared/model/mm'
import { createAppI18n as createTlbI18n } from '../i18n'
import { idleCpu, noPcid, PGD_PFN, tlbBefore, tlbNow, tlbProcesses } from '../components/tlb/tlbFixture'
import { useEngineStore } from '../stores/engine'
import { useSelectionStore } from '../stores/selection'
import TlbPane from './TlbPane.vue'

const mountPane = (locale: 'en' | 'zh-CN' = 'en') => mount(TlbPane, { global: { plugins: [createTlbI18n(locale)] }, attachTo: document.body })
type W = ReturnType<typeof mountPane>

/** The pane after a command: `before` was published by the command before, `now` by the last one. */
async function show(now: TlbView | undefined, before: TlbView | null = null, locale: 'en' | 'zh-CN' = 'en'): Promise<W> {
  const engine = useEngineStore()
  if (before) engine.receive({ seq: 41, tlb: before, processes: tlbProcesses() })
  const w = mountPane(locale)
  engine.receive({ seq: 42, ...(now ? { tlb: now } : {}), processes: tlbProcesses() })
  await nextTick()
  return w
}

const card = (w: W, cpu: number) => w.get(`article[data-cpu="${cpu}"]`)
const grid = (w: W, cpu: number, array: string) => card(w, cpu).get(`section[data-array="${array}"]`)
const way = (w: W, cpu: number, array: string, set: number, wayNo: number) => grid(w, cpu, array).get(`tr[data-set="${set}"] td[data-way="${wayNo}"]`)
const counter = (w: W, cpu: number, key: string) =>
  card(w, cpu)
    .get(`tr[data-counter="${key}"]`)
    .findAll('td')
    .map((c) => c.text())

describe('TlbPane', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    document.body.innerHTML = ''
  })

  it('heads each CPU with what it runs, CR3 and whose page tables they are, the ASID, and lazy mode', async () => {
    const w = await show(tlbNow(), tlbBefore())
    expect(w.get('[data-testid="tlb-summary"]').text()).toBe('2 CPUs · PCID on · PTI on · last command: lookups 1 · walks 1 · flushes 2 · IPIs 0')

    const c0 = card(w, 0).get('[data-testid="tlb-cpu-head"]')
    expect(c0.get('h3').text()).toBe('CPU 0')
    expect(c0.get('[data-testid="tlb-task"]').text()).toBe('p1 · cat (pid 1)')
    expect(c0.get('[data-testid="tlb-cr3"]').text()).toBe(`CR3 pfn ${PGD_PFN} p1’s page tables`)
    expect(c0.get('[data-testid="tlb-cr3"] button').attributes('title')).toContain(`user copy at pfn ${PGD_PFN + 1}`)
    expect(c0.get('[data-testid="tlb-asid"]').text()).toBe('ASID 1 (PCID 2 / 2050)')
    expect(c0.find('[data-testid="tlb-lazy"]').exists()).toBe(false)

    // CPU 1: a kernel thread on p1's page tables, lazily; the badge explains, a line teaches.
    const c1 = card(w, 1).get('[data-testid="tlb-cpu-head"]')
    expect(c1.get('[data-testid="tlb-task"]').text()).toBe('[k1] (pid 2) kernel thread')
    expect(c1.get('[data-testid="tlb-cr3"]').text()).toBe(`CR3 pfn ${PGD_PFN} p1’s page tables`)
    const lazy = c1.get('[data-testid="tlb-lazy"]')
    expect(lazy.text()).toBe('lazy TLB')
    expect(lazy.attributes('title')).toContain('enter_lazy_tlb()')
    expect(card(w, 1).get('[data-testid="tlb-lazy-note"]').text()).toBe('k1 borrows the page tables of p1: the entries below are p1’s and may go stale; switching back to p1 flushes them if its tlb_gen moved on.')
    // Nothing in the headers changed with the last command.
    expect(w.findAll('.cpu-head .moved')).toHaveLength(0)
  })

  it('counts lookups with their hit rates and what the last command added', async () => {
    const w = await show(tlbNow(), tlbBefore())
    expect(counter(w, 0, 'lookups')).toEqual(['15', '', '+1'])
    expect(counter(w, 0, 'l1Hits')).toEqual(['4', '26.7%', ''])
    expect(counter(w, 0, 'stlbHits')).toEqual(['0', '0%', ''])
    expect(counter(w, 0, 'misses')).toEqual(['11', '73.3%', '+1'])
    expect(counter(w, 0, 'walks')).toEqual(['11', '', '+1'])
    expect(counter(w, 0, 'fullFlushes')).toEqual(['4', ''])
    expect(counter(w, 0, 'pageFlushes')).toEqual(['2', '+2'])
    expect(counter(w, 0, 'ipisSent')).toEqual(['0', ''])
    expect(counter(w, 0, 'contextSwitches')).toEqual(['3', ''])
    // The Δ of a share says how the last command's own lookups went.
    expect(card(w, 0).get('tr[data-counter="misses"] td.delta').attributes('title')).toBe('The last command: 1 of 1 lookups (100%)')
    expect(card(w, 0).get('tr[data-counter="pageFlushes"]').classes()).toContain('changed')
    expect(card(w, 0).get('tr[data-counter="fullFlushes"]').classes()).not.toContain('changed')
    // CPU 1 did nothing: no Δ anywhere; with no lookup yet a share reads "—".
    expect(card(w, 1).findAll('tr.changed')).toHaveLength(0)
    expect(counter(w, 1, 'l1Hits')).toEqual(['0', '0%', ''])
  })

  it('lists the ASID slots with PCID: owner, ctx_id, tlb_gen, the loaded one, and a lazy CPU left behind', async () => {
    const w = await show(tlbNow(), tlbBefore())
    const rows = card(w, 0).findAll('[data-testid="tlb-asids"] tbody tr')
    expect(rows.map((r) => r.findAll('td').slice(0, 5).map((c) => c.text()))).toEqual([
      ['0', '1 / 2049', 'init_mm', '1', '0'],
      ['1', '2 / 2050', 'p1', '2', '11'],
      ['2', '3 / 2051', 'p2', '3', '10'],
      ['3', '4 / 2052', 'free', '', ''],
      ['4', '5 / 2053', 'free', '', ''],
      ['5', '6 / 2054', 'free', '', '']
    ])
    expect(rows[1]!.attributes('aria-current')).toBe('true')
    expect(rows[1]!.text()).toContain('loaded')
    // The munmap bumped p1's tlb_gen on CPU 0.
    expect(rows[1]!.classes()).toContain('changed')
    expect(card(w, 0).find('[data-testid="tlb-behind"]').exists()).toBe(false)
    // CPU 1, lazy, got no IPI: its slot for p1 is behind CPU 0's, its entry for the unmapped page stale.
    const behind = card(w, 1).get('tr[data-slot="1"] [data-testid="tlb-behind"]')
    expect(behind.text()).toBe('behind')
    expect(behind.attributes('title')).toBe('Flushed up to tlb_gen 10, but CPU 0 has flushed this mm up to 11: entries here may be stale. switch_mm_irqs_off() flushes them before the mm runs here again.')
    expect(card(w, 1).get('tr[data-slot="1"] .loaded-badge').attributes('title')).toContain('lazily')
    expect(way(w, 1, 'l1', 3, 0).attributes('data-state')).toBe('kept')
  })

  it('has no ASID slots and no PCID tags without PCID, and says why', async () => {
    const w = await show(noPcid(tlbNow()), noPcid(tlbBefore()))
    expect(w.get('[data-testid="tlb-pcid"]').text()).toBe('no PCID')
    expect(w.find('[data-testid="tlb-asids"]').exists()).toBe(false)
    const note = card(w, 0).get('[data-testid="tlb-no-pcid"]')
    expect(note.text()).toContain('Every CR3 load empties the TLB')
    expect(note.get('code').text()).toBe('machine pcid=on')
    expect(card(w, 0).get('[data-testid="tlb-asid"]').text()).toBe('ASID 0')
    expect(w.findAll('.pcid')).toHaveLength(0)
    // p2's entries went with the switch to p1: only p1's are left.
    expect(grid(w, 0, 'l1').find('tr[data-set="14"]').exists()).toBe(false)
    expect(way(w, 0, 'l1', 2, 1).attributes('title')).toContain('no PCID (tag 0) · p1')
  })

  it('draws each array set by set: full and empty ways, new, evicted and flushed entries, other ASIDs', async () => {
    const w = await show(tlbNow(), tlbBefore())
    const l1 = grid(w, 0, 'l1')
    expect(l1.get('h4').text()).toBe('L1 dTLB · 4 KiB')
    expect(l1.get('[data-testid="tlb-used"]').text()).toBe('8/64+1−2')
    // Used sets only, runs of empty sets folded.
    expect(l1.findAll('tbody tr').map((r) => r.attributes('data-set') ?? `gap ${r.attributes('data-gap')}`)).toEqual(['gap 0-1', '2', '3', '4', '5', 'gap 6-13', '14', '15'])
    expect(l1.get('tr[data-gap="6-13"]').text()).toBe('sets 6–13: empty (8)')

    // Set 2 is full; the fill of 0x7ffff7cb2000 took way 1 from 0x7ffff7c82000.
    expect(l1.get('tr[data-set="2"]').classes()).toContain('full')
    const fresh = way(w, 0, 'l1', 2, 1)
    expect(fresh.attributes('data-state')).toBe('new')
    expect(fresh.classes()).toContain('new')
    expect(fresh.get('.vpn').text()).toBe('7ffff7cb2')
    expect(fresh.get('.flags').text()).toBe('W NX D')
    expect(fresh.get('.pcid').text()).toBe('2050')
    expect(fresh.attributes('title')).toBe(
      [
        'CPU 0 · L1 dTLB · 4 KiB · set 2 · way 1',
        'page 0x7fff_f7cb_2000 (4 KiB)',
        'frame pfn 12278 (0x2ff6)',
        'PCID 2050: ASID 1, user mode · p1',
        'W writable · NX no execute · D dirty',
        'new, evicting 0x7fff_f7c8_2000'
      ].join('\n')
    )
    // The zero page, read only: NX alone.
    expect(way(w, 0, 'l1', 2, 0).get('.flags').text()).toBe('NX')
    expect(way(w, 0, 'l1', 2, 0).attributes('data-state')).toBe('kept')

    // The unmapped page stays one command, faded; the rest of its set is visibly empty.
    const gone = way(w, 0, 'l1', 3, 0)
    expect(gone.attributes('data-state')).toBe('gone')
    expect(gone.text()).toContain('7ffff7c73')
    expect(gone.attributes('title')).toContain('flushed or evicted by the last command')
    for (const n of [1, 2, 3]) {
      const empty = way(w, 0, 'l1', 3, n)
      expect(empty.classes()).toContain('empty')
      expect(empty.text()).toBe('·')
      expect(empty.attributes('tabindex')).toBeUndefined()
    }

    // p2's entries survive under ASID 2 but are not usable while p1's ASID is loaded.
    const p2 = way(w, 0, 'l1', 14, 0)
    expect(p2.classes()).toContain('other')
    expect(p2.get('.pcid').text()).toBe('2051')
    expect(p2.attributes('title')).toContain('ASID 2 is not loaded: kept for p2, unused until it runs here again')

    // No 2 MiB page: the array says so instead of drawing dots.
    expect(grid(w, 0, 'l1Huge').get('[data-testid="tlb-array-empty"]').text()).toContain('only 2 MiB pages fill this array')
  })

  it('keeps the 128 × 12 STLB readable: only used sets, all of them on demand', async () => {
    const w = await show(tlbNow(), tlbBefore())
    const stlb = () => grid(w, 0, 'stlb')
    const sets = () => stlb().findAll('tbody tr[data-set]').map((r) => Number(r.attributes('data-set')))
    expect(sets()).toEqual([2, 18, 34, 50, 110, 111, 114, 115, 116, 117])
    expect(stlb().get('[data-testid="tlb-used"]').text()).toBe('10/1536+1−1')
    expect(stlb().findAll('thead th')).toHaveLength(13)
    expect(way(w, 0, 'stlb', 50, 0).attributes('data-state')).toBe('new')
    expect(way(w, 0, 'stlb', 115, 0).attributes('data-state')).toBe('gone')
    expect(stlb().findAll('tr[data-set="114"] td.empty')).toHaveLength(10)

    const fold = stlb().get('[data-testid="tlb-fold"]')
    expect(fold.text()).toBe('all 128 sets')
    await fold.trigger('click')
    expect(sets()).toHaveLength(128)
    expect(stlb().findAll('tr.gap')).toHaveLength(0)
    expect(stlb().get('[data-testid="tlb-fold"]').text()).toBe('used sets only')
    await stlb().get('[data-testid="tlb-fold"]').trigger('click')
    expect(sets()).toHaveLength(10)
  })

  it('shows every field of the hovered entry, pins on click, walks its address, and Esc clears', async () => {
    const w = await show(tlbNow(), tlbBefore())
    const selection = useSelectionStore()
    const detail = () => card(w, 0).get('[data-testid="tlb-detail"]')
    expect(detail().text()).toBe('Hover a way for every field of its entry; click pins it, Esc clears.')

    await way(w, 0, 'stlb', 50, 0).trigger('mouseenter')
    expect(detail().text()).toContain('STLB · set 50 · way 0 · new since the last command')
    expect(detail().text()).toContain('page 0x7fff_f7cb_2000 (4 KiB)')
    expect(detail().text()).toContain('frame pfn 12278 (0x2ff6)')
    expect(way(w, 0, 'stlb', 50, 0).classes()).toContain('focus')
    await way(w, 0, 'stlb', 50, 0).trigger('mouseleave')
    expect(detail().text()).toContain('Hover a way')

    // Click pins: the detail stays after the pointer leaves, the address becomes the selection,
    // and every way that translates it for p1 lights up — on CPU 1 too.
    await way(w, 0, 'l1', 2, 1).trigger('click')
    expect(way(w, 0, 'l1', 2, 1).classes()).toContain('pinned')
    expect(detail().text()).toContain('set 2 · way 1')
    expect(selection.va).toEqual({ pid: 1, addr: '0x7ffff7cb2000' })
    expect(w.findAll('td.lit').map((c) => `${c.element.closest('article')!.getAttribute('data-cpu')} ${c.element.closest('section')!.getAttribute('data-array')} ${c.attributes('data-way')}`)).toEqual(['0 l1 1', '0 stlb 0'])

    selection.va = { pid: 1, addr: '0x7ffff7c72abc' }
    await nextTick()
    expect(w.findAll('article[data-cpu="1"] td.lit').map((c) => c.element.closest('section')!.getAttribute('data-array'))).toEqual(['l1', 'stlb'])
    expect(w.findAll('article[data-cpu="0"] td.lit').map((c) => c.element.closest('tr')!.getAttribute('data-set'))).toEqual(['114'])
    // Another process's address lights nothing of p1's.
    selection.va = { pid: 3, addr: '0x7ffff7c72abc' }
    await nextTick()
    expect(w.findAll('td.lit')).toHaveLength(0)

    // The pinned entry's × unpins it; Esc does too.
    await detail().get('button.x').trigger('click')
    expect(w.findAll('td.pinned')).toHaveLength(0)
    await way(w, 1, 'l1', 3, 0).trigger('click')
    expect(card(w, 1).get('[data-testid="tlb-detail"]').text()).toContain('PCID 2050: ASID 1, user mode · p1')
    await w.get('section.tlb-pane').trigger('keydown', { key: 'Escape' })
    expect(w.findAll('td.pinned')).toHaveLength(0)
    expect(card(w, 1).get('[data-testid="tlb-detail"]').text()).toContain('Hover a way')
  })

  it('lights the PGD CR3 holds and the frame of an entry in the frame map', async () => {
    const w = await show(tlbNow(), tlbBefore())
    const selection = useSelectionStore()
    await card(w, 0).get('[data-testid="tlb-cr3"] button').trigger('click')
    expect(selection.frames).toEqual({ label: 'the PGD in CR3 of CPU 0', ranges: [[PGD_PFN, PGD_PFN + 1]] })
    expect(selection.pinnedPfn).toBe(PGD_PFN)
    await way(w, 0, 'l1', 2, 0).trigger('click')
    await card(w, 0).get('[data-testid="tlb-detail"] button.light').trigger('click')
    expect(selection.frames).toEqual({ label: 'frame 15154, cached in the TLB of CPU 0', ranges: [[15154, 15155]] })
  })

  it('marks what a command changed in a header: a context switch to another task', async () => {
    const before = tlbBefore()
    const now = tlbNow()
    // `run idle cpu=1`: the idle task is a kernel thread too, so CPU 1 stays lazy on p1's mm.
    now.cpus[1]!.current = null
    now.cpus[1]!.counters.contextSwitches = 3
    const w = await show(now, before)
    const head = card(w, 1).get('[data-testid="tlb-cpu-head"]')
    expect(head.get('[data-testid="tlb-task"]').text()).toBe('idle (swapper/1)')
    expect(head.get('[data-testid="tlb-task"]').classes()).toContain('moved')
    expect(counter(w, 1, 'contextSwitches')).toEqual(['3', '+1'])
  })

  it('teaches when there is nothing to show: no CPUs yet, a CPU no process has run on', async () => {
    const empty = await show(undefined)
    expect(empty.get('[data-testid="tlb-empty"]').text()).toBe(
      'No CPU to show yet. Each CPU’s TLB appears here once the machine has booted: machine cpus=2 boots one with two CPUs, and run p1 cpu=1 switches CPU 1 to a process.'
    )
    expect(empty.findAll('[data-testid="tlb-empty"] code').map((c) => c.text())).toEqual(['machine cpus=2', 'run p1 cpu=1'])
    empty.unmount()

    setActivePinia(createPinia())
    const v = tlbNow()
    v.cpus[1] = idleCpu(1)
    const w = await show(v)
    const head = card(w, 1).get('[data-testid="tlb-cpu-head"]')
    expect(head.get('[data-testid="tlb-task"]').text()).toBe('idle (swapper/1)')
    expect(head.get('[data-testid="tlb-cr3"]').text()).toBe('CR3 pfn 12292 init_mm (kernel only)')
    const fresh = card(w, 1).get('[data-testid="tlb-cpu-fresh"]')
    expect(fresh.text()).toBe('No user process has run on this CPU yet: CR3 holds init_mm and the TLB is empty. run p1 cpu=1 switches this CPU to p1.')
    expect(card(w, 1).find('[data-testid="tlb-counters"]').exists()).toBe(false)
    expect(card(w, 1).find('section[data-array]').exists()).toBe(false)
    // The first snapshot has no before: nothing is marked new.
    expect(w.findAll('td.new, td.gone, .delta:not(:empty)')).toHaveLength(0)
  })

  it('stays usable with many CPUs: a row each, cards for the busy ones, more on demand', async () => {
    const v = tlbNow()
    v.cpus.push(...Array.from({ length: 14 }, (_, i) => idleCpu(i + 2)))
    const w = await show(v)
    const overview = w.get('[data-testid="tlb-overview"]')
    expect(overview.findAll('tbody tr')).toHaveLength(16)
    expect(overview.get('tr[data-cpu="1"]').text()).toContain('lazy TLB')
    expect(w.findAll('article[data-cpu]').map((a) => a.attributes('data-cpu'))).toEqual(['0', '1'])
    await overview.get('tr[data-cpu="9"]').trigger('click')
    expect(w.findAll('article[data-cpu]').map((a) => a.attributes('data-cpu'))).toEqual(['0', '1', '9'])
    await overview.get('tr[data-cpu="0"] input').trigger('click')
    expect(w.findAll('article[data-cpu]').map((a) => a.attributes('data-cpu'))).toEqual(['1', '9'])
    expect(w.get('[data-testid="tlb-summary"]').text()).toContain('16 CPUs')
  })

  it('speaks Chinese with the glossary’s words', async () => {
    const v = tlbNow()
    v.cpus.push(idleCpu(2))
    const w = await show(v, null, 'zh-CN')
    expect(card(w, 1).get('[data-testid="tlb-lazy"]').text()).toBe('惰性 TLB')
    expect(card(w, 1).get('[data-testid="tlb-task"]').text()).toBe('[k1] (pid 2) 内核线程')
    expect(card(w, 0).get('[data-testid="tlb-cr3"]').text()).toBe(`CR3 pfn ${PGD_PFN} p1 的页表`)
    expect(card(w, 0).get('tr[data-counter="walks"] th').text()).toBe('页表遍历')
    expect(card(w, 0).get('tr[data-counter="contextSwitches"] th').text()).toBe('上下文切换')
    expect(card(w, 2).get('[data-testid="tlb-task"]').text()).toBe('空闲（swapper/2）')
    expect(card(w, 2).get('[data-testid="tlb-cpu-fresh"]').text()).toContain('还没有用户进程在这个 CPU 上运行过')
    expect(w.get('[data-testid="tlb-summary"]').text()).toContain('3 个 CPU')
  })
})

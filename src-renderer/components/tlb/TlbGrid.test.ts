import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CpuView, TlbArrayView, TlbEntryView } from '@shared/model/mm'
import { createAppI18n as createTlbI18n } from '../../i18n'
import { tlbBefore, tlbNow } from './tlbFixture'
import type { ArrayName, Cell } from './tlbModel'
import TlbGrid from './TlbGrid.vue'

interface Props {
  name: ArrayName
  array: TlbArrayView
  before: TlbArrayView | null
  cpu: CpuView
  pcid: boolean
  focus: string | null
  pinned: string | null
  lit: ReadonlySet<string>
}

function mountGrid(over: Partial<Props> = {}, locale: 'en' | 'zh-CN' = 'en') {
  const cpu = tlbNow().cpus[0]!
  const props: Props = { name: 'l1', array: cpu.l1, before: tlbBefore().cpus[0]!.l1, cpu, pcid: true, focus: null, pinned: null, lit: new Set(), ...over }
  return mount(TlbGrid, { props, global: { plugins: [createTlbI18n(locale)] } })
}
type W = ReturnType<typeof mountGrid>
const cell = (w: W, set: number, way: number) => w.get(`tr[data-set="${set}"] td[data-way="${way}"]`)

describe('TlbGrid', () => {
  it('draws a 2 MiB entry with its 2M mark, and says so in the tooltip', () => {
    const huge: TlbEntryView = { set: 7, way: 2, va: '0x7ffff7e00000', pcid: 2050, huge: true, pfn: 30720, writable: true, nx: true, dirty: false }
    const cpu = { ...tlbNow().cpus[0]!, l1Huge: { sets: 8, ways: 4, entries: [huge] } }
    const w = mountGrid({ name: 'l1Huge', cpu, array: cpu.l1Huge, before: { sets: 8, ways: 4, entries: [] } })
    expect(w.get('h4').text()).toBe('L1 dTLB · 2 MiB')
    expect(w.get('.head').text()).toContain('8 sets × 4 ways')
    expect(w.findAll('tbody tr').map((r) => r.attributes('data-set') ?? 'gap')).toEqual(['gap', '7'])
    const c = cell(w, 7, 2)
    expect(c.get('.vpn').text()).toBe('7ffff7e00')
    expect(c.get('.flags').text()).toBe('W NX 2M')
    expect(c.attributes('title')).toContain('page 0x7fff_f7e0_0000 (2 MiB)')
    expect(c.attributes('title')).toContain('W writable · NX no execute · clean · 2M: a 2 MiB page')
    expect(c.attributes('data-state')).toBe('new')
    expect(w.get('[data-testid="tlb-used"]').text()).toBe('1/32+1')
    // Set 7's other ways are empty, and say so when hovered.
    expect(cell(w, 7, 0).attributes('title')).toBe('Set 7, way 0: empty')
  })

  it('marks a refill with new bits as changed, not new', () => {
    const before = tlbBefore().cpus[0]!.l1
    const clean = { ...before, entries: before.entries.map((e) => (e.set === 4 ? { ...e, dirty: false } : e)) }
    const w = mountGrid({ before: clean })
    expect(cell(w, 4, 0).attributes('data-state')).toBe('changed')
    expect(cell(w, 4, 0).attributes('title')).toContain('refilled with new bits by the last command')
  })

  it('emits hover and pick for ways that hold or held an entry, and shows focus, pin and the selected address', async () => {
    const w = mountGrid({ focus: '2/1', pinned: '4/0', lit: new Set(['5/0']) })
    expect(cell(w, 2, 1).classes()).toContain('focus')
    expect(cell(w, 4, 0).classes()).toContain('pinned')
    expect(cell(w, 5, 0).classes()).toContain('lit')

    await cell(w, 2, 1).trigger('mouseenter')
    await cell(w, 3, 0).trigger('click')
    await cell(w, 3, 0).trigger('keydown', { key: 'Enter' })
    await cell(w, 3, 1).trigger('mouseenter')
    await cell(w, 3, 1).trigger('click')
    const hovers = w.emitted('hover')!.map(([c]) => (c ? `${(c as Cell).set}/${(c as Cell).way} ${(c as Cell).state}` : null))
    expect(hovers).toEqual(['2/1 new', null])
    expect(w.emitted('pick')!.map(([c]) => `${(c as Cell).set}/${(c as Cell).way} ${(c as Cell).state}`)).toEqual(['3/0 gone', '3/0 gone'])
    expect(cell(w, 3, 0).attributes('tabindex')).toBe('0')
    expect(cell(w, 3, 1).attributes('tabindex')).toBeUndefined()
  })

  it('folds the empty sets of an L1 too, and unfolds all of them on demand', async () => {
    const w = mountGrid()
    expect(w.findAll('tbody tr[data-set]')).toHaveLength(6)
    await w.get('[data-testid="tlb-fold"]').trigger('click')
    expect(w.findAll('tbody tr[data-set]')).toHaveLength(16)
    expect(w.get('[data-testid="tlb-fold"]').attributes('aria-pressed')).toBe('true')
  })

  it('says an empty array is empty instead of drawing dots, until asked for every set', async () => {
    const cpu = tlbNow().cpus[0]!
    const w = mountGrid({ name: 'stlb', array: { sets: 128, ways: 12, entries: [] }, before: null, cpu })
    expect(w.get('[data-testid="tlb-array-empty"]').text()).toBe('Empty: no translation cached.')
    expect(w.find('table').exists()).toBe(false)
    await w.get('[data-testid="tlb-fold"]').trigger('click')
    expect(w.findAll('tbody tr[data-set]')).toHaveLength(128)
    expect(w.findAll('td.empty')).toHaveLength(128 * 12)
    // A 12-way grid may show only the low digits of a page number when narrow.
    expect(w.get('.wrap').classes()).toEqual(expect.arrayContaining(['tall', 'many']))
  })

  it('hides PCID tags without PCID, and speaks Chinese', () => {
    const w = mountGrid({ pcid: false }, 'zh-CN')
    expect(w.findAll('.pcid')).toHaveLength(0)
    expect(w.get('.head').text()).toContain('16 组 × 4 路')
    expect(w.get('tr[data-gap="6-13"]').text()).toBe('第 6–13 组：空（8 组）')
    expect(cell(w, 3, 0).attributes('title')).toContain('被上一条命令刷新或逐出')
  })
})

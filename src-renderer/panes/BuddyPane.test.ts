import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BuddyView, BuddyZoneView } from '@shared/model/snapshot'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { useSelectionStore } from '../stores/selection'
import BuddyPane from './BuddyPane.vue'

function zone(name: string, nrFree: number[], pcpCount = 0): BuddyZoneView {
  const byType = [new Array(11).fill(0), [...nrFree], new Array(11).fill(0), new Array(11).fill(0), new Array(11).fill(0)]
  return {
    name,
    start_pfn: name === 'DMA' ? 1 : 4096,
    end_pfn: name === 'DMA' ? 4096 : 65536,
    managed: 60000,
    free: nrFree.reduce((n, c, o) => n + (c << o), 0),
    min: 400,
    low: 500,
    high: 600,
    nr_free: nrFree,
    by_type: byType,
    blocks: [1, 119, 0, 0, 0],
    pcp: [
      { cpu: 0, count: pcpCount, high: 300, batch: 15, high_min: 290, high_max: 1700, lists: [{ order: 0, pages: [0, pcpCount, 0] }] },
      { cpu: 1, count: 0, high: 0, batch: 15, high_min: 290, high_max: 1700, lists: [] }
    ]
  }
}

describe('BuddyPane', () => {
  beforeEach(() => setActivePinia(createPinia()))

  function mountWith(before: BuddyView | null, now: BuddyView, locale: 'en' | 'zh-CN' = 'en') {
    const engine = useEngineStore()
    engine.snapshot = { seq: 2, buddy: now }
    engine.previousBuddy = before
    return mount(BuddyPane, { global: { plugins: [createAppI18n(locale)] } })
  }

  it('shows free_area[order].nr_free per zone, split by migratetype, as buddyinfo does', () => {
    const w = mountWith(null, { zones: [zone('DMA', [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3]), zone('DMA32', [5, 5, 1, 4, 4, 3, 4, 6, 4, 2, 46], 363)] })
    const dma32 = w.find('article[data-zone="DMA32"]')
    expect(dma32.findAll('tr.total td').map((c) => c.text())).toEqual(['5', '5', '1', '4', '4', '3', '4', '6', '4', '2', '46'])
    const movable = dma32.findAll('tbody tr').find((r) => r.text().startsWith('Movable'))!
    expect(movable.findAll('td').map((c) => c.text())).toEqual(['5', '5', '1', '4', '4', '3', '4', '6', '4', '2', '46'])
    expect(dma32.find('[data-cpu="0"] [data-testid="pcp-count"]').text()).toBe('363')
    expect(dma32.text()).toContain('min 400 · low 500 · high 600')
    // The histogram: one column per order.
    expect(dma32.findAll('.histogram .col')).toHaveLength(11)
  })

  it('marks what the last command changed, with its delta', () => {
    const before = { zones: [zone('DMA32', [5, 5, 1, 4, 4, 3, 4, 6, 4, 2, 46])] }
    const now = { zones: [zone('DMA32', [5, 5, 1, 4, 4, 3, 4, 6, 4, 2, 45], 7)] }
    const w = mountWith(before, now)
    const cells = w.findAll('tr.total td')
    expect(cells[10]!.classes()).toContain('changed')
    expect(cells[10]!.text()).toBe('45−1')
    expect(cells[9]!.classes()).not.toContain('changed')
    const pcp = w.find('[data-cpu="0"] [data-testid="pcp-count"]')
    expect(pcp.classes()).toContain('changed')
    expect(pcp.text()).toBe('7+7')
    expect(w.find('[data-testid="zone-free"]').text()).toContain('−1024')
  })

  it('lights an order in the shared selection when its header is clicked, and clears on a second click', async () => {
    const w = mountWith(null, { zones: [zone('DMA32', [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])] })
    const sel = useSelectionStore()
    await w.findAll('thead button.order')[10]!.trigger('click')
    expect(sel.highlight).toEqual({ zone: 'DMA32', order: 10 })
    expect(w.findAll('tr.total td')[10]!.classes()).toContain('lit')
    await w.findAll('thead button.order')[10]!.trigger('click')
    expect(sel.highlight).toBeNull()
  })

  it('speaks Chinese around untranslated kernel names', () => {
    const w = mountWith(null, { zones: [zone('DMA32', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])] }, 'zh-CN')
    expect(w.text()).toContain('内存区 DMA32')
    expect(w.text()).toContain('每 CPU 页列表')
    expect(w.text()).toContain('nr_free')
  })
})

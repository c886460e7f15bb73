import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SlabCacheView } from '@shared/model/snapshot'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { useSelectionStore } from '../stores/selection'
import SlabPane from './SlabPane.vue'

function cache(name: string, allocated: number, slabs = 1): SlabCacheView {
  return {
    name,
    object_size: 128,
    size: 128,
    align: 128,
    objperslab: 32,
    order: 0,
    active_objs: 32 * slabs,
    num_objs: 32 * slabs,
    num_slabs: slabs,
    allocated,
    reclaimable: false,
    min_partial: 5,
    cpu_partial_slabs: 8,
    slabs: Array.from({ length: slabs }, (_, i) => ({ pfn: 5000 + i, order: 0, objects: 32, inuse: i === 0 ? allocated : 0, bitmap: Array.from({ length: 32 }, (_, j) => (i === 0 && j < allocated ? 1 : 0)), place: i === 0 ? ('cpu' as const) : ('full' as const), cpu: 0 })),
    ranges: Array.from({ length: slabs }, (_, i) => [5000 + i, 5001 + i] as [number, number])
  }
}

describe('SlabPane', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('lists caches with slabs, marks what changed, and shows a selected cache’s slabs lit in the frame map', async () => {
    const engine = useEngineStore()
    engine.previousSlab = { caches: [cache('kmalloc-128', 0, 0), cache('empty', 0, 0)], large: [] }
    engine.snapshot = { seq: 2, slab: { caches: [cache('kmalloc-128', 3), cache('empty', 0, 0)], large: [] } }
    const w = mount(SlabPane, { global: { plugins: [createAppI18n('en')] } })
    const rows = w.findAll('tbody tr')
    expect(rows.map((r) => r.attributes('data-cache'))).toEqual(['kmalloc-128'])
    const allocated = rows[0]!.find('[data-testid="allocated"]')
    expect(allocated.text()).toBe('3+3')
    expect(allocated.classes()).toContain('changed')
    await rows[0]!.trigger('click')
    const detail = w.find('[data-testid="slab-detail"]')
    expect(detail.text()).toContain('CPU slab of cpu 0')
    expect(detail.findAll('.bitmap i.on')).toHaveLength(3)
    expect(useSelectionStore().frames).toEqual({ label: 'slabs of kmalloc-128', ranges: [[5000, 5001]] })
  })
})

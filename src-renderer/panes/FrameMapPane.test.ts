import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { FrameUse } from '@shared/model/frames'
import { NO_ORDER, type FramesView, type PageInfo } from '@shared/model/snapshot'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { useSelectionStore } from '../stores/selection'
import { fakeBridge } from '../testing/fakeBridge'
import FrameMapPane from './FrameMapPane.vue'

function frames(allocated: [number, number] | null): FramesView {
  const n = 4096
  const use = new Uint8Array(n).fill(FrameUse.FREE)
  const order = new Uint8Array(n).fill(10)
  use.fill(FrameUse.RESERVED, 0, 256)
  order.fill(NO_ORDER, 0, 256)
  use.fill(FrameUse.PCP, 256, 300)
  if (allocated) {
    use.fill(FrameUse.ALLOCATED, allocated[0], allocated[1])
    order.fill(NO_ORDER, allocated[0], allocated[1])
  }
  return { maxPfn: n, use, order, migratetype: new Uint8Array(8).fill(1), zones: [{ name: 'DMA', start_pfn: 1, end_pfn: 4096 }] }
}

const page: PageInfo = {
  pfn: 1024,
  phys: 0x400000,
  zone: 'DMA',
  use: FrameUse.FREE,
  flags: [],
  page_type: 'buddy',
  _refcount: 0,
  _mapcount: -1,
  private: 10,
  order: 10,
  mapping: null,
  index: 0,
  compound: null,
  migratetype: 'Movable',
  owner: 'buddy: DMA free_area[10].free_list[Movable], block at pfn 1024'
}

describe('FrameMapPane', () => {
  beforeEach(() => setActivePinia(createPinia()))

  function mountWith(before: FramesView | null, now: FramesView) {
    const engine = useEngineStore()
    engine.bridge = fakeBridge((method) => (method === 'engine.page' ? page : null))
    engine.snapshot = { seq: 3, frames: now }
    engine.previousFrames = before
    return mount(FrameMapPane, { global: { plugins: [createAppI18n('en')] }, attachTo: document.body })
  }

  it('counts frames per legend entry and says how many frames the last command changed', () => {
    const w = mountWith(frames(null), frames([1024, 1032]))
    const pane = w.find('.frames-pane')
    expect(pane.attributes('data-maxpfn')).toBe('4096')
    expect(pane.attributes('data-allocated')).toBe('8')
    expect(pane.attributes('data-changed')).toBe('8')
    expect(w.text()).toContain('8 frames changed by the last command')
    const legend = w.findAll('.legend .entry').map((e) => e.text())
    expect(legend).toContain('· free (buddy) 3,788')
    expect(legend).toContain('p per-CPU list 44')
    expect(legend).toContain('a alloc_pages 8')
    expect(legend).toContain('R reserved / kernel 256')
  })

  it('tells frames that changed use from free frames whose block was split or merged', () => {
    const now = frames([1024, 1032])
    now.order.fill(3, 1032, 1040)
    now.order.fill(4, 1040, 1056)
    const w = mountWith(frames(null), now)
    expect(w.find('.frames-pane').attributes('data-changed')).toBe('8')
    expect(w.text()).toContain('24 free frames in split or merged blocks')
  })

  it('shows the pinned frame’s struct page decoded, and Esc clears the selection', async () => {
    const w = mountWith(null, frames(null))
    const sel = useSelectionStore()
    sel.pin(1024)
    sel.toggleHighlight('DMA', 10)
    await flushPromises()
    const pinned = w.find('[data-testid="frame-pinned"]')
    expect(pinned.text()).toContain('struct page · pfn 1024')
    expect(pinned.text()).toContain('0x400')
    expect(pinned.text()).toContain('0x400000 · DMA')
    expect(pinned.text()).toContain('buddy: DMA free_area[10].free_list[Movable]')
    expect(w.find('[data-testid="highlight-chip"]').text()).toContain('order-10 blocks in DMA')
    await w.find('.frames-pane').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(sel.pinnedPfn).toBeNull()
    expect(sel.highlight).toBeNull()
    expect(w.find('[data-testid="frame-pinned"]').exists()).toBe(false)
  })

  it('goes to a pfn typed in decimal or hex, pinning it, and refuses one past the machine', async () => {
    const w = mountWith(null, frames(null))
    const input = w.find('[data-testid="goto-pfn"]')
    await input.setValue('0x400')
    await w.find('form.goto').trigger('submit')
    await flushPromises()
    expect(useSelectionStore().pinnedPfn).toBe(1024)
    expect(w.find('[data-testid="frame-pinned"]').text()).toContain('struct page · pfn 1024')
    await input.setValue('5000')
    await w.find('form.goto').trigger('submit')
    expect(input.classes()).toContain('bad')
    expect(useSelectionStore().pinnedPfn).toBe(1024)
  })

  it('teaches while waiting for the engine', () => {
    const engine = useEngineStore()
    engine.snapshot = { seq: 0 }
    const w = mount(FrameMapPane, { global: { plugins: [createAppI18n('en')] } })
    expect(w.text()).toContain('Waiting for the engine')
  })
})

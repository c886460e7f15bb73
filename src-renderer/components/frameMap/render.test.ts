import { describe, expect, it } from 'vitest'
import { FrameUse } from '@shared/model/frames'
import { NO_ORDER, type FramesView } from '@shared/model/snapshot'
import { FRAME_STYLES, freeShade, pixel } from './palette'
import { HIGHLIGHT, changedRuns, cellOf, layoutFor, paintFrames, pfnAt, runRects } from './render'

/** 2048 frames: a hole at 0, reserved 1..255, an order-8 free block at 256, an allocated order-3 block at 512, pcp frames at 520..527, free order-9 at 1024, order-10? no: the rest free order 0. */
function view(): FramesView {
  const n = 2048
  const use = new Uint8Array(n).fill(FrameUse.FREE)
  const order = new Uint8Array(n).fill(0)
  use[0] = FrameUse.HOLE
  order[0] = NO_ORDER
  use.fill(FrameUse.RESERVED, 1, 256)
  order.fill(NO_ORDER, 1, 256)
  order.fill(8, 256, 512)
  use.fill(FrameUse.ALLOCATED, 512, 520)
  order.fill(NO_ORDER, 512, 520)
  use.fill(FrameUse.PCP, 520, 528)
  order.fill(3, 520, 528)
  order.fill(9, 1024, 1536)
  return { maxPfn: n, use, order, migratetype: new Uint8Array([0, 1, 1, 2]), zones: [{ name: 'DMA', start_pfn: 1, end_pfn: 2048 }] }
}

const opts = { dark: false, migratetypes: false, highlightOrder: null }

describe('frame map pixels', () => {
  it('colours each frame by its use, free frames by their block order, holes transparent', () => {
    const v = view()
    const l = layoutFor(v.maxPfn, 1)
    const out = new Uint32Array(l.cols * l.rows)
    paintFrames(v, l, out, opts)
    expect(out[0]).toBe(0)
    expect(out[1]).toBe(pixel(FRAME_STYLES[FrameUse.RESERVED]!.light))
    expect(out[300]).toBe(pixel(freeShade(8, false)))
    expect(out[1100]).toBe(pixel(freeShade(9, false)))
    expect(out[600]).toBe(pixel(freeShade(0, false)))
    expect(out[515]).toBe(pixel(FRAME_STYLES[FrameUse.ALLOCATED]!.light))
    expect(out[525]).toBe(pixel(FRAME_STYLES[FrameUse.PCP]!.light))
    // Larger free blocks are lighter (UI.md).
    expect(freeShade(10, false)[0]).toBeGreaterThan(freeShade(0, false)[0])
  })

  it('lights the free blocks of one order and dims the rest', () => {
    const v = view()
    const l = layoutFor(v.maxPfn, 1)
    const out = new Uint32Array(l.cols * l.rows)
    paintFrames(v, l, out, { ...opts, highlightOrder: 8 })
    expect(out[300]).toBe(pixel(HIGHLIGHT))
    expect(out[1100]).not.toBe(pixel(HIGHLIGHT))
    // The rest fades towards the background, opaque; holes stay transparent.
    expect(out[1100]! >>> 24).toBe(255)
    expect(out[1100]! & 0xff).toBeGreaterThan(freeShade(9, false)[0])
    expect(out[0]).toBe(0)
    // In a zone range only.
    paintFrames(v, l, out, { ...opts, highlightOrder: 8, highlightRange: { start: 400, end: 2048 } })
    expect(out[300]).not.toBe(pixel(HIGHLIGHT))
    expect(out[450]).toBe(pixel(HIGHLIGHT))
  })

  it('marks each pageblock with its migratetype at the start of the block', () => {
    const v = view()
    const l = layoutFor(v.maxPfn, 1)
    const out = new Uint32Array(l.cols * l.rows)
    paintFrames(v, l, out, { ...opts, migratetypes: true })
    expect(out[512]).toBe(out[1024])
    expect(out[512]).not.toBe(out[1536])
    expect(out[512 + 8]).toBe(pixel(FRAME_STYLES[FrameUse.PCP]!.light))
    expect(out[0]).toBe(0) // a hole stays a hole
  })

  it('maps pfns to cells and back, in rows of whole pageblocks that fit the viewport', () => {
    expect(layoutFor(65536, 1).cols).toBe(512)
    expect(layoutFor(65536, 1, { w: 2000, h: 200 }).cols).toBe(1024)
    expect(layoutFor(65536, 1, { w: 800, h: 200 }).cols).toBe(512)
    const l = layoutFor(2048, 4)
    expect(cellOf(l, 513)).toEqual({ x: 4, y: 4 })
    expect(pfnAt(l, 5, 6, 2048)).toBe(513)
    expect(pfnAt(l, -1, 0, 2048)).toBe(-1)
    expect(pfnAt(l, 0, l.height + 1, 2048)).toBe(-1)
  })

  it('finds what the last command changed as runs, and splits runs into row rectangles', () => {
    const a = view()
    const b = view()
    b.use.fill(FrameUse.ALLOCATED, 600, 608)
    b.order.fill(NO_ORDER, 600, 608)
    b.order[1500] = 5
    expect(changedRuns(a, b)).toEqual([
      [600, 608],
      [1500, 1501]
    ])
    expect(changedRuns(null, b)).toEqual([])
    // Only frames that changed use (the split or merge of a free block left out).
    expect(changedRuns(a, b, false)).toEqual([[600, 608]])
    const l = layoutFor(2048, 1)
    expect(runRects(l, 500, 530)).toEqual([
      { x: 500, y: 0, w: 12, h: 1 },
      { x: 0, y: 1, w: 18, h: 1 }
    ])
  })
})

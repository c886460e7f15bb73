// The frame map's pixels, DOM-free so that it can be tested and benchmarked: one cell per frame,
// frames in rows of `cols` (pfn = row · cols + col), each cell `cell` pixels square. At 1 px per
// cell a 1 M-frame machine is one ImageData of 1 M pixels, filled in one pass over typed arrays.

import { FrameUse } from '@shared/model/frames'
import { NO_ORDER, PAGEBLOCK_ORDER, type FramesView } from '@shared/model/snapshot'
import { FRAME_STYLES, MIGRATETYPE_COLORS, freeShade, pixel } from './palette'

export interface MapLayout {
  /** Frames per row. */
  cols: number
  rows: number
  /** Pixels per cell side. */
  cell: number
  width: number
  height: number
}

/**
 * Frames per row: a whole number of 2 MiB pageblocks (512 frames, 1024, … 4096), the one that
 * lets the whole map fit a w × h viewport with the biggest cells. Without a viewport: 512.
 */
export function layoutFor(maxPfn: number, cell: number, viewport?: { w: number; h: number }): MapLayout {
  let cols = 1 << PAGEBLOCK_ORDER
  if (viewport && viewport.w > 0 && viewport.h > 0) {
    let best = 0
    for (let c = 1 << PAGEBLOCK_ORDER; c <= 4096; c *= 2) {
      const s = Math.min(viewport.w / c, viewport.h / Math.ceil(maxPfn / c))
      if (s > best * 1.05) {
        best = s
        cols = c
      }
    }
  }
  const rows = Math.max(1, Math.ceil(maxPfn / cols))
  return { cols, rows, cell, width: cols * cell, height: rows * cell }
}

export function cellOf(l: MapLayout, pfn: number): { x: number; y: number } {
  return { x: (pfn % l.cols) * l.cell, y: Math.floor(pfn / l.cols) * l.cell }
}

/** The pfn under map pixel (x, y), or -1 outside the frames. */
export function pfnAt(l: MapLayout, x: number, y: number, maxPfn: number): number {
  if (x < 0 || y < 0 || x >= l.width || y >= l.height) return -1
  const pfn = Math.floor(y / l.cell) * l.cols + Math.floor(x / l.cell)
  return pfn < maxPfn ? pfn : -1
}

export interface PaintOptions {
  dark: boolean
  /** Paint the pageblock migratetype as a stripe on each pageblock's first cells. */
  migratetypes: boolean
  /** Dim every frame except the free blocks of this order (in this zone range, if given). */
  highlightOrder: number | null
  highlightRange?: { start: number; end: number } | null
  /** Light these frame ranges [start, end) instead of an order (a slab cache, a vmalloc area). */
  highlightFrames?: [number, number][] | null
}

/** The colour of highlighted free blocks (the buddy pane's selected order). */
export const HIGHLIGHT = [255, 176, 0] as const

/** A pixel three quarters of the way to the theme's background. */
function fade(px: number, dark: boolean): number {
  const bg = dark ? 0x17 : 0xff
  const mix = (v: number) => Math.round(v + (bg - v) * 0.72)
  return pixel([mix(px & 0xff), mix((px >>> 8) & 0xff), mix((px >>> 16) & 0xff)])
}

/** One pixel value per FrameUse, and per free order, for the theme: looked up, not computed, per frame. */
function colorTables(dark: boolean): { byUse: Uint32Array; free: Uint32Array } {
  const byUse = new Uint32Array(32)
  for (const [use, s] of Object.entries(FRAME_STYLES)) byUse[Number(use)] = pixel(dark ? s.dark : s.light)
  byUse[FrameUse.HOLE] = 0 // transparent: the canvas background (a hatch) shows through
  const free = new Uint32Array(11)
  for (let o = 0; o <= 10; o++) free[o] = pixel(freeShade(o, dark))
  return { byUse, free }
}

/**
 * Fill `out` (the Uint32 view of an ImageData of l.cols × l.rows pixels, 1 px per frame) with
 * one pixel per frame. Scaling to `cell` px is the canvas's job (drawImage, no smoothing).
 */
export function paintFrames(view: FramesView, l: MapLayout, out: Uint32Array, o: PaintOptions): void {
  const { byUse, free } = colorTables(o.dark)
  const use = view.use
  const order = view.order
  const n = view.maxPfn
  const hl = o.highlightOrder
  if (o.highlightFrames) {
    const litPx = pixel(HIGHLIGHT)
    for (let pfn = 0; pfn < n; pfn++) {
      const u = use[pfn]!
      const c = u === FrameUse.FREE ? free[order[pfn]! === NO_ORDER ? 0 : order[pfn]!]! : byUse[u]!
      out[pfn] = c === 0 ? 0 : fade(c, o.dark)
    }
    for (const [s, e] of o.highlightFrames) out.fill(litPx, Math.max(0, s), Math.min(n, e))
  } else if (hl === null) {
    for (let pfn = 0; pfn < n; pfn++) {
      const u = use[pfn]!
      out[pfn] = u === FrameUse.FREE ? free[order[pfn]! === NO_ORDER ? 0 : order[pfn]!]! : byUse[u]!
    }
  } else {
    const start = o.highlightRange?.start ?? 0
    const end = o.highlightRange?.end ?? n
    // Everything else fades towards the background (opaque, so holes keep their hatch apart).
    const dimUse = byUse.map((c) => (c === 0 ? 0 : fade(c, o.dark)))
    const dimFree = free.map((c) => fade(c, o.dark))
    const litPx = pixel(HIGHLIGHT)
    for (let pfn = 0; pfn < n; pfn++) {
      const u = use[pfn]!
      const ord = order[pfn]!
      if (u === FrameUse.FREE) out[pfn] = ord === hl && pfn >= start && pfn < end ? litPx : dimFree[ord === NO_ORDER ? 0 : ord]!
      else out[pfn] = dimUse[u]!
    }
  }
  out.fill(0, n, l.cols * l.rows)
  if (o.migratetypes) {
    // The first 8 frames of each pageblock carry its type's colour: a stripe at the row's start
    // (one row = one pageblock at the default width).
    const mts = MIGRATETYPE_COLORS.map((c) => pixel(c))
    const blocks = view.migratetype
    for (let b = 0; b < blocks.length; b++) {
      const base = b << PAGEBLOCK_ORDER
      if (base >= n) break
      const c = mts[blocks[b]!] ?? mts[0]!
      for (let i = 0; i < 8 && base + i < n; i++) if (use[base + i] !== FrameUse.HOLE) out[base + i] = c
    }
  }
}

/**
 * The runs of frames [start, end) that changed between two snapshots, for the "changed by the
 * last command" outline: their use, or with `orders` also the order of the free block they lie
 * in (a split or a merge). [] when the machine itself changed.
 */
export function changedRuns(before: FramesView | null | undefined, now: FramesView, orders = true, max = 4096): [number, number][] {
  if (!before || before.maxPfn !== now.maxPfn) return []
  const runs: [number, number][] = []
  let start = -1
  for (let i = 0; i <= now.maxPfn; i++) {
    const diff = i < now.maxPfn && (before.use[i] !== now.use[i] || (orders && before.order[i] !== now.order[i]))
    if (diff && start < 0) start = i
    else if (!diff && start >= 0) {
      runs.push([start, i])
      start = -1
      if (runs.length >= max) break
    }
  }
  return runs
}

/** Rectangles (in cells) covering the frames [start, end), one per row it spans. */
export function runRects(l: MapLayout, start: number, end: number): { x: number; y: number; w: number; h: number }[] {
  const out: { x: number; y: number; w: number; h: number }[] = []
  for (let p = start; p < end; ) {
    const row = Math.floor(p / l.cols)
    const rowEnd = Math.min(end, (row + 1) * l.cols)
    out.push({ x: p % l.cols, y: row, w: rowEnd - p, h: 1 })
    p = rowEnd
  }
  return out
}

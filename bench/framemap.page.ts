// Runs inside Chromium (bundled by bench/framemap.ts): the engine boots a machine in the page,
// and the frame map's own code paints it — the pixel fill (paintFrames into an ImageData),
// putImageData into the 1-px-per-frame bitmap, and the scaled drawImage onto a pane-sized canvas
// — timed per redraw. A 1×1 getImageData after each redraw waits for the canvas to finish.

import { Engine } from '../src-main/engine/engine'
import { layoutFor, paintFrames } from '../src-renderer/components/frameMap/render'
import type { FrameMapBenchResult as Result } from './framemap.types'


function bench(ram: string, runs: number): Result {
  const e = new Engine()
  const boot = e.exec(`machine ram=${ram}`)
  if (!boot.ok) throw new Error(boot.output)
  // Some variety on the map: blocks of several orders held, others freed to the per-CPU lists.
  for (let i = 0; i < 200; i++) e.exec(`alloc_pages ${i % 6} cpu=${i % 2}`)
  const v = e.snapshot(['frames']).frames!
  let ramFrames = 0
  for (let i = 0; i < v.maxPfn; i++) if (v.use[i] !== 0) ramFrames++
  const W = 1200
  const H = 700
  const l = layoutFor(v.maxPfn, 1, { w: W, h: H })
  const s = Math.min(W / l.cols, H / l.rows)
  const bitmap = document.createElement('canvas')
  bitmap.width = l.cols
  bitmap.height = l.rows
  const bctx = bitmap.getContext('2d')!
  const screen = document.createElement('canvas')
  screen.width = W
  screen.height = H
  document.body.append(screen)
  const sctx = screen.getContext('2d')!
  const img = bctx.createImageData(l.cols, l.rows)
  const out = new Uint32Array(img.data.buffer)
  const fill: number[] = []
  const redraw: number[] = []
  for (let i = 0; i < runs + 5; i++) {
    const opts = { dark: i % 2 === 1, migratetypes: true, highlightOrder: i % 3 === 0 ? 3 : null }
    const t0 = performance.now()
    paintFrames(v, l, out, opts)
    const t1 = performance.now()
    bctx.putImageData(img, 0, 0)
    sctx.clearRect(0, 0, W, H)
    sctx.imageSmoothingEnabled = s < 1
    sctx.drawImage(bitmap, 0, 0, l.cols * s, l.rows * s)
    sctx.getImageData(0, 0, 1, 1)
    const t2 = performance.now()
    if (i >= 5) {
      fill.push(t1 - t0)
      redraw.push(t2 - t0)
    }
  }
  screen.remove()
  return { frames: v.maxPfn, ramFrames, cols: l.cols, rows: l.rows, fill, redraw }
}

;(globalThis as unknown as { frameMapBench: typeof bench }).frameMapBench = bench

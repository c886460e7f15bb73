// What the frame map benchmark's page (framemap.page.ts, in Chromium) hands back to Node.
export interface FrameMapBenchResult {
  /** Frames on the map (max_pfn) and how many of them are RAM. */
  frames: number
  ramFrames: number
  /** The 1-px-per-frame bitmap's size. */
  cols: number
  rows: number
  /** ms per redraw: the pixel fill alone, and the whole redraw. */
  fill: number[]
  redraw: number[]
}

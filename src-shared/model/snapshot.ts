// A snapshot is what a pane draws: views computed from the engine's state on demand
// (../shared/DESIGN.md: views are derived). Large per-frame data travels as typed arrays,
// transferred from the worker rather than copied.

import type { MachineConfig } from './machine'
import type { MeminfoField } from './meminfo'

export const VIEW_NAMES = ['machine', 'meminfo', 'frames'] as const
export type ViewName = (typeof VIEW_NAMES)[number]

export interface ZoneSummary {
  name: string
  start_pfn: number
  spanned: number
  present: number
  managed: number
  free: number
}

export interface MemblockRegion {
  base: number
  size: number
  name: string
  use: number
}

export interface MachineView {
  config: MachineConfig
  /** One past the highest pfn with a struct page. */
  maxPfn: number
  totalramPages: number
  zones: ZoneSummary[]
  /** What the boot reserved (memblock.reserved after boot), for the frame map and teaching. */
  reserved: MemblockRegion[]
}

export interface FramesView {
  maxPfn: number
  /** FrameUse per pfn. */
  use: Uint8Array
  /** struct page flags (PG_* bits) per pfn. */
  flags: Uint32Array
}

export interface Snapshot {
  /** Commands executed in this session so far; a pane compares it to know what is new. */
  seq: number
  machine?: MachineView
  meminfo?: MeminfoField[]
  frames?: FramesView
}

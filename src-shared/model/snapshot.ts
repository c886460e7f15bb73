// A snapshot is what a pane draws: views computed from the engine's state on demand
// (../shared/DESIGN.md: views are derived). Large per-frame data travels as typed arrays,
// transferred from the worker rather than copied.

import type { MachineConfig } from './machine'
import type { MeminfoField } from './meminfo'
import type { PageTableView, ProcessesView, TlbView, VmaView } from './mm'

export const VIEW_NAMES = ['machine', 'meminfo', 'frames', 'buddy', 'slab', 'vmalloc', 'processes', 'vma', 'pagetable', 'tlb'] as const
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

/** The migratetypes of 6.18 in their enum order (include/linux/mmzone.h), as /proc/pagetypeinfo names them. */
export const MIGRATETYPE_NAMES = ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'Isolate'] as const
/** MAX_PAGE_ORDER + 1: free_area[0..10]. */
export const NR_PAGE_ORDERS = 11
/** pageblock_order on x86-64 (2 MiB pageblocks). */
export const PAGEBLOCK_ORDER = 9
/** `FramesView.order` of a frame that is in no free block. */
export const NO_ORDER = 255

export interface FrameZone {
  name: string
  start_pfn: number
  /** One past the zone's last pfn (zone_end_pfn). */
  end_pfn: number
}

export interface FramesView {
  maxPfn: number
  /** FrameUse per pfn. */
  use: Uint8Array
  /**
   * Per pfn: the order of the free block the frame lies in — a buddy block on a free list, or a
   * block on a per-CPU list (use PCP) — or NO_ORDER when it is in no free block.
   */
  order: Uint8Array
  /** Per pageblock (pfn >> PAGEBLOCK_ORDER): its migratetype, an index into MIGRATETYPE_NAMES. */
  migratetype: Uint8Array
  /** Zones with pages, lowest first. */
  zones: FrameZone[]
}

export interface PcpView {
  cpu: number
  count: number
  high: number
  batch: number
  high_min: number
  high_max: number
  /** Pages on the lists, by order (0..3 and 9) and migratetype: [order][mt]. Only orders with lists appear. */
  lists: { order: number; pages: number[] }[]
}

export interface BuddyZoneView {
  name: string
  start_pfn: number
  end_pfn: number
  managed: number
  /** NR_FREE_PAGES of the zone (what the buddy lists hold; pcp pages are not in it). */
  free: number
  /** Watermarks min, low, high (pages). */
  min: number
  low: number
  high: number
  /** free_area[order].nr_free: free blocks of each order (the /proc/buddyinfo row). */
  nr_free: number[]
  /** Free blocks per migratetype and order: [mt][order] (the /proc/pagetypeinfo rows). */
  by_type: number[][]
  /** Pageblocks of each migratetype in the zone. */
  blocks: number[]
  pcp: PcpView[]
}

export interface BuddyView {
  zones: BuddyZoneView[]
}

/** One struct page decoded, for a frame map tooltip (request `engine.page`). */
export interface PageInfo {
  pfn: number
  /** Physical address of the frame. */
  phys: number
  /** Zone name, or null for a hole outside every zone. */
  zone: string | null
  use: number
  /** PG_* flags set, by name (page-flags.h). */
  flags: string[]
  /** The page type (buddy, table, slab, …) or null. */
  page_type: string | null
  _refcount: number
  _mapcount: number
  private: number
  /** Buddy order of a free block's head, else null. */
  order: number | null
  /** page->mapping as the kernel would print it: null, or "anon …", or a file. */
  mapping: string | null
  index: number
  /** Compound page: the head pfn and order when the frame is part of one, else null. */
  compound: { head: number; order: number } | null
  /** The pageblock's migratetype name. */
  migratetype: string
  /** Who has the frame, in words: "buddy free list, order 3, Movable", "kernel image", … */
  owner: string
}


export interface Snapshot {
  /** Commands executed in this session so far; a pane compares it to know what is new. */
  seq: number
  machine?: MachineView
  meminfo?: MeminfoField[]
  frames?: FramesView
  buddy?: BuddyView
  slab?: SlabView
  vmalloc?: VmallocView
  processes?: ProcessesView
  /** The current process's address space; null when there is no current process. */
  vma?: VmaView | null
  /** The current process's page tables and mapped pages; null when there is no current process. */
  pagetable?: PageTableView | null
  /** Every CPU: what it runs, CR3, its ASIDs and TLB contents, its counters. */
  tlb?: TlbView
}

export interface SlabOfCache {
  pfn: number
  order: number
  objects: number
  /** Objects handed out (the true occupancy; slabinfo counts CPU-slab free objects as active). */
  inuse: number
  /** Per object: 1 allocated, 0 free. */
  bitmap: number[]
  place: 'cpu' | 'cpu-partial' | 'node-partial' | 'full'
  cpu: number
}

export interface SlabCacheView {
  name: string
  object_size: number
  size: number
  align: number
  objperslab: number
  order: number
  /** The /proc/slabinfo numbers. */
  active_objs: number
  num_objs: number
  num_slabs: number
  /** Objects really allocated. */
  allocated: number
  reclaimable: boolean
  min_partial: number
  cpu_partial_slabs: number
  /** Slabs of the cache (the first 256). */
  slabs: SlabOfCache[]
  /** Pfn ranges of all its slabs, for the frame map. */
  ranges: [number, number][]
}

export interface SlabView {
  caches: SlabCacheView[]
  /** Large kmalloc blocks: first pfn and order. */
  large: { pfn: number; order: number }[]
}

export interface VmapAreaView {
  /** Addresses as lowercase hex strings (they do not fit a double). */
  start: string
  end: string
  size: number
  kind: 'busy' | 'free' | 'unpurged'
  caller?: string
  pages?: number[]
  /** The page-table walk of the area's first page in init_mm: PGD → PUD → PMD → PTE. */
  walk?: PageWalkStep[]
}

export interface PageWalkStep {
  level: 'PGD' | 'PUD' | 'PMD' | 'PTE'
  /** The table's frame (for the PGD of init_mm: init_top_pgt, in the kernel image). */
  table: number
  index: number
  /** The entry as hex. */
  entry: string
  /** Its x86 bits by name (P, RW, US, PWT, PCD, A, D, PS, G, NX). */
  flags: string[]
  /** The frame it points to (a table, or the page), when present. */
  pfn: number | null
}

export interface VmapTreeNode {
  start: string
  size: number
  subtree_max_size: number
  red: boolean
  left: VmapTreeNode | null
  right: VmapTreeNode | null
}

export interface VmallocView {
  areas: VmapAreaView[]
  /** The free tree (free_vmap_area_root) with each node's subtree_max_size. */
  tree: VmapTreeNode | null
  lazyPages: number
  lazyMaxPages: number
  purges: number
  usedPages: number
}

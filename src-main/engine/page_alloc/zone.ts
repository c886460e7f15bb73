// Zones of the one node (include/linux/mmzone.h) and their watermarks (mm/page_alloc.c).
// x86-64 has ZONE_DMA (below 16 MiB), ZONE_DMA32 (below 4 GiB), ZONE_NORMAL (above), plus the
// empty ZONE_MOVABLE and ZONE_DEVICE: MAX_NR_ZONES is 5, as /proc/zoneinfo's protection arrays
// show. A 256 MiB machine has no Normal zone, exactly as a small x86-64 VM.

import type { ThpMode } from '@shared/model/machine'
import type { PfnRange } from '../x86/e820'

export const ZONE_DMA = 0
export const ZONE_DMA32 = 1
export const ZONE_NORMAL = 2
export const ZONE_MOVABLE = 3
export const ZONE_DEVICE = 4
export const MAX_NR_ZONES = 5
export const ZONE_NAMES = ['DMA', 'DMA32', 'Normal', 'Movable', 'Device'] as const

/** arch/x86/include/asm/dma.h: MAX_DMA_PFN (16 MiB) and MAX_DMA32_PFN (4 GiB). */
export const MAX_DMA_PFN = (16 * 1024 * 1024) >> 12
export const MAX_DMA32_PFN = (4 * 1024 * 1024 * 1024) / 4096

export const WMARK_MIN = 0
export const WMARK_LOW = 1
export const WMARK_HIGH = 2
export const WMARK_PROMO = 3

/** pageblock_order = HPAGE_PMD_ORDER on x86-64: 2 MiB blocks. */
export const PAGEBLOCK_ORDER = 9
export const PAGEBLOCK_NR_PAGES = 1 << PAGEBLOCK_ORDER
/** MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE. */
export const MIGRATE_PCPTYPES = 3
/** mm/vmscan.c: SWAP_CLUSTER_MAX. */
const SWAP_CLUSTER_MAX = 32

export interface Zone {
  idx: number
  name: (typeof ZONE_NAMES)[number]
  zone_start_pfn: number
  spanned_pages: number
  present_pages: number
  managed_pages: number
  /** NR_FREE_PAGES of this zone: pages on the buddy free lists (not those on per-CPU lists). */
  nr_free: number
  /** NR_FREE_PAGES_BLOCKS: free pages in blocks of pageblock_order or more (6.16+). */
  nr_free_blocks: number
  /** free_area[order].nr_free: free blocks of each order, all migratetypes. */
  free_area: number[]
  /** _watermark[WMARK_MIN..WMARK_PROMO]. */
  _watermark: [number, number, number, number]
  /** watermark_boost: raised by fragmenting fallbacks, lowered by kswapd (0 until reclaim exists). */
  watermark_boost: number
  lowmem_reserve: number[]
  /** Pages in MIGRATE_HIGHATOMIC pageblocks, and how many of them are free. */
  nr_reserved_highatomic: number
  nr_free_highatomic: number
  /** ZONE_BELOW_HIGH: an allocation found the zone under its high watermark. */
  below_high: boolean
  /** The per-CPU list sizes of this zone (zone_set_pageset_high_and_batch). */
  pageset_high_min: number
  pageset_high_max: number
  pageset_batch: number
  /** NUMA events (enum numa_stat_item): hit, miss, foreign, interleave, local, other. */
  numa: number[]
}

export const NUMA_STAT_NAMES = ['numa_hit', 'numa_miss', 'numa_foreign', 'numa_interleave', 'numa_local', 'numa_other'] as const
export const NUMA_HIT = 0
export const NUMA_LOCAL = 4

export function emptyZone(idx: number): Zone {
  return {
    idx,
    name: ZONE_NAMES[idx]!,
    zone_start_pfn: 0,
    spanned_pages: 0,
    present_pages: 0,
    managed_pages: 0,
    nr_free: 0,
    nr_free_blocks: 0,
    free_area: new Array<number>(11).fill(0),
    _watermark: [0, 0, 0, 0],
    watermark_boost: 0,
    lowmem_reserve: new Array<number>(MAX_NR_ZONES).fill(0),
    nr_reserved_highatomic: 0,
    nr_free_highatomic: 0,
    below_high: false,
    pageset_high_min: 0,
    pageset_high_max: 0,
    pageset_batch: 0,
    numa: [0, 0, 0, 0, 0, 0]
  }
}

/** The pfn limits of each zone: arch/x86/mm/init.c: zone_sizes_init() (max_zone_pfns). */
export function zoneLimits(maxPfn: number): number[] {
  return [Math.min(MAX_DMA_PFN, maxPfn), Math.min(MAX_DMA32_PFN, maxPfn), maxPfn, maxPfn, maxPfn]
}

/**
 * The zones of the node: each spans from where the zone below ended to its arch limit, clamped
 * to the node ([first RAM pfn, max_pfn)); present pages are the RAM pages inside the span.
 * ZONE_DMA starts at the first pfn of RAM (1: page 0 is reserved in e820). An empty zone keeps
 * zone_start_pfn 0, as Linux does.
 */
// mm/mm_init.c: free_area_init() → calculate_node_totalpages() → zone_spanned_pages_in_node(),
//   zone_absent_pages_in_node()
export function freeAreaInit(maxZonePfn: readonly number[], memory: readonly PfnRange[]): Zone[] {
  let start = memory[0]?.start ?? 0
  const zones: Zone[] = []
  for (let i = 0; i < MAX_NR_ZONES; i++) {
    const z = emptyZone(i)
    const end = maxZonePfn[i]!
    if (end > start) {
      z.zone_start_pfn = start
      z.spanned_pages = end - start
      for (const r of memory) z.present_pages += Math.max(0, Math.min(r.end, end) - Math.max(r.start, start))
      start = end
    }
    zones.push(z)
  }
  return zones
}

// include/linux/kernel.h: int_sqrt()
export function intSqrt(x: number): number {
  return Math.floor(Math.sqrt(x))
}

/**
 * Pages the kernel may use for buffers: managed pages above the high watermark in every zone
 * a GFP_USER allocation may use (DMA, DMA32, Normal).
 */
// mm/page_alloc.c: nr_free_buffer_pages() → nr_free_zone_pages(gfp_zone(GFP_USER))
export function nrFreeBufferPages(zones: readonly Zone[]): number {
  let sum = 0
  for (const z of zones) {
    if (z.idx > ZONE_NORMAL) continue
    const high = z._watermark[WMARK_HIGH]
    if (z.managed_pages > high) sum += z.managed_pages - high
  }
  return sum
}

/** min_free_kbytes = 4 * sqrt(lowmem_kbytes), clamped to [128 kB, 256 MiB]. */
// mm/page_alloc.c: calculate_min_free_kbytes()
export function calculateMinFreeKbytes(zones: readonly Zone[]): number {
  const lowmemKbytes = nrFreeBufferPages(zones) * 4
  return Math.min(Math.max(intSqrt(lowmemKbytes * 16), 128), 262144)
}

/**
 * With THP enabled, khugepaged raises min_free_kbytes so that two pageblocks stay free per zone,
 * plus enough for the three PCP migratetypes to fall back on each other — capped at 5 % of
 * lowmem. That is why a small VM with THP has a min_free_kbytes of several MiB.
 */
// mm/khugepaged.c: set_recommended_min_free_kbytes()
export function recommendedMinFreeKbytes(zones: readonly Zone[], current: number): number {
  const nrZones = zones.filter((z) => z.idx <= ZONE_NORMAL && z.present_pages > 0).length
  let recommended = PAGEBLOCK_NR_PAGES * nrZones * 2
  recommended += PAGEBLOCK_NR_PAGES * nrZones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES
  recommended = Math.min(recommended, Math.floor(nrFreeBufferPages(zones) / 20))
  recommended *= 4
  return recommended > current ? recommended : current
}

/** Set min/low/high/promo of every zone from min_free_kbytes, in proportion to managed pages. */
// mm/page_alloc.c: __setup_per_zone_wmarks()
export function setupPerZoneWmarks(zones: Zone[], minFreeKbytes: number, watermarkScaleFactor: number): void {
  const pagesMin = minFreeKbytes >> 2
  let lowmemPages = 0
  for (const z of zones) if (z.idx !== ZONE_MOVABLE) lowmemPages += z.managed_pages
  for (const z of zones) {
    let tmp = lowmemPages > 0 ? Math.floor((pagesMin * z.managed_pages) / lowmemPages) : 0
    if (z.idx === ZONE_MOVABLE) {
      // Like highmem: a small fixed reserve, since nothing but movable pages can use it.
      z._watermark[WMARK_MIN] = Math.min(Math.max(Math.floor(z.managed_pages / 1024), SWAP_CLUSTER_MAX), 128)
    } else {
      z._watermark[WMARK_MIN] = tmp
    }
    // The kswapd distance: a quarter of min, or watermark_scale_factor/10000 of the zone.
    tmp = Math.max(tmp >> 2, Math.floor((z.managed_pages * watermarkScaleFactor) / 10000))
    z._watermark[WMARK_LOW] = z._watermark[WMARK_MIN] + tmp
    z._watermark[WMARK_HIGH] = z._watermark[WMARK_LOW] + tmp
    z._watermark[WMARK_PROMO] = z._watermark[WMARK_HIGH] + tmp
  }
}

/**
 * How many pages of a lower zone an allocation that could have used a higher zone must leave
 * alone: the managed pages of the zones above, divided by the zone's ratio.
 */
// mm/page_alloc.c: setup_per_zone_lowmem_reserve()
export function setupPerZoneLowmemReserve(zones: Zone[], ratios: readonly number[]): void {
  for (let i = 0; i < MAX_NR_ZONES - 1; i++) {
    const z = zones[i]!
    const ratio = ratios[i] ?? 0
    const clear = ratio === 0 || z.managed_pages === 0
    let managed = 0
    for (let j = i + 1; j < MAX_NR_ZONES; j++) {
      managed += zones[j]!.managed_pages
      z.lowmem_reserve[j] = clear ? 0 : Math.floor(managed / ratio)
    }
  }
}

/** Pages kept back from user allocations: per zone, the largest lowmem_reserve plus high. */
// mm/page_alloc.c: calculate_totalreserve_pages()
export function calculateTotalreservePages(zones: readonly Zone[]): number {
  let reserve = 0
  for (const z of zones) {
    let max = 0
    for (let j = z.idx; j < MAX_NR_ZONES; j++) max = Math.max(max, z.lowmem_reserve[j]!)
    max += z._watermark[WMARK_HIGH]
    reserve += Math.min(max, z.managed_pages)
  }
  return reserve
}

/** The vm.* sysctls the watermarks read and write. */
export interface WmarkSysctl {
  min_free_kbytes: number
  watermark_scale_factor: number
  lowmem_reserve_ratio: number[]
}

/**
 * The first watermarks, at postcore_initcall: min_free_kbytes from the managed pages (no high
 * watermark yet, so all of lowmem counts), then min/low/high/promo and the lowmem reserves.
 * khugepaged_min_free_kbytes_update() at its end does nothing: khugepaged is not running yet.
 */
// mm/page_alloc.c: init_per_zone_wmark_min()
export function initPerZoneWmarkMin(zones: Zone[], s: WmarkSysctl): void {
  s.min_free_kbytes = calculateMinFreeKbytes(zones)
  setupPerZoneWmarks(zones, s.min_free_kbytes, s.watermark_scale_factor)
  setupPerZoneLowmemReserve(zones, s.lowmem_reserve_ratio)
}

/** MB_TO_PAGES(512): below this much RAM THP starts disabled. */
const THP_MIN_TOTALRAM_PAGES = (512 * 1024 * 1024) / 4096

/**
 * THP's start at subsys_initcall, and what it does to min_free_kbytes. Returns the mode
 * /sys/kernel/mm/transparent_hugepage/enabled then shows.
 * - Less than 512 MiB of RAM: THP is switched off (transparent_hugepage_flags = 0) and khugepaged
 *   never starts, so the watermarks stay as init_per_zone_wmark_min() left them.
 * - THP on: khugepaged raises min_free_kbytes to its recommendation if that is higher.
 * - THP off: start_stop_khugepaged() still calls set_recommended_min_free_kbytes(), which
 *   recomputes calculate_min_free_kbytes() — now with the high watermarks set, so from fewer
 *   pages than the first time.
 * Either way setup_per_zone_wmarks() runs again; the lowmem reserves do not change.
 */
// mm/huge_memory.c: hugepage_init() → mm/khugepaged.c: start_stop_khugepaged()
//   → set_recommended_min_free_kbytes()
export function hugepageInit(zones: Zone[], s: WmarkSysctl, thp: ThpMode, totalramPages: number): ThpMode {
  if (totalramPages < THP_MIN_TOTALRAM_PAGES) return 'never'
  if (thp !== 'never') s.min_free_kbytes = recommendedMinFreeKbytes(zones, s.min_free_kbytes)
  else s.min_free_kbytes = calculateMinFreeKbytes(zones)
  setupPerZoneWmarks(zones, s.min_free_kbytes, s.watermark_scale_factor)
  return thp
}

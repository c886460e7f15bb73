// Per-CPU page lists (struct per_cpu_pages, mm/page_alloc.c, 6.18): each CPU keeps, per zone, a
// few lists of free blocks of order 0–3 (one per migratetype) and of the THP order 9, so most
// allocations and frees skip the zone lock. Pages on them are not in NR_FREE_PAGES: to the buddy
// allocator they are allocated. Lists are refilled in batches (rmqueue_bulk) and drained in
// batches (free_pcppages_bulk) when count reaches high; high itself adapts between high_min and
// high_max to how the CPU allocates and frees.

import { MIGRATE_MOVABLE, MIGRATE_PCPTYPES } from './gfp'
import { WMARK_LOW, type Zone } from './zone'

/** PAGE_ALLOC_COSTLY_ORDER: orders above it are "costly" and skip the pcp lists (but THP's). */
export const PAGE_ALLOC_COSTLY_ORDER = 3
/** HPAGE_PMD_ORDER on x86-64. */
export const HPAGE_PMD_ORDER = 9
export const NR_LOWORDER_PCP_LISTS = MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1)
/** One THP list for movable, one for the others. */
export const NR_PCP_THP = 2
export const NR_PCP_LISTS = NR_LOWORDER_PCP_LISTS + NR_PCP_THP
/** CONFIG_PCP_BATCH_SCALE_MAX (default 5). */
export const PCP_BATCH_SCALE_MAX = 5
/** percpu_pagelist_high_fraction's floor: high_max is at most 1/8 of the zone. */
const MIN_PERCPU_PAGELIST_HIGH_FRACTION = 8
/** struct per_cpu_pages flags. */
export const PCPF_PREV_FREE_HIGH_ORDER = 1 << 0
export const PCPF_FREE_HIGH_BATCH = 1 << 1

export interface PerCpuPages {
  cpu: number
  /** Pages on all lists of this CPU and zone. */
  count: number
  /** Drain when count reaches high. 0 until first used (BOOT_PAGESET_HIGH), then within [high_min, high_max]. */
  high: number
  high_min: number
  high_max: number
  batch: number
  flags: number
  /** Grows while the CPU allocates without freeing (batch << alloc_factor), halves on a free. */
  alloc_factor: number
  /** Pages freed in a row; sizes the next bulk free. Halves on an allocation. */
  free_count: number
  /** The vmstat threshold of this CPU's counters in the zone (per_cpu_zonestat.stat_threshold). */
  stat_threshold: number
}

export function newPcp(cpu: number): PerCpuPages {
  // per_cpu_pages_init(): BOOT_PAGESET_HIGH 0, BOOT_PAGESET_BATCH 1.
  return { cpu, count: 0, high: 0, high_min: 0, high_max: 0, batch: 1, flags: 0, alloc_factor: 0, free_count: 0, stat_threshold: 0 }
}

// include/linux/mmzone.h: pcp_allowed_order()
export function pcpAllowedOrder(order: number): boolean {
  return order <= PAGE_ALLOC_COSTLY_ORDER || order === HPAGE_PMD_ORDER
}

// mm/page_alloc.c: order_to_pindex()
export function orderToPindex(mt: number, order: number): number {
  if (order > PAGE_ALLOC_COSTLY_ORDER) return NR_LOWORDER_PCP_LISTS + (mt === MIGRATE_MOVABLE ? 1 : 0)
  return MIGRATE_PCPTYPES * order + mt
}

// mm/page_alloc.c: pindex_to_order()
export function pindexToOrder(pindex: number): number {
  return pindex >= NR_LOWORDER_PCP_LISTS ? HPAGE_PMD_ORDER : Math.floor(pindex / MIGRATE_PCPTYPES)
}

function roundDownPow2(n: number): number {
  return n <= 0 ? 0 : 2 ** Math.floor(Math.log2(n))
}

/** ~0.1 % of the zone or 1 MiB, whichever is smaller, /4, clamped to 2^n - 1. */
// mm/page_alloc.c: zone_batchsize()
export function zoneBatchsize(z: Zone): number {
  let batch = Math.min(z.managed_pages >> 10, (1024 * 1024) / 4096)
  batch = Math.floor(batch / 4)
  if (batch < 1) batch = 1
  return roundDownPow2(batch + (batch >> 1)) - 1
}

/**
 * The zone's low watermark (high_fraction 0) or managed/fraction, split over the CPUs of the
 * node, at least 4 batches.
 */
// mm/page_alloc.c: zone_highsize()
export function zoneHighsize(z: Zone, batch: number, cpus: number, highFraction: number): number {
  const total = highFraction === 0 ? z._watermark[WMARK_LOW] : Math.floor(z.managed_pages / highFraction)
  const high = Math.floor(total / Math.max(cpus, 1))
  return Math.max(high, batch << 2)
}

/** threshold = 2 · fls(cpus) · (1 + fls(managed in 128 MiB units)), at most 125. */
// mm/vmstat.c: calculate_normal_threshold()
export function calculateNormalThreshold(z: Zone, cpus: number): number {
  const mem = z.managed_pages >> (27 - 12)
  const fls = (x: number) => (x === 0 ? 0 : 32 - Math.clz32(x))
  return Math.min(125, 2 * fls(cpus) * (1 + fls(mem)))
}

/**
 * Size every CPU's lists of the zone from its managed pages and low watermark; `cpus` is how
 * many CPUs the node has online (one at setup_per_cpu_pageset(), all of them afterwards).
 */
// mm/page_alloc.c: zone_set_pageset_high_and_batch() → __zone_set_pageset_high_and_batch()
//   → pageset_update(); mm/vmstat.c: refresh_zone_stat_thresholds()
export function zoneSetPagesetHighAndBatch(z: Zone, pcps: PerCpuPages[], cpus: number): void {
  const batch = Math.max(1, zoneBatchsize(z))
  const highMin = zoneHighsize(z, batch, cpus, 0)
  const highMax = zoneHighsize(z, batch, cpus, MIN_PERCPU_PAGELIST_HIGH_FRACTION)
  z.pageset_high_min = highMin
  z.pageset_high_max = highMax
  z.pageset_batch = batch
  const threshold = z.managed_pages > 0 ? calculateNormalThreshold(z, cpus) : 0
  for (const p of pcps) {
    p.high_min = highMin
    p.high_max = highMax
    p.batch = batch
    p.stat_threshold = threshold
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)

/** How many blocks to take from the buddy lists when an empty pcp list is refilled. */
// mm/page_alloc.c: nr_pcp_alloc()
export function nrPcpAlloc(p: PerCpuPages, z: Zone, order: number): number {
  const baseBatch = p.batch
  const highMin = p.high_min
  const highMax = p.high_max
  let high = (p.high = clamp(p.high, highMin, highMax))
  // pcp disabled or the boot pageset
  if (high < baseBatch) return 1
  let batch = order ? baseBatch : baseBatch << p.alloc_factor
  // A larger high would have spared this trip to the zone.
  if (highMin !== highMax && !z.below_high) high = p.high = Math.min(high + batch, highMax)
  if (!order) {
    const maxNrAlloc = Math.max(high - p.count - baseBatch, baseBatch)
    // Double the batch on each refill while the CPU allocates without freeing.
    if (batch <= maxNrAlloc && p.alloc_factor < PCP_BATCH_SCALE_MAX) p.alloc_factor++
    batch = Math.min(batch, maxNrAlloc)
  }
  if (batch > 1) batch = Math.max(batch >> order, 2)
  return batch
}

/** The high mark after a free; may raise pcp->high to hold the pages being freed. */
// mm/page_alloc.c: nr_pcp_high()
export function nrPcpHigh(p: PerCpuPages, z: Zone, batch: number, freeHigh: boolean): number {
  const highMin = p.high_min
  const highMax = p.high_max
  let high = (p.high = clamp(p.high, highMin, highMax))
  if (!high) return 0
  if (freeHigh) {
    p.high = Math.max(high - (batch << PCP_BATCH_SCALE_MAX), highMin)
    return 0
  }
  // (ZONE_RECLAIM_ACTIVE: reclaim is not simulated yet.)
  if (highMin === highMax) return high
  if (z.below_high) {
    const freeCount = Math.max(p.free_count, batch)
    p.high = Math.max(high - freeCount, highMin)
    high = Math.max(p.count, highMin)
  } else if (p.count >= high) {
    const needHigh = p.free_count + batch
    if (p.high < needHigh) p.high = clamp(needHigh, highMin, highMax)
  }
  return high
}

/** How many pages to give back to the buddy lists once count reached high. */
// mm/page_alloc.c: nr_pcp_free()
export function nrPcpFree(p: PerCpuPages, batch: number, high: number, freeHigh: boolean): number {
  if (freeHigh) return Math.min(p.count, batch << PCP_BATCH_SCALE_MAX)
  if (high < batch) return 1
  return clamp(p.free_count, batch, high - batch)
}

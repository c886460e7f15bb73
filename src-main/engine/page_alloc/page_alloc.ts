// The page allocator's entry points (mm/page_alloc.c, 6.18): alloc_pages() and __free_pages(),
// and the doors by which boot memory reaches the free lists. An allocation walks the zonelist
// (Normal → DMA32 → DMA, from the highest zone its GFP flags allow), checks each zone's
// watermark, and takes pages from the CPU's per-CPU list (order ≤ 3 or THP) or straight from
// the buddy lists. A free goes back the same way. Reclaim, compaction and the OOM killer come
// with later subsystems: an allocation that would need them fails here, reported as
// warn_alloc() reports it.

import { FrameUse } from '@shared/model/frames'
import { Buddy, FPI_NONE, FPI_TO_TAIL, MAX_PAGE_ORDER } from './buddy'
import {
  MIGRATE_HIGHATOMIC,
  MIGRATE_ISOLATE,
  MIGRATE_MOVABLE,
  MIGRATE_PCPTYPES,
  __GFP_COMP,
  __GFP_DIRECT_RECLAIM,
  __GFP_HIGH,
  __GFP_KSWAPD_RECLAIM,
  __GFP_NOMEMALLOC,
  formatGfp,
  gfpMigratetype,
  gfpZone
} from './gfp'
import { NO_PFN, type Memmap } from './memmap'
import { PG_head, flagBit } from './page_flags'
import {
  NR_PCP_LISTS,
  PAGE_ALLOC_COSTLY_ORDER,
  PCPF_FREE_HIGH_BATCH,
  PCPF_PREV_FREE_HIGH_ORDER,
  PCP_BATCH_SCALE_MAX,
  newPcp,
  nrPcpAlloc,
  nrPcpFree,
  nrPcpHigh,
  orderToPindex,
  pcpAllowedOrder,
  pindexToOrder,
  zoneSetPagesetHighAndBatch,
  type PerCpuPages
} from './pcp'
import type { Vmstat, VmEvent } from './vmstat'
import {
  MAX_NR_ZONES,
  NUMA_HIT,
  NUMA_LOCAL,
  PAGEBLOCK_NR_PAGES,
  PAGEBLOCK_ORDER,
  WMARK_HIGH,
  WMARK_MIN,
  ZONE_MOVABLE,
  ZONE_NORMAL,
  type Zone
} from './zone'
import type { PfnRange } from '../x86/e820'

// mm/internal.h: alloc_flags
export const ALLOC_WMARK_MIN = WMARK_MIN
export const ALLOC_WMARK_LOW = 1
export const ALLOC_WMARK_HIGH = WMARK_HIGH
export const ALLOC_NO_WATERMARKS = 0x04
const ALLOC_WMARK_MASK = ALLOC_NO_WATERMARKS - 1
export const ALLOC_OOM = 0x08
export const ALLOC_NON_BLOCK = 0x10
export const ALLOC_MIN_RESERVE = 0x20 // == __GFP_HIGH
export const ALLOC_CPUSET = 0x40
export const ALLOC_NOFRAGMENT = 0x100
export const ALLOC_HIGHATOMIC = 0x200
export const ALLOC_KSWAPD = 0x800 // == __GFP_KSWAPD_RECLAIM
const ALLOC_RESERVES = ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM

const PGALLOC: readonly VmEvent[] = ['pgalloc_dma', 'pgalloc_dma32', 'pgalloc_normal', 'pgalloc_movable', 'pgalloc_device']

/** What __alloc_pages() needs to know about one allocation (struct alloc_context). */
interface AllocContext {
  highestZoneidx: number
  migratetype: number
  /** The first zone of the zonelist the allocation may use: its lowmem_reserve index. */
  preferred: Zone | undefined
}

export type AllocOutcome = { pfn: number; zone: Zone } | { failure: string }

export class PageAllocator {
  readonly buddy: Buddy
  /** per_cpu_pageset: pcp[cpu][zone idx]. */
  readonly pcp: PerCpuPages[][]
  /** Bumped by every allocation, free and drain after boot: the frame and buddy views are stale. */
  generation = 0

  constructor(
    readonly memmap: Memmap,
    readonly zones: readonly Zone[],
    readonly vmstat: Vmstat,
    readonly nrCpus: number
  ) {
    this.buddy = new Buddy(memmap, zones, nrCpus * MAX_NR_ZONES * NR_PCP_LISTS)
    this.pcp = Array.from({ length: nrCpus }, (_, cpu) => zones.map(() => newPcp(cpu)))
  }

  /** The zone whose span holds pfn (page_zone()); undefined outside every zone. */
  zoneOf(pfn: number): Zone | undefined {
    for (let i = this.zones.length - 1; i >= 0; i--) {
      const z = this.zones[i]!
      if (z.spanned_pages > 0 && pfn >= z.zone_start_pfn && pfn < z.zone_start_pfn + z.spanned_pages) return z
    }
    return undefined
  }

  private zone(pfn: number): Zone {
    const z = this.zoneOf(pfn)
    if (!z) throw new Error(`BUG: pfn ${pfn} outside every zone`)
    return z
  }

  /** The list id of this CPU's pcp list `pindex` in zone z. */
  pcpList(cpu: number, z: Zone, pindex: number): number {
    return this.buddy.pcpListBase + (cpu * MAX_NR_ZONES + z.idx) * NR_PCP_LISTS + pindex
  }

  // ---- boot ------------------------------------------------------------------------------

  /**
   * Every pageblock starts MIGRATE_MOVABLE, set at its first pfn when that pfn is memory; a
   * pageblock whose first pfn is a hole (the one holding pfn 0) keeps 0, MIGRATE_UNMOVABLE.
   */
  // mm/mm_init.c: memmap_init_range() → init_pageblock_migratetype(page, MIGRATE_MOVABLE)
  initPageblocks(memory: readonly PfnRange[]): void {
    for (const r of memory) {
      for (let pfn = Math.ceil(r.start / PAGEBLOCK_NR_PAGES) * PAGEBLOCK_NR_PAGES; pfn < r.end; pfn += PAGEBLOCK_NR_PAGES) {
        this.buddy.setMigratetype(pfn, MIGRATE_MOVABLE)
      }
    }
  }

  /** Frames memblock never reserved: the allocator manages them from now on. */
  // mm/page_alloc.c: __free_pages_core(page, order, MEMINIT_EARLY)
  freePagesCore(pfn: number, count: number): void {
    const order = Math.log2(count)
    if (!Number.isInteger(order) || order > MAX_PAGE_ORDER) throw new Error(`BUG: __free_pages_core of ${count} pages`)
    // __ClearPageReserved + set_page_count(p, 0) on each page, then managed_pages += nr_pages.
    this.memmap.clear(pfn, pfn + count, 0, FrameUse.FREE)
    this.zone(pfn).managed_pages += count
    this.freePagesOk(pfn, order, FPI_TO_TAIL)
  }

  /**
   * Give reserved frames [startPfn, endPfn) for good to the allocator, one page at a time
   * through the normal free path (so they land on CPU 0's per-CPU lists first). Returns how
   * many pages were freed.
   */
  // mm/page_alloc.c: free_reserved_area() → free_reserved_page() → __free_page()
  freeReservedArea(startPfn: number, endPfn: number): number {
    for (let pfn = startPfn; pfn < endPfn; pfn++) {
      if (!this.memmap.isReserved(pfn)) throw new Error(`BUG: free_reserved_area of pfn ${pfn}, which is not PG_reserved`)
    }
    for (let pfn = startPfn; pfn < endPfn; pfn++) {
      // ClearPageReserved(); init_page_count(): one reference, which __free_page() drops.
      this.memmap.clear(pfn, pfn + 1, 1, FrameUse.ALLOCATED)
      this.freePages(pfn, 0, 0)
      this.zone(pfn).managed_pages += 1 // adjust_managed_page_count()
    }
    return Math.max(0, endPfn - startPfn)
  }

  /** memblock_free_all() counts managed pages afresh. */
  // mm/mm_init.c: reset_all_zones_managed_pages()
  resetAllZonesManagedPages(): void {
    for (const z of this.zones) z.managed_pages = 0
  }

  /** Size the per-CPU lists of every zone for `cpus` online CPUs. */
  // mm/page_alloc.c: setup_per_cpu_pageset(), zone_pcp_update()
  zonePcpUpdate(cpus: number): void {
    for (const z of this.zones) {
      zoneSetPagesetHighAndBatch(
        z,
        this.pcp.map((c) => c[z.idx]!),
        cpus
      )
    }
  }

  // ---- watermarks ------------------------------------------------------------------------

  // mm/page_alloc.c: __zone_watermark_unusable_free()
  private unusableFree(z: Zone, order: number, allocFlags: number): number {
    let unusable = (1 << order) - 1
    if (!(allocFlags & ALLOC_RESERVES)) unusable += z.nr_free_highatomic
    return unusable
  }

  /**
   * Would taking 2^order pages leave the zone above `mark` (plus the reserve kept for bigger
   * zones), and is there a block big enough? Reserve users may dip below the mark.
   */
  // mm/page_alloc.c: __zone_watermark_ok()
  zoneWatermarkOk(z: Zone, order: number, mark: number, highestZoneidx: number, allocFlags: number, freePages = z.nr_free): boolean {
    let min = mark
    freePages -= this.unusableFree(z, order, allocFlags)
    if (allocFlags & ALLOC_RESERVES) {
      if (allocFlags & ALLOC_MIN_RESERVE) {
        min -= Math.floor(min / 2)
        if (allocFlags & ALLOC_NON_BLOCK) min -= Math.floor(min / 4)
      }
      if (allocFlags & ALLOC_OOM) min -= Math.floor(min / 2)
    }
    if (freePages <= min + z.lowmem_reserve[highestZoneidx]!) return false
    if (!order) return true
    for (let o = order; o <= MAX_PAGE_ORDER; o++) {
      if (!z.free_area[o]) continue
      for (let mt = 0; mt < MIGRATE_PCPTYPES; mt++) if (!this.buddy.lists.empty(this.buddy.freeList(z, o, mt))) return true
      if (allocFlags & (ALLOC_HIGHATOMIC | ALLOC_OOM) && !this.buddy.lists.empty(this.buddy.freeList(z, o, MIGRATE_HIGHATOMIC))) return true
    }
    return false
  }

  // mm/page_alloc.c: zone_watermark_fast()
  private zoneWatermarkFast(z: Zone, order: number, mark: number, highestZoneidx: number, allocFlags: number): boolean {
    const free = z.nr_free
    if (!order) {
      const reserved = this.unusableFree(z, 0, allocFlags)
      const usable = free - Math.min(free, reserved)
      if (usable > mark + z.lowmem_reserve[highestZoneidx]!) return true
    }
    if (this.zoneWatermarkOk(z, order, mark, highestZoneidx, allocFlags, free)) return true
    if (!order && allocFlags & ALLOC_MIN_RESERVE && z.watermark_boost && (allocFlags & ALLOC_WMARK_MASK) === WMARK_MIN) {
      return this.zoneWatermarkOk(z, order, z._watermark[WMARK_MIN], highestZoneidx, allocFlags, free)
    }
    return false
  }

  // ---- allocation ------------------------------------------------------------------------

  /** The zones an allocation may use, highest first, skipping those without managed pages. */
  // mm/page_alloc.c: build_zonelists() + for_next_zone_zonelist_nodemask()
  private zonelist(highestZoneidx: number): Zone[] {
    const out: Zone[] = []
    for (let i = Math.min(highestZoneidx, this.zones.length - 1); i >= 0; i--) if (this.zones[i]!.managed_pages > 0) out.push(this.zones[i]!)
    return out
  }

  /**
   * Allocate 2^order contiguous pages on `cpu`. Returns the first pfn and its zone, or the
   * failure message the kernel would log.
   */
  // mm/page_alloc.c: __alloc_pages_noprof()
  allocPages(gfp: number, order: number, cpu = 0): AllocOutcome {
    this.generation++
    if (order > MAX_PAGE_ORDER) {
      return { failure: `WARNING: order ${order} > MAX_PAGE_ORDER (${MAX_PAGE_ORDER}): __alloc_pages() returns NULL` }
    }
    const highestZoneidx = gfpZone(gfp)
    const zonelist = this.zonelist(highestZoneidx)
    const ac: AllocContext = { highestZoneidx, migratetype: gfpMigratetype(gfp), preferred: zonelist[0] }
    // First attempt: the low watermark; avoid fragmenting when the preferred zone is Normal.
    let allocFlags = ALLOC_WMARK_LOW | this.allocFlagsNofragment(ac.preferred, gfp)
    let got = this.getPageFromFreelist(gfp, order, allocFlags, ac, zonelist, cpu)
    if (got) return got
    // __alloc_pages_slowpath(): the min watermark, reserves for atomic allocations. Reclaim,
    // compaction and the OOM killer are not simulated yet, so this is the last attempt.
    allocFlags = this.gfpToAllocFlags(gfp, order)
    got = this.getPageFromFreelist(gfp, order, allocFlags, ac, zonelist, cpu)
    if (got) return got
    // warn_alloc(gfp_mask, ac->nodemask, "page allocation failure: order:%u", order)
    return { failure: `vmlab: page allocation failure: order:${order}, mode:${formatGfp(gfp)}, nodemask=(null)` }
  }

  // mm/page_alloc.c: alloc_flags_nofragment()
  private allocFlagsNofragment(preferred: Zone | undefined, gfp: number): number {
    let flags = gfp & __GFP_KSWAPD_RECLAIM
    if (preferred && preferred.idx === ZONE_NORMAL && this.zones[ZONE_NORMAL - 1]!.present_pages > 0) flags |= ALLOC_NOFRAGMENT
    return flags
  }

  // mm/page_alloc.c: gfp_to_alloc_flags()
  private gfpToAllocFlags(gfp: number, order: number): number {
    let flags = ALLOC_WMARK_MIN | ALLOC_CPUSET
    flags |= gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
    if (!(gfp & __GFP_DIRECT_RECLAIM)) {
      if (!(gfp & __GFP_NOMEMALLOC)) {
        flags |= ALLOC_NON_BLOCK
        if (order > 0 && flags & ALLOC_MIN_RESERVE) flags |= ALLOC_HIGHATOMIC
      }
      if (flags & ALLOC_MIN_RESERVE) flags &= ~ALLOC_CPUSET
    }
    return flags
  }

  // mm/page_alloc.c: get_page_from_freelist()
  private getPageFromFreelist(gfp: number, order: number, allocFlags: number, ac: AllocContext, zonelist: Zone[], cpu: number): AllocOutcome | null {
    for (;;) {
      for (const z of zonelist) {
        let ok = false
        // Under the high watermark the zone is under pressure (pcp->high shrinks on frees).
        if (!z.below_high) {
          if (this.zoneWatermarkFast(z, order, z._watermark[WMARK_HIGH], ac.highestZoneidx, allocFlags)) ok = true
          else z.below_high = true
        }
        if (!ok) {
          const mark = z._watermark[allocFlags & ALLOC_WMARK_MASK]!
          if (!this.zoneWatermarkFast(z, order, mark, ac.highestZoneidx, allocFlags) && !(allocFlags & ALLOC_NO_WATERMARKS)) continue
        }
        const pfn = this.rmqueue(z, order, allocFlags, ac.migratetype, cpu)
        if (pfn !== NO_PFN) {
          this.prepNewPage(pfn, order, gfp)
          if (allocFlags & ALLOC_HIGHATOMIC && order) this.reserveHighatomicPageblock(pfn, order, z)
          return { pfn, zone: z }
        }
      }
      // On a UMA machine every zone may be fragmented: try again, allowing fallbacks.
      if (allocFlags & ALLOC_NOFRAGMENT) {
        allocFlags &= ~ALLOC_NOFRAGMENT
        continue
      }
      return null
    }
  }

  // mm/page_alloc.c: rmqueue()
  private rmqueue(z: Zone, order: number, allocFlags: number, mt: number, cpu: number): number {
    let pfn = NO_PFN
    if (pcpAllowedOrder(order)) pfn = this.rmqueuePcplist(z, order, mt, allocFlags, cpu)
    if (pfn === NO_PFN) pfn = this.rmqueueBuddy(z, order, allocFlags, mt)
    return pfn
  }

  /** Count an allocation: pgalloc_<zone> in pages, numa_hit/numa_local once. */
  // mm/page_alloc.c: __count_zone_vm_events(PGALLOC) + zone_statistics()
  private countAlloc(z: Zone, order: number): void {
    this.vmstat.countEvent(PGALLOC[z.idx]!, 1 << order)
    z.numa[NUMA_HIT]!++
    z.numa[NUMA_LOCAL]!++
  }

  /**
   * Take a block from the zone's free lists: the highatomic reserve for atomic high-order
   * allocations, else __rmqueue(), and the reserve again as a last resort.
   */
  // mm/page_alloc.c: rmqueue_buddy()
  private rmqueueBuddy(z: Zone, order: number, allocFlags: number, mt: number): number {
    let pfn = NO_PFN
    if (allocFlags & ALLOC_HIGHATOMIC) pfn = this.buddy.rmqueueSmallest(z, order, MIGRATE_HIGHATOMIC)
    if (pfn === NO_PFN) {
      pfn = this.rmqueue_(z, order, mt, allocFlags, { mode: 'normal' })
      if (pfn === NO_PFN && allocFlags & (ALLOC_OOM | ALLOC_NON_BLOCK)) pfn = this.buddy.rmqueueSmallest(z, order, MIGRATE_HIGHATOMIC)
      if (pfn === NO_PFN) return NO_PFN
    }
    this.checkNewPages(pfn, order)
    this.countAlloc(z, order)
    return pfn
  }

  /**
   * The free lists of the requested migratetype first, then fallbacks with growing risk of
   * fragmentation: claim a whole pageblock of another type, else steal one block. `mode`
   * remembers where the last block was found, as rmqueue_bulk() does between its calls.
   */
  // mm/page_alloc.c: __rmqueue()
  private rmqueue_(z: Zone, order: number, mt: number, allocFlags: number, mode: { mode: 'normal' | 'claim' | 'steal' }): number {
    let pfn: number
    if (mode.mode === 'normal') {
      pfn = this.buddy.rmqueueSmallest(z, order, mt)
      if (pfn !== NO_PFN) return pfn
    }
    if (mode.mode !== 'steal') {
      pfn = this.buddy.rmqueueClaim(z, order, mt, (allocFlags & ALLOC_NOFRAGMENT) !== 0)
      if (pfn !== NO_PFN) {
        mode.mode = 'normal'
        return pfn
      }
    }
    if (!(allocFlags & ALLOC_NOFRAGMENT)) {
      pfn = this.buddy.rmqueueSteal(z, order, mt)
      if (pfn !== NO_PFN) {
        mode.mode = 'steal'
        return pfn
      }
    }
    return NO_PFN
  }

  // mm/page_alloc.c: rmqueue_pcplist() → __rmqueue_pcplist()
  private rmqueuePcplist(z: Zone, order: number, mt: number, allocFlags: number, cpu: number): number {
    const pcp = this.pcp[cpu]![z.idx]!
    // An allocation shrinks the next bulk free (see nr_pcp_free()).
    pcp.free_count >>= 1
    const list = this.pcpList(cpu, z, orderToPindex(mt, order))
    if (this.buddy.lists.empty(list)) {
      const batch = nrPcpAlloc(pcp, z, order)
      const got = this.rmqueueBulk(z, order, batch, list, mt, allocFlags)
      pcp.count += got << order
      if (this.buddy.lists.empty(list)) return NO_PFN
    }
    const pfn = this.buddy.lists.first(list)
    this.buddy.lists.del(list, pfn)
    pcp.count -= 1 << order
    this.checkNewPages(pfn, order)
    this.countAlloc(z, order)
    return pfn
  }

  /** Move up to `count` blocks from the buddy lists to the tail of a pcp list, in one go. */
  // mm/page_alloc.c: rmqueue_bulk()
  private rmqueueBulk(z: Zone, order: number, count: number, list: number, mt: number, allocFlags: number): number {
    const mode = { mode: 'normal' as 'normal' | 'claim' | 'steal' }
    let i = 0
    for (; i < count; i++) {
      const pfn = this.rmqueue_(z, order, mt, allocFlags, mode)
      if (pfn === NO_PFN) break
      this.buddy.lists.addTail(list, pfn)
      if (order) this.memmap.use.fill(FrameUse.PCP, pfn, pfn + (1 << order))
      else this.memmap.use[pfn] = FrameUse.PCP
    }
    return i
  }

  /** A block leaving the allocator must be clean: no references, no flags, no type, unmapped. */
  // mm/page_alloc.c: check_new_pages() → page_bad_reason()
  private checkNewPages(pfn: number, order: number): void {
    const mm = this.memmap
    for (let p = pfn; p < pfn + (1 << order); p++) {
      if (mm._refcount[p] !== 0 || mm._mapcount[p] !== -1 || mm.flags[p] !== 0 || mm.page_type[p] !== 0 || mm.mapping[p] !== 0) {
        throw new Error(`BUG: Bad page state: pfn ${p} leaves the allocator with _refcount ${mm._refcount[p]} flags ${mm.flags[p]}`)
      }
    }
  }

  /**
   * The block becomes the caller's: one reference on its first page, zeroed if asked
   * (__GFP_ZERO: the simulated frames hold no data, so nothing shows), and with __GFP_COMP a
   * compound page: PG_head on the first page, the others pointing at it.
   */
  // mm/page_alloc.c: prep_new_page() → post_alloc_hook(), prep_compound_page()
  private prepNewPage(pfn: number, order: number, gfp: number): void {
    const mm = this.memmap
    if (order) mm.use.fill(FrameUse.ALLOCATED, pfn, pfn + (1 << order))
    else mm.use[pfn] = FrameUse.ALLOCATED
    mm.private[pfn] = 0
    mm._refcount[pfn] = 1
    if (order && gfp & __GFP_COMP) {
      mm.flags[pfn] = mm.flags[pfn]! | flagBit(PG_head)
      mm.compound_order[pfn] = order
      mm.compound_head.fill(pfn, pfn + 1, pfn + (1 << order))
    }
  }

  /**
   * Reserve the allocation's pageblock for high-order atomic allocations, up to ~1 % of the
   * zone (nothing if 1 % is less than a pageblock).
   */
  // mm/page_alloc.c: reserve_highatomic_pageblock()
  private reserveHighatomicPageblock(pfn: number, order: number, z: Zone): void {
    const onePercent = Math.floor(z.managed_pages / 100)
    if (onePercent < PAGEBLOCK_NR_PAGES) return
    const maxManaged = Math.ceil(onePercent / PAGEBLOCK_NR_PAGES) * PAGEBLOCK_NR_PAGES
    if (z.nr_reserved_highatomic >= maxManaged) return
    const mt = this.buddy.migratetype(pfn)
    if (mt >= MIGRATE_PCPTYPES) return
    if (order < PAGEBLOCK_ORDER) {
      if (this.buddy.moveFreepagesBlockTo(z, pfn, mt, MIGRATE_HIGHATOMIC) < 0) return
      z.nr_reserved_highatomic += PAGEBLOCK_NR_PAGES
    } else {
      for (let b = 0; b < 1 << (order - PAGEBLOCK_ORDER); b++) this.buddy.setMigratetype(pfn + b * PAGEBLOCK_NR_PAGES, MIGRATE_HIGHATOMIC)
      z.nr_reserved_highatomic += 1 << order
    }
  }

  // ---- freeing ---------------------------------------------------------------------------

  /**
   * Free a block of 2^order pages whose first page holds the one reference: to this CPU's pcp
   * list when the order has one, else straight to the buddy lists.
   */
  // mm/page_alloc.c: __free_pages() → put_page_testzero() → __free_frozen_pages()
  freePages(pfn: number, order: number, cpu: number): void {
    this.generation++
    const mm = this.memmap
    if (mm._refcount[pfn]! < 1) throw new Error(`BUG: __free_pages of pfn ${pfn} with _refcount ${mm._refcount[pfn]}`)
    if (--mm._refcount[pfn]! > 0) return
    if (!pcpAllowedOrder(order)) {
      this.freePagesOk(pfn, order, FPI_NONE)
      return
    }
    this.freePagesPrepare(pfn, order, FrameUse.PCP)
    const z = this.zone(pfn)
    let mt = this.buddy.migratetype(pfn)
    if (mt >= MIGRATE_PCPTYPES) {
      if (mt === MIGRATE_ISOLATE) {
        this.freeOnePage(z, pfn, order, FPI_NONE)
        return
      }
      // HIGHATOMIC pages wait on the movable list, so they can be had back.
      mt = MIGRATE_MOVABLE
    }
    this.freeFrozenPageCommit(z, this.pcp[cpu]![z.idx]!, pfn, mt, order)
  }

  /** Clear what the owner left: flags, compound state, mapping. The frames hold no reference. */
  // mm/page_alloc.c: free_pages_prepare()
  private freePagesPrepare(pfn: number, order: number, use: FrameUse): void {
    this.memmap.clear(pfn, pfn + (1 << order), 0, use)
  }

  // mm/page_alloc.c: __free_pages_ok()
  private freePagesOk(pfn: number, order: number, fpi: number): void {
    this.freePagesPrepare(pfn, order, FrameUse.FREE)
    this.freeOnePage(this.zone(pfn), pfn, order, fpi)
  }

  /** A block bigger than a pageblock is freed pageblock by pageblock, each with its own type. */
  // mm/page_alloc.c: free_one_page() → split_large_buddy()
  private freeOnePage(z: Zone, pfn: number, order: number, fpi: number): void {
    const end = pfn + (1 << order)
    const step = Math.min(order, PAGEBLOCK_ORDER)
    for (let p = pfn; p < end; p += 1 << step) this.buddy.freeOnePage(p, z, step, this.buddy.migratetype(p), fpi)
    this.vmstat.countEvent('pgfree', 1 << order)
  }

  // mm/page_alloc.c: free_frozen_page_commit()
  private freeFrozenPageCommit(z: Zone, pcp: PerCpuPages, pfn: number, mt: number, order: number): void {
    // A free shrinks the next refill (see nr_pcp_alloc()).
    pcp.alloc_factor >>= 1
    this.vmstat.countEvent('pgfree', 1 << order)
    const pindex = orderToPindex(mt, order)
    this.buddy.lists.add(this.pcpList(pcp.cpu, z, pindex), pfn)
    pcp.count += 1 << order
    const batch = pcp.batch
    // High-order pages other than THP fragment memory if they pile up: free them in bulk when
    // the CPU frees many in a row without allocating.
    let freeHigh = false
    if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
      freeHigh =
        pcp.free_count >= batch + (pcp.high_min >> 1) &&
        (pcp.flags & PCPF_PREV_FREE_HIGH_ORDER) !== 0 &&
        (!(pcp.flags & PCPF_FREE_HIGH_BATCH) || pcp.count >= batch)
      pcp.flags |= PCPF_PREV_FREE_HIGH_ORDER
    } else if (pcp.flags & PCPF_PREV_FREE_HIGH_ORDER) {
      pcp.flags &= ~PCPF_PREV_FREE_HIGH_ORDER
    }
    if (pcp.free_count < batch << PCP_BATCH_SCALE_MAX) pcp.free_count += 1 << order
    const high = nrPcpHigh(pcp, z, batch, freeHigh)
    if (pcp.count >= high) {
      this.freePcppagesBulk(z, nrPcpFree(pcp, batch, high, freeHigh), pcp, pindex)
      if (z.below_high && this.zoneWatermarkOk(z, 0, z._watermark[WMARK_HIGH], ZONE_MOVABLE, 0)) z.below_high = false
    }
  }

  /**
   * Give `count` pages from a CPU's lists back to the buddy lists, round-robin over the lists
   * starting with `pindex`, oldest pages (the tail) first.
   */
  // mm/page_alloc.c: free_pcppages_bulk()
  private freePcppagesBulk(z: Zone, count: number, pcp: PerCpuPages, pindex: number): void {
    count = Math.min(pcp.count, count)
    pindex = pindex - 1
    const lists = this.buddy.lists
    while (count > 0) {
      let list: number
      do {
        if (++pindex > NR_PCP_LISTS - 1) pindex = 0
        list = this.pcpList(pcp.cpu, z, pindex)
      } while (lists.empty(list))
      const order = pindexToOrder(pindex)
      const nr = 1 << order
      do {
        const pfn = lists.last(list)
        lists.del(list, pfn)
        count -= nr
        pcp.count -= nr
        this.memmap.use.fill(FrameUse.FREE, pfn, pfn + nr)
        this.buddy.freeOnePage(pfn, z, order, this.buddy.migratetype(pfn), FPI_NONE)
      } while (count > 0 && !lists.empty(list))
    }
  }

  /** Empty every CPU's lists of every zone back into the buddy lists. */
  // mm/page_alloc.c: drain_all_pages(NULL) → drain_pages_zone()
  drainAllPages(): void {
    this.generation++
    for (const cpuPcps of this.pcp) {
      for (const z of this.zones) {
        const pcp = cpuPcps[z.idx]!
        while (pcp.count) this.freePcppagesBulk(z, Math.min(pcp.count, pcp.batch << PCP_BATCH_SCALE_MAX), pcp, 0)
      }
    }
  }

  /** Pages on per-CPU lists, all CPUs and zones. */
  pcpPages(): number {
    let n = 0
    for (const c of this.pcp) for (const p of c) n += p.count
    return n
  }
}

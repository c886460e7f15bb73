// The buddy allocator's free lists (mm/page_alloc.c, 6.18): per zone, free_area[order] for
// order 0..MAX_PAGE_ORDER, each with one list per migratetype. A free block of 2^order pages is
// on exactly one list, through its first page (PageBuddy, page->private = order). Freeing merges
// a block with its buddy at pfn ^ (1 << order) while the buddy is free and of the same order;
// allocating takes the smallest block that fits and splits it (expand), handing the upper halves
// back to the lists. Pageblocks (2 MiB) carry a migratetype; when a type's lists are empty, an
// allocation claims a whole pageblock of another type or steals a block from it.

import { FrameUse } from '@shared/model/frames'
import { MIGRATE_HIGHATOMIC, MIGRATE_ISOLATE, MIGRATE_MOVABLE, MIGRATE_PCPTYPES, MIGRATE_RECLAIMABLE, MIGRATE_TYPES, MIGRATE_UNMOVABLE } from './gfp'
import { PageLists } from './lists'
import { NO_PFN, type Memmap } from './memmap'
import { PGTY_buddy, PG_lru, flagBit } from './page_flags'
import { PAGEBLOCK_NR_PAGES, PAGEBLOCK_ORDER, type Zone } from './zone'

/** include/linux/mmzone.h: MAX_PAGE_ORDER, the largest block (4 MiB), and NR_PAGE_ORDERS. */
export const MAX_PAGE_ORDER = 10
export const NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1

/** Free Page Internal flags: put the (merged) block at the tail of its list. */
export const FPI_NONE = 0
export const FPI_TO_TAIL = 1 << 1

/** Where an allocation of one migratetype looks when its own lists are empty. */
// mm/page_alloc.c: fallbacks[]
const FALLBACKS: readonly (readonly number[])[] = [
  [MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE], // UNMOVABLE
  [MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE], // MOVABLE
  [MIGRATE_UNMOVABLE, MIGRATE_MOVABLE] // RECLAIMABLE
]

export class Buddy {
  /** One migratetype per pageblock (the pageblock_flags bitmap). */
  readonly pageblockMt: Uint8Array
  readonly lists: PageLists

  constructor(
    readonly mm: Memmap,
    readonly zones: readonly Zone[],
    /** Lists beyond the free lists, for the per-CPU lists (their ids start at pcpListBase). */
    extraLists: number
  ) {
    this.pageblockMt = new Uint8Array(Math.ceil(mm.nrPages / PAGEBLOCK_NR_PAGES))
    this.lists = new PageLists(mm, zones.length * NR_PAGE_ORDERS * MIGRATE_TYPES + extraLists)
  }

  get pcpListBase(): number {
    return this.zones.length * NR_PAGE_ORDERS * MIGRATE_TYPES
  }

  /** The list id of zone->free_area[order].free_list[mt]. */
  freeList(z: Zone, order: number, mt: number): number {
    return (z.idx * NR_PAGE_ORDERS + order) * MIGRATE_TYPES + mt
  }

  // include/linux/pageblock-flags.h: get_pfnblock_migratetype()
  migratetype(pfn: number): number {
    return this.pageblockMt[pfn >> PAGEBLOCK_ORDER]!
  }

  // mm/page_alloc.c: set_pageblock_migratetype()
  setMigratetype(pfn: number, mt: number): void {
    this.pageblockMt[pfn >> PAGEBLOCK_ORDER] = mt
  }

  isBuddy(pfn: number): boolean {
    return this.mm.page_type[pfn] === PGTY_buddy
  }

  zoneSpans(z: Zone, pfn: number): boolean {
    return pfn >= z.zone_start_pfn && pfn < z.zone_start_pfn + z.spanned_pages
  }

  // mm/page_alloc.c: account_freepages(): NR_FREE_PAGES, and the free highatomic pages.
  private accountFreepages(z: Zone, nr: number, mt: number): void {
    if (mt === MIGRATE_ISOLATE) return
    z.nr_free += nr
    if (mt === MIGRATE_HIGHATOMIC) z.nr_free_highatomic += nr
  }

  // mm/page_alloc.c: __add_to_free_list()
  private addToFreeList(pfn: number, z: Zone, order: number, mt: number, tail: boolean): void {
    const list = this.freeList(z, order, mt)
    if (tail) this.lists.addTail(list, pfn)
    else this.lists.add(list, pfn)
    z.free_area[order]!++
    if (order >= PAGEBLOCK_ORDER && mt !== MIGRATE_ISOLATE) z.nr_free_blocks += 1 << order
  }

  // mm/page_alloc.c: __del_page_from_free_list() (+ __ClearPageBuddy, set_page_private(0))
  private delFromFreeList(pfn: number, z: Zone, order: number, mt: number): void {
    this.lists.del(this.freeList(z, order, mt), pfn)
    this.mm.page_type[pfn] = 0
    this.mm.private[pfn] = 0
    z.free_area[order]!--
    if (order >= PAGEBLOCK_ORDER && mt !== MIGRATE_ISOLATE) z.nr_free_blocks -= 1 << order
  }

  // mm/page_alloc.c: move_to_free_list(): list_move_tail() to another migratetype's list.
  private moveToFreeList(pfn: number, z: Zone, order: number, oldMt: number, newMt: number): void {
    this.lists.del(this.freeList(z, order, oldMt), pfn)
    this.lists.addTail(this.freeList(z, order, newMt), pfn)
    const nr = 1 << order
    this.accountFreepages(z, -nr, oldMt)
    this.accountFreepages(z, nr, newMt)
    if (order >= PAGEBLOCK_ORDER && (oldMt === MIGRATE_ISOLATE) !== (newMt === MIGRATE_ISOLATE)) {
      z.nr_free_blocks += newMt === MIGRATE_ISOLATE ? -nr : nr
    }
  }

  /** The block [pfn, pfn + 2^order) is free: PageBuddy on its head with its order, FREE on all. */
  // mm/page_alloc.c: set_buddy_order()
  private setBuddyOrder(pfn: number, order: number): void {
    this.mm.page_type[pfn] = PGTY_buddy
    this.mm.private[pfn] = order
    this.mm.use.fill(FrameUse.FREE, pfn, pfn + (1 << order))
  }

  /**
   * The buddy of the block at pfn, if it is free with the same order in the same zone. The
   * memmap ends at max_pfn here, where Linux's ends at the section's end: a buddy past it is
   * never free.
   */
  // mm/internal.h: find_buddy_page_pfn() → page_is_buddy()
  private findBuddy(z: Zone, pfn: number, order: number): number {
    const buddy = pfn ^ (1 << order)
    if (buddy >= this.mm.nrPages) return NO_PFN
    if (!this.isBuddy(buddy) || this.mm.private[buddy] !== order) return NO_PFN
    if (!this.zoneSpans(z, buddy)) return NO_PFN
    if (this.mm._refcount[buddy] !== 0) throw new Error(`BUG: free buddy pfn ${buddy} has _refcount ${this.mm._refcount[buddy]}`)
    return buddy
  }

  /**
   * Free the block [pfn, pfn + 2^order) of migratetype mt into zone z, merging it with its buddy
   * as long as the buddy is free, up to MAX_PAGE_ORDER. Blocks of a pageblock or more merge only
   * when both migratetypes may (HIGHATOMIC and ISOLATE keep to themselves).
   */
  // mm/page_alloc.c: __free_one_page()
  freeOnePage(pfn: number, z: Zone, order: number, mt: number, fpi: number): void {
    if (pfn & ((1 << order) - 1)) throw new Error(`BUG: __free_one_page of pfn ${pfn} not aligned to order ${order}`)
    this.accountFreepages(z, 1 << order, mt)
    let buddyPfn = NO_PFN
    while (order < MAX_PAGE_ORDER) {
      buddyPfn = pfn ^ (1 << order)
      const buddy = this.findBuddy(z, pfn, order)
      if (buddy === NO_PFN) break
      let buddyMt = mt
      if (order >= PAGEBLOCK_ORDER) {
        buddyMt = this.migratetype(buddy)
        if (mt !== buddyMt && (mt >= MIGRATE_PCPTYPES || buddyMt >= MIGRATE_PCPTYPES)) break
      }
      this.delFromFreeList(buddy, z, order, buddyMt)
      // Match the buddy's pageblock to ours, so expand() later puts the halves on one list.
      if (buddyMt !== mt) this.setMigratetype(buddy, mt)
      pfn &= buddy
      order++
    }
    this.setBuddyOrder(pfn, order)
    // If the next-higher buddy is free too, this block is likely to merge soon: keep it at the
    // tail, away from the allocations that take from the head.
    let toTail: boolean
    if (fpi & FPI_TO_TAIL) toTail = true
    else toTail = order < MAX_PAGE_ORDER - 1 && buddyPfn !== NO_PFN && this.findBuddy(z, buddyPfn & pfn, order + 1) !== NO_PFN // buddy_merge_likely()
    this.addToFreeList(pfn, z, order, mt, toTail)
  }

  /**
   * Split a block of 2^high pages taken off the lists down to 2^low: each upper half goes back
   * onto the lists (at their heads) one order lower. Returns the pages put back.
   */
  // mm/page_alloc.c: expand()
  private expand(z: Zone, pfn: number, low: number, high: number, mt: number): number {
    let size = 1 << high
    let added = 0
    while (high > low) {
      high--
      size >>= 1
      this.addToFreeList(pfn + size, z, high, mt, false)
      this.setBuddyOrder(pfn + size, high)
      added += size
    }
    return added
  }

  // mm/page_alloc.c: page_del_and_expand()
  private delAndExpand(z: Zone, pfn: number, low: number, high: number, mt: number): void {
    let nr = 1 << high
    this.delFromFreeList(pfn, z, high, mt)
    nr -= this.expand(z, pfn, low, high, mt)
    this.accountFreepages(z, -nr, mt)
  }

  /** The first block of the smallest order ≥ order on mt's lists, split to size; NO_PFN if none. */
  // mm/page_alloc.c: __rmqueue_smallest()
  rmqueueSmallest(z: Zone, order: number, mt: number): number {
    for (let o = order; o < NR_PAGE_ORDERS; o++) {
      const pfn = this.lists.first(this.freeList(z, o, mt))
      if (pfn === NO_PFN) continue
      this.delAndExpand(z, pfn, order, o, mt)
      return pfn
    }
    return NO_PFN
  }

  /**
   * A fallback migratetype with a free block of this order, or -1 (none) / -2 (the order is too
   * small to claim a whole pageblock for this type).
   */
  // mm/page_alloc.c: find_suitable_fallback()
  private findSuitableFallback(z: Zone, order: number, mt: number, claimable: boolean): number {
    if (claimable && !shouldTryClaimBlock(order, mt)) return -2
    if (z.free_area[order] === 0) return -1
    for (const f of FALLBACKS[mt]!) if (!this.lists.empty(this.freeList(z, order, f))) return f
    return -1
  }

  /**
   * Look at a pageblock before claiming it: the free pages on buddy lists and the pages that
   * could move (on an LRU). False when the block straddles the zone's edge.
   */
  // mm/page_alloc.c: prep_move_freepages_block()
  private prepMoveFreepagesBlock(z: Zone, pfn: number): { start: number; free: number; movable: number } | null {
    const start = pfn & ~(PAGEBLOCK_NR_PAGES - 1)
    const end = start + PAGEBLOCK_NR_PAGES
    if (!this.zoneSpans(z, start) || !this.zoneSpans(z, end - 1)) return null
    let free = 0
    let movable = 0
    for (let p = start; p < end; ) {
      if (this.isBuddy(p)) {
        const nr = 1 << this.mm.private[p]!
        free += nr
        p += nr
        continue
      }
      // PageLRU(page) || page_has_movable_ops(page): pages that could be migrated away.
      if (this.mm.flags[p]! & flagBit(PG_lru)) movable++
      p++
    }
    return { start, free, movable }
  }

  // mm/page_alloc.c: __move_freepages_block()
  private moveFreepagesBlock(z: Zone, start: number, oldMt: number, newMt: number): number {
    let moved = 0
    for (let p = start; p < start + PAGEBLOCK_NR_PAGES; ) {
      if (!this.isBuddy(p)) {
        p++
        continue
      }
      const order = this.mm.private[p]!
      this.moveToFreeList(p, z, order, oldMt, newMt)
      p += 1 << order
      moved += 1 << order
    }
    return moved
  }

  /** Move a pageblock's free blocks to newMt's lists and retype it; -1 if it straddles the zone. */
  // mm/page_alloc.c: move_freepages_block()
  moveFreepagesBlockTo(z: Zone, pfn: number, oldMt: number, newMt: number): number {
    const start = pfn & ~(PAGEBLOCK_NR_PAGES - 1)
    if (!this.zoneSpans(z, start) || !this.zoneSpans(z, start + PAGEBLOCK_NR_PAGES - 1)) return -1
    const moved = this.moveFreepagesBlock(z, start, oldMt, newMt)
    this.setMigratetype(start, newMt)
    return moved
  }

  /**
   * Take a block of another type and, if enough of its pageblock is free or alike, make the
   * whole pageblock ours (its free blocks move to our lists). NO_PFN if the block can't be claimed.
   */
  // mm/page_alloc.c: try_to_claim_block()
  private tryToClaimBlock(z: Zone, pfn: number, currentOrder: number, order: number, startType: number, blockType: number): number {
    if (currentOrder >= PAGEBLOCK_ORDER) {
      // Take ownership of whole pageblocks.
      this.delFromFreeList(pfn, z, currentOrder, blockType)
      this.accountFreepages(z, -(1 << currentOrder), blockType)
      for (let b = 0; b < 1 << (currentOrder - PAGEBLOCK_ORDER); b++) this.setMigratetype(pfn + b * PAGEBLOCK_NR_PAGES, startType)
      const added = this.expand(z, pfn, order, currentOrder, startType)
      this.accountFreepages(z, added, startType)
      return pfn
    }
    const blk = this.prepMoveFreepagesBlock(z, pfn)
    if (!blk) return NO_PFN
    let alike: number
    if (startType === MIGRATE_MOVABLE) alike = blk.movable
    else if (blockType === MIGRATE_MOVABLE) alike = PAGEBLOCK_NR_PAGES - (blk.free + blk.movable)
    else alike = 0
    if (blk.free + alike >= 1 << (PAGEBLOCK_ORDER - 1)) {
      this.moveFreepagesBlock(z, blk.start, blockType, startType)
      this.setMigratetype(blk.start, startType)
      return this.rmqueueSmallest(z, order, startType)
    }
    return NO_PFN
  }

  /** Claim a pageblock of a fallback type, largest blocks first. */
  // mm/page_alloc.c: __rmqueue_claim()
  rmqueueClaim(z: Zone, order: number, startMt: number, noFragment: boolean): number {
    const minOrder = order < PAGEBLOCK_ORDER && noFragment ? PAGEBLOCK_ORDER : order
    for (let o = MAX_PAGE_ORDER; o >= minOrder; o--) {
      const f = this.findSuitableFallback(z, o, startMt, true)
      if (f === -1) continue
      if (f === -2) break
      const pfn = this.lists.first(this.freeList(z, o, f))
      const got = this.tryToClaimBlock(z, pfn, o, order, startMt, f)
      if (got !== NO_PFN) return got
    }
    return NO_PFN
  }

  /** Take one block from a fallback type without claiming its pageblock, smallest first. */
  // mm/page_alloc.c: __rmqueue_steal()
  rmqueueSteal(z: Zone, order: number, startMt: number): number {
    for (let o = order; o < NR_PAGE_ORDERS; o++) {
      const f = this.findSuitableFallback(z, o, startMt, false)
      if (f === -1) continue
      const pfn = this.lists.first(this.freeList(z, o, f))
      this.delAndExpand(z, pfn, order, o, f)
      return pfn
    }
    return NO_PFN
  }
}

// mm/page_alloc.c: should_try_claim_block()
function shouldTryClaimBlock(order: number, startMt: number): boolean {
  if (order >= PAGEBLOCK_ORDER) return true
  if (order >= PAGEBLOCK_ORDER >> 1) return true
  return startMt === MIGRATE_RECLAIMABLE || startMt === MIGRATE_UNMOVABLE
}

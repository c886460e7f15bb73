// How frames reach the page allocator (mm/page_alloc.c, mm/mm_init.c): at boot from memblock
// (__free_pages_core), later from the kernel image (free_reserved_area). Both end in
// freePagesToAllocator(), the one door into the allocator's free lists.
//
// Until the buddy allocator exists, freePagesToAllocator() only marks the frames free and counts
// them in their zone (NR_FREE_PAGES). The buddy allocator replaces that one method with
// __free_pages_ok() → __free_one_page() (free lists, merging); the callers stay as they are.
// Boot hands it naturally aligned blocks of 2^order pages (order ≤ MAX_PAGE_ORDER), as Linux does.

import type { Memmap } from './memmap'
import type { Zone } from './zone'

export class PageAllocator {
  constructor(
    readonly memmap: Memmap,
    readonly zones: readonly Zone[]
  ) {}

  /** The zone whose span holds pfn (page_zone()); undefined outside every zone. */
  zoneOf(pfn: number): Zone | undefined {
    for (let i = this.zones.length - 1; i >= 0; i--) {
      const z = this.zones[i]!
      if (z.spanned_pages > 0 && pfn >= z.zone_start_pfn && pfn < z.zone_start_pfn + z.spanned_pages) return z
    }
    return undefined
  }

  /** Visit [pfn, pfn+count) zone by zone. */
  private forEachZoneRange(pfn: number, count: number, fn: (z: Zone, start: number, end: number) => void): void {
    const end = pfn + count
    while (pfn < end) {
      const z = this.zoneOf(pfn)
      if (!z) throw new Error(`BUG: pfn ${pfn} outside every zone`)
      const stop = Math.min(end, z.zone_start_pfn + z.spanned_pages)
      fn(z, pfn, stop)
      pfn = stop
    }
  }

  /**
   * The frames [pfn, pfn+count) join the allocator's free memory. The buddy allocator replaces
   * this method; nothing else marks a frame free.
   */
  // mm/page_alloc.c: __free_pages_ok() (here without free lists: counted in NR_FREE_PAGES)
  freePagesToAllocator(pfn: number, count: number): void {
    this.memmap.setFree(pfn, pfn + count)
    this.forEachZoneRange(pfn, count, (z, s, e) => {
      z.nr_free += e - s
    })
  }

  /** Frames memblock never reserved: from now on the allocator manages them. */
  // mm/page_alloc.c: __free_pages_core(page, order, MEMINIT_EARLY)
  freePagesCore(pfn: number, count: number): void {
    // __ClearPageReserved + set_page_count(p, 0) on each page, then managed_pages += nr_pages.
    this.forEachZoneRange(pfn, count, (z, s, e) => {
      z.managed_pages += e - s
    })
    this.freePagesToAllocator(pfn, count)
  }

  /**
   * Give reserved frames [startPfn, endPfn) for good to the allocator: each becomes managed and
   * free. Returns how many pages were freed.
   */
  // mm/page_alloc.c: free_reserved_area() → free_reserved_page() → adjust_managed_page_count()
  freeReservedArea(startPfn: number, endPfn: number): number {
    if (endPfn <= startPfn) return 0
    for (let pfn = startPfn; pfn < endPfn; pfn++) {
      if (!this.memmap.isReserved(pfn)) throw new Error(`BUG: free_reserved_area of pfn ${pfn}, which is not PG_reserved`)
    }
    this.forEachZoneRange(startPfn, endPfn - startPfn, (z, s, e) => {
      z.managed_pages += e - s
    })
    this.freePagesToAllocator(startPfn, endPfn - startPfn)
    return endPfn - startPfn
  }

  /** memblock_free_all() counts managed pages afresh. */
  // mm/mm_init.c: reset_all_zones_managed_pages()
  resetAllZonesManagedPages(): void {
    for (const z of this.zones) z.managed_pages = 0
  }
}

// The memmap: one struct page per page frame, as flat typed arrays indexed by pfn
// (DESIGN.md "Flat state"). Linux's struct page is 64 bytes; the fields the lab simulates take
// 17 bytes per frame here, so a 4 GiB machine (1 M frames) costs 17 MB and a snapshot is a few
// array copies. Fields keep the kernel's names (include/linux/mm_types.h).

import { FrameUse } from '@shared/model/frames'
import { PG_reserved, flagBit } from './page_flags'

export class Memmap {
  /** page->flags: PG_* bits (page_flags.ts). */
  readonly flags: Uint32Array
  /** page->_refcount. */
  readonly _refcount: Int32Array
  /** page->_mapcount, -1 when the page is mapped by no page table. */
  readonly _mapcount: Int32Array
  /** page->private (the buddy order of a free block's head, a swap entry, …). */
  readonly private: Uint32Array
  /** What the frame is used for (not a kernel field: see src-shared/model/frames.ts). */
  readonly use: Uint8Array

  constructor(readonly nrPages: number) {
    this.flags = new Uint32Array(nrPages)
    this._refcount = new Int32Array(nrPages)
    this._mapcount = new Int32Array(nrPages).fill(-1)
    this.private = new Uint32Array(nrPages)
    this.use = new Uint8Array(nrPages) // FrameUse.HOLE is 0: a hole until memblock says otherwise
  }

  /** Bytes of simulated struct page state per frame. */
  static readonly BYTES_PER_FRAME = 4 + 4 + 4 + 4 + 1

  /**
   * Frames of RAM as free_area_init() leaves them: one reference each ("allocated"), no flags,
   * until memblock_free_all() either frees them or marks them reserved. `use` says ALLOCATED
   * meanwhile; no frame keeps it past the boot.
   */
  // mm/mm_init.c: memmap_init_range() → __init_single_page()
  initSinglePages(start: number, end: number): void {
    this.clear(start, end, 1, FrameUse.ALLOCATED)
  }

  /**
   * A hole that still has a struct page (its 2 MiB subsection holds some RAM, so pfn_valid() is
   * true): reserved for good, so nothing ever treats it as memory. dmesg counts them:
   * "On node 0, zone DMA: 97 pages in unavailable ranges".
   */
  // mm/mm_init.c: init_unavailable_range()
  initUnavailable(start: number, end: number): void {
    this.flags.fill(flagBit(PG_reserved), start, end)
    this._refcount.fill(1, start, end)
    this.use.fill(FrameUse.HOLE, start, end)
  }

  /**
   * A frame memblock reserved: PG_reserved, one reference held by its owner for good
   * (mm/mm_init.c: reserve_bootmem_region() → init_reserved_page() + __SetPageReserved()).
   */
  setReserved(start: number, end: number, use: FrameUse): void {
    for (let pfn = start; pfn < end; pfn++) {
      this.flags[pfn] = flagBit(PG_reserved)
      this._refcount[pfn] = 1
      this.use[pfn] = use
    }
  }

  /** A frame handed to the page allocator and free: no flags, no references. */
  setFree(start: number, end: number): void {
    this.clear(start, end, 0, FrameUse.FREE)
  }

  /** No flags, unmapped, no private data; `refcount` references, used as `use`. */
  private clear(start: number, end: number, refcount: number, use: FrameUse): void {
    this.flags.fill(0, start, end)
    this._refcount.fill(refcount, start, end)
    this._mapcount.fill(-1, start, end)
    this.private.fill(0, start, end)
    this.use.fill(use, start, end)
  }

  isReserved(pfn: number): boolean {
    return (this.flags[pfn]! & flagBit(PG_reserved)) !== 0
  }
}

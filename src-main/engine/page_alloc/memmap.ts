// The memmap: one struct page per page frame, as flat typed arrays indexed by pfn
// (DESIGN.md "Flat state"). Linux's struct page is 64 bytes; the fields the lab simulates take
// 43 bytes per frame here (≤ 48, so a 4 GiB machine's 1 M frames cost 43 MB), and a snapshot is
// a few array copies. Fields keep the kernel's names (include/linux/mm_types.h).

import { FrameUse } from '@shared/model/frames'
import { PG_reserved, flagBit } from './page_flags'

/** No pfn: the end of an lru list, or no compound head. */
export const NO_PFN = -1

export class Memmap {
  /** page->flags: PG_* bits (page_flags.ts). */
  readonly flags: Uint32Array
  /** page->_refcount. */
  readonly _refcount: Int32Array
  /** page->_mapcount, -1 when the page is mapped by no page table. */
  readonly _mapcount: Int32Array
  /**
   * page->page_type's type byte (PGTY_* of page_flags.ts; 0: none). In Linux it overlays
   * _mapcount, which is -1 on every typed page; kept apart here so both read plainly.
   */
  readonly page_type: Uint8Array
  /** page->private (the buddy order of a free block's head, a swap entry, …). */
  readonly private: Uint32Array
  /**
   * page->mapping: an id in the machine's mapping table (0: NULL), with bit 0 set for an anon_vma
   * (PAGE_MAPPING_ANON), as the kernel tags the pointer.
   */
  readonly mapping: Uint32Array
  /** page->index: the page's offset in its mapping (pgoff), in pages. */
  readonly index: Float64Array
  /** page->lru (buddy_list / pcp_list): the next and previous pfn on the list, NO_PFN at an end. */
  readonly lru_next: Int32Array
  readonly lru_prev: Int32Array
  /** Tail pages of a compound page: the head's pfn (page->compound_head); NO_PFN otherwise. */
  readonly compound_head: Int32Array
  /** Head pages of a compound page: its order (folio->_flags_1 & 0xff); 0 otherwise. */
  readonly compound_order: Uint8Array
  /** What the frame is used for (not a kernel field: see src-shared/model/frames.ts). */
  readonly use: Uint8Array

  constructor(readonly nrPages: number) {
    this.flags = new Uint32Array(nrPages)
    this._refcount = new Int32Array(nrPages)
    this._mapcount = new Int32Array(nrPages).fill(-1)
    this.page_type = new Uint8Array(nrPages)
    this.private = new Uint32Array(nrPages)
    this.mapping = new Uint32Array(nrPages)
    this.index = new Float64Array(nrPages)
    this.lru_next = new Int32Array(nrPages).fill(NO_PFN)
    this.lru_prev = new Int32Array(nrPages).fill(NO_PFN)
    this.compound_head = new Int32Array(nrPages).fill(NO_PFN)
    this.compound_order = new Uint8Array(nrPages)
    this.use = new Uint8Array(nrPages) // FrameUse.HOLE is 0: a hole until memblock says otherwise
  }

  /** Bytes of simulated struct page state per frame. */
  static readonly BYTES_PER_FRAME = 4 + 4 + 4 + 1 + 4 + 4 + 8 + 4 + 4 + 4 + 1 + 1

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

  /** No flags, unmapped, no private data, on no list; `refcount` references, used as `use`. */
  clear(start: number, end: number, refcount: number, use: FrameUse): void {
    this.flags.fill(0, start, end)
    this._refcount.fill(refcount, start, end)
    this._mapcount.fill(-1, start, end)
    this.page_type.fill(0, start, end)
    this.private.fill(0, start, end)
    this.mapping.fill(0, start, end)
    this.index.fill(0, start, end)
    this.lru_next.fill(NO_PFN, start, end)
    this.lru_prev.fill(NO_PFN, start, end)
    this.compound_head.fill(NO_PFN, start, end)
    this.compound_order.fill(0, start, end)
    this.use.fill(use, start, end)
  }

  /** compound_head(): the first page of the compound page (folio) pfn belongs to; pfn itself if none. */
  compoundHead(pfn: number): number {
    const h = this.compound_head[pfn]!
    return h >= 0 ? h : pfn
  }

  isReserved(pfn: number): boolean {
    return (this.flags[pfn]! & flagBit(PG_reserved)) !== 0
  }

  /** Every per-frame array, for a snapshot's byte count and for tests. */
  arrays(): ArrayBufferView[] {
    return [this.flags, this._refcount, this._mapcount, this.page_type, this.private, this.mapping, this.index,
      this.lru_next, this.lru_prev, this.compound_head, this.compound_order, this.use]
  }
}

// What a page frame is used for, one byte per pfn in the engine's memmap (`FrameUse`), shared
// with the renderer so that every pane colours a frame the same way (../shared/UI.md).
// Linux itself does not keep this byte: it is derived from page flags and page types
// (PG_reserved, PG_slab, PageBuddy, PageTable, PageAnon, …) plus who reserved the frame at boot.
// The engine keeps it so a 1 M-frame map can be drawn without decoding flags per frame.

export const FrameUse = {
  /** Not RAM: a hole in the e820 map, or beyond the end of memory. No struct page is valid. */
  HOLE: 0,
  /** Handed to the page allocator and free. */
  FREE: 1,
  /** Reserved by firmware or the x86 boot (the first 1 MiB, the BIOS areas). PG_reserved. */
  RESERVED: 2,
  /** The kernel image: text, rodata, data, bss. PG_reserved. */
  KERNEL: 3,
  /** The memmap itself: the struct page array (vmemmap). PG_reserved. */
  MEMMAP: 4,
  /** The first per-CPU chunk embedded at boot. PG_reserved. */
  PERCPU: 5,
  /** A page-table page (PGD/PUD/PMD/PTE), boot-time or allocated later. */
  PGTABLE: 6,
  /** Other early boot allocations (NODE_DATA, mem_section, pageblock bitmaps). PG_reserved. */
  BOOTMEM: 7,
  SLAB: 8,
  ANON: 9,
  FILE: 10,
  SHMEM: 11,
  VMALLOC: 12,
  KSTACK: 13,
  ZERO: 14,
  SWAPCACHE: 15,
  PCP: 16,
  /** Allocated with alloc_pages and not (yet) owned by any subsystem. */
  ALLOCATED: 17
} as const
export type FrameUse = (typeof FrameUse)[keyof typeof FrameUse]

export const FRAME_USE_NAMES: Readonly<Record<FrameUse, string>> = {
  0: 'hole',
  1: 'free',
  2: 'reserved',
  3: 'kernel',
  4: 'memmap',
  5: 'percpu',
  6: 'pagetable',
  7: 'bootmem',
  8: 'slab',
  9: 'anon',
  10: 'file',
  11: 'shmem',
  12: 'vmalloc',
  13: 'kstack',
  14: 'zero',
  15: 'swapcache',
  16: 'pcp',
  17: 'allocated'
}

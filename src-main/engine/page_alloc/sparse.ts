// Where the memmap lives (mm/sparse.c, mm/sparse-vmemmap.c; CONFIG_SPARSEMEM_VMEMMAP). Physical
// memory is cut into 128 MiB sections (SECTION_SIZE_BITS = 27 on x86-64); every section holding
// any RAM is "present" and gets a whole section's worth of struct page — 32768 × 64 bytes =
// 2 MiB — mapped at VMEMMAP_START with one 2 MiB page, even when the section is mostly a hole.
// Inside a section, 2 MiB subsections record which parts hold RAM: pfn_valid() is true only there.
// On the reference VM (24 GiB, 192 present sections): /proc/vmstat nr_memmap_boot_pages 98304.

import { FrameUse } from '@shared/model/frames'
import type { Memblock } from '../memblock/memblock'
import type { PfnRange } from '../x86/e820'

const MiB = 1024 * 1024
const GiB = 1024 * MiB
export const SECTION_SIZE_BITS = 27
export const PAGES_PER_SECTION = 1 << (SECTION_SIZE_BITS - 12)
/** SUBSECTION_SHIFT = 21: the granule of pfn_valid() under SPARSEMEM_VMEMMAP. */
export const PAGES_PER_SUBSECTION = 1 << (21 - 12)
/** sizeof(struct page) on x86-64 without debug options. */
export const SIZEOF_STRUCT_PAGE = 64
/** section_map_size(): the memmap of one section, PMD-aligned. */
export const SECTION_MAP_SIZE = PAGES_PER_SECTION * SIZEOF_STRUCT_PAGE
/** __pa(MAX_DMA_ADDRESS): sparse and per-CPU allocations stay out of ZONE_DMA. */
const MAX_DMA_ADDRESS = 16 * MiB

/** Section numbers holding any RAM, ascending. */
// mm/sparse.c: memblocks_present() → memory_present()
export function presentSections(memory: readonly PfnRange[]): number[] {
  const present = new Set<number>()
  for (const r of memory) {
    for (let s = Math.floor(r.start / PAGES_PER_SECTION); s * PAGES_PER_SECTION < r.end; s++) present.add(s)
  }
  return [...present].sort((a, b) => a - b)
}

/** One byte per 2 MiB subsection below maxPfn: 1 where it holds RAM, i.e. pfn_valid(). */
// mm/sparse.c: subsection_map_init()
export function subsectionMapInit(memory: readonly PfnRange[], maxPfn: number): Uint8Array {
  const map = new Uint8Array(Math.ceil(maxPfn / PAGES_PER_SUBSECTION))
  for (const r of memory) {
    map.fill(1, Math.floor(r.start / PAGES_PER_SUBSECTION), Math.ceil(r.end / PAGES_PER_SUBSECTION))
  }
  return map
}

// include/linux/mmzone.h: pfn_valid() (SPARSEMEM_VMEMMAP: pfn_section_valid())
export function pfnValid(subsections: Uint8Array, pfn: number): boolean {
  return subsections[Math.floor(pfn / PAGES_PER_SUBSECTION)] === 1
}

export interface SparseLayout {
  sections: number[]
  /** Where the memmap of all present sections sits (sparse_buffer_init()'s one block). */
  memmapBase: number
  memmapSize: number
  /** The vmemmap's page tables (PUD, then PMD) as memblock gave them: their pfns, in order. */
  tables: number[]
}

/**
 * Allocate the memmap of every present section from memblock, as one 2 MiB-aligned block above
 * 16 MiB, top-down, then the kernel page tables that map it at VMEMMAP_START with 2 MiB pages:
 * a PUD table per 512 GiB and a PMD table per 1 GiB of vmemmap (1 GiB of vmemmap describes
 * 64 GiB of RAM, so the lab's machines need one of each).
 * Not simulated: the usemap (pageblock flags, ~40 bytes a section) and the mem_section roots,
 * sub-page allocations that land in pages already reserved.
 */
// mm/sparse.c: sparse_init() → sparse_init_nid() → sparse_buffer_init();
// mm/sparse-vmemmap.c: vmemmap_populate_hugepages() → vmemmap_{pgd,pud}_populate()
export function sparseInit(memblock: Memblock, memory: readonly PfnRange[]): SparseLayout {
  const sections = presentSections(memory)
  const memmapSize = sections.length * SECTION_MAP_SIZE
  const memmapBase = memblock.allocTopDown(memmapSize, SECTION_MAP_SIZE, 'memmap (struct page array)', FrameUse.MEMMAP, MAX_DMA_ADDRESS)
  if (memmapBase < 0) throw new Error(`BUG: memblock could not allocate ${memmapSize} bytes of memmap`)
  const puds = new Set<number>()
  const pmds = new Set<number>()
  const tables: number[] = []
  for (const s of sections) {
    const offset = s * SECTION_MAP_SIZE // from VMEMMAP_START
    const pud = Math.floor(offset / (512 * GiB))
    const pmd = Math.floor(offset / GiB)
    // vmemmap_pgd_populate() then vmemmap_pud_populate(): each allocates the table below it
    // the first time an entry is empty (vmemmap_alloc_block_zero() → memblock, top-down).
    for (const [set, key] of [[puds, pud], [pmds, pmd]] as const) {
      if (set.has(key)) continue
      set.add(key)
      const base = memblock.allocTopDown(4096, 4096, 'vmemmap page table', FrameUse.PGTABLE, MAX_DMA_ADDRESS)
      if (base < 0) throw new Error('BUG: memblock could not allocate a vmemmap page table')
      tables.push(base / 4096)
    }
  }
  return { sections, memmapBase, memmapSize, tables }
}

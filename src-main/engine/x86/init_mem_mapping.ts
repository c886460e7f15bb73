// The direct map at boot (arch/x86/mm/init.c: init_mem_mapping(), split_mem_range();
// arch/x86/mm/init_64.c: kernel_physical_mapping_init()). All RAM is mapped at
// PAGE_OFFSET = 0xffff888000000000 with the largest pages alignment allows. The simulated CPU
// has no 1 GiB pages (no gbpages: DESIGN.md), so a range is cut into a 4 KiB head up to the
// next 2 MiB boundary, 2 MiB pages, and a 4 KiB tail. What we count here is what
// update_page_count() records at boot: meminfo DirectMap4k/DirectMap2M. Later splits of 2 MiB
// pages (set_memory_ro/nx on the kernel image's alias) come with the kernel page tables.

import type { Memblock } from '../memblock/memblock'

export const PAGE_OFFSET = 0xffff888000000000n
const PMD_PAGES = 512 // 2 MiB in 4 KiB pages
const PUD_PAGES = 512 * 512 // 1 GiB in 4 KiB pages
const ISA_END_PFN = 0x100 // 1 MiB

export interface MapRange {
  startPfn: number
  endPfn: number
  /** 2 MiB pages (true) or 4 KiB pages. */
  large: boolean
}

export interface DirectMap {
  ranges: MapRange[]
  /** Pages mapped with 4 KiB PTEs: meminfo DirectMap4k / 4. */
  pages4k: number
  /** 2 MiB mappings: meminfo DirectMap2M / 2048. */
  pages2M: number
  /** Page-table pages the mapping needs below the PGD: PUD, PMD and PTE tables. */
  pudTables: number
  pmdTables: number
  pteTables: number
}

const roundUp = (v: number, a: number): number => Math.ceil(v / a) * a
const roundDown = (v: number, a: number): number => Math.floor(v / a) * a

/** Cut [startPfn, endPfn) into 4 KiB head, 2 MiB body and 4 KiB tail (x86-64, no gbpages). */
// arch/x86/mm/init.c: split_mem_range() + adjust_range_page_size_mask()
export function splitMemRange(startPfn: number, endPfn: number, memblock: Memblock): MapRange[] {
  const out: MapRange[] = []
  let pfn = startPfn
  // head, if not 2 MiB aligned
  let end = Math.min(roundUp(pfn, PMD_PAGES), endPfn)
  if (pfn < end) {
    out.push({ startPfn: pfn, endPfn: end, large: false })
    pfn = end
  }
  // the 2 MiB middle
  const bigStart = roundUp(pfn, PMD_PAGES)
  end = roundDown(endPfn, PMD_PAGES)
  if (bigStart < end) {
    out.push({ startPfn: bigStart, endPfn: end, large: true })
    pfn = end
  }
  // tail
  if (pfn < endPfn) out.push({ startPfn: pfn, endPfn, large: false })
  // A 4 KiB piece may still use a 2 MiB page if the whole 2 MiB around it is RAM.
  for (const r of out) {
    if (r.large) continue
    const s = roundDown(r.startPfn, PMD_PAGES)
    const e = roundUp(r.endPfn, PMD_PAGES)
    if (memblock.isRegionMemory(s * 4096, (e - s) * 4096)) r.large = true
  }
  return out
}

/**
 * Map the ISA range [0, 1 MiB) (always, holes included), then every memblock.memory region
 * above it, and count pages and page tables as the kernel does.
 */
// arch/x86/mm/init.c: init_mem_mapping() → init_memory_mapping() → kernel_physical_mapping_init()
export function initMemMapping(memblock: Memblock): DirectMap {
  const ranges: MapRange[] = [...splitMemRange(0, ISA_END_PFN, memblock)]
  for (const m of memblock.memory) {
    const s = Math.max(Math.ceil(m.base / 4096), ISA_END_PFN)
    const e = Math.floor((m.base + m.size) / 4096)
    if (s < e) ranges.push(...splitMemRange(s, e, memblock))
  }
  let pages4k = 0
  let pages2M = 0
  const pmdTables = new Set<number>()
  const pteTables = new Set<number>()
  for (const r of ranges) {
    for (let g = Math.floor(r.startPfn / PUD_PAGES); g * PUD_PAGES < r.endPfn; g++) pmdTables.add(g)
    if (r.large) {
      // A 2 MiB page maps its whole block, even where the range covers only part of it.
      const first = roundDown(r.startPfn, PMD_PAGES)
      const last = roundUp(r.endPfn, PMD_PAGES)
      pages2M += (last - first) / PMD_PAGES
    } else {
      pages4k += r.endPfn - r.startPfn
      for (let p = Math.floor(r.startPfn / PMD_PAGES); p * PMD_PAGES < r.endPfn; p++) pteTables.add(p)
    }
  }
  // One PUD table covers 512 GiB: one is enough for the lab's machines.
  return { ranges, pages4k, pages2M, pudTables: 1, pmdTables: pmdTables.size, pteTables: pteTables.size }
}

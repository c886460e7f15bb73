// memblock: the boot-time memory manager (mm/memblock.c). Before the buddy allocator exists,
// the kernel knows two lists of physical ranges: memblock.memory (RAM, from e820) and
// memblock.reserved (what is taken: firmware areas, the kernel image, early allocations).
// memblock_free_all() then hands every page of memory that is not reserved to the page
// allocator. Each reservation here also carries who made it, so panes can explain a frame.
// Ranges are in bytes (as memblock keeps them); a 16 GiB lab machine fits a JS number exactly.

import { FrameUse } from '@shared/model/frames'
import type { PageAllocator } from '../page_alloc/page_alloc'
import type { PfnRange } from '../x86/e820'

export interface MemblockRegion {
  base: number
  size: number
}

export interface Reservation extends MemblockRegion {
  /** Who reserved it, in the kernel's words ("kernel image", "memmap", "NODE_DATA(0)", …). */
  name: string
  use: FrameUse
}

export const PAGE_SIZE = 4096

export class Memblock {
  readonly memory: MemblockRegion[]
  readonly reserved: Reservation[] = []

  constructor(memory: MemblockRegion[]) {
    this.memory = memory.map((r) => ({ ...r })).sort((a, b) => a.base - b.base)
  }

  /** The end of the highest memory region: where top-down allocations start. */
  get end(): number {
    const last = this.memory[this.memory.length - 1]
    return last ? last.base + last.size : 0
  }

  /**
   * Reserve [base, base+size). Linux merges overlapping reservations into one anonymous region;
   * we keep one entry per owner, so a byte already reserved stays with its first owner and only
   * the parts nobody held are recorded under `name`.
   */
  // mm/memblock.c: memblock_reserve()
  reserve(base: number, size: number, name: string, use: FrameUse): void {
    const added = this.unreserved(base, base + size).map(([s, e]) => ({ base: s, size: e - s, name, use }))
    if (added.length === 0) return
    this.reserved.push(...added)
    this.reserved.sort((a, b) => a.base - b.base)
  }

  /** The parts of [start, end) no reservation covers, ascending. */
  private unreserved(start: number, end: number): Array<[number, number]> {
    const out: Array<[number, number]> = []
    let cur = start
    for (const r of this.reserved) {
      if (cur >= end || r.base >= end) break
      const rEnd = r.base + r.size
      if (rEnd <= cur) continue
      if (r.base > cur) out.push([cur, r.base])
      cur = Math.max(cur, rEnd)
    }
    if (cur < end) out.push([cur, end])
    return out
  }

  /**
   * Give back [base, base+size) of earlier reservations (memblock_free / memblock_phys_free):
   * the part that overlaps is cut out of them, the rest stays reserved.
   */
  // mm/memblock.c: memblock_phys_free() → memblock_remove_range(&memblock.reserved, …)
  free(base: number, size: number): void {
    const end = base + size
    const out: Reservation[] = []
    for (const r of this.reserved) {
      const rEnd = r.base + r.size
      if (rEnd <= base || r.base >= end) {
        out.push(r)
        continue
      }
      if (r.base < base) out.push({ ...r, size: base - r.base })
      if (rEnd > end) out.push({ ...r, base: end, size: rEnd - end })
    }
    this.reserved.splice(0, this.reserved.length, ...out)
  }

  /** True when [base, base+size) lies wholly inside one memory region. */
  // mm/memblock.c: memblock_is_region_memory()
  isRegionMemory(base: number, size: number): boolean {
    return this.memory.some((m) => base >= m.base && base + size <= m.base + m.size)
  }

  isReserved(base: number, size: number): boolean {
    return this.reserved.some((r) => r.base < base + size && base < r.base + r.size)
  }

  /**
   * Allocate `size` bytes aligned to `align` within [min, max), searching from the top of
   * memory down as memblock does by default (bottom_up is false on x86 unless movable_node).
   * Returns the base, or -1 when nothing fits.
   */
  // mm/memblock.c: memblock_alloc_range_nid() → memblock_find_in_range_node() → __memblock_find_range_top_down()
  allocTopDown(size: number, align: number, name: string, use: FrameUse, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    // memblock_find_in_range_node(): page 0 is never handed out (0 means failure in C).
    min = Math.max(min, PAGE_SIZE)
    for (let i = this.memory.length - 1; i >= 0; i--) {
      const m = this.memory[i]!
      // Walk the free gaps of this memory region from the top.
      let top = Math.min(m.base + m.size, max)
      const bottom = Math.max(m.base, min)
      while (top - bottom >= size) {
        const cand = alignDown(top - size, align)
        if (cand < bottom) break
        const clash = this.highestOverlap(cand, size)
        if (!clash) {
          this.reserve(cand, size, name, use)
          return cand
        }
        top = clash.base
      }
    }
    return -1
  }

  private highestOverlap(base: number, size: number): Reservation | null {
    let hit: Reservation | null = null
    for (const r of this.reserved) {
      if (r.base < base + size && base < r.base + r.size && (!hit || r.base > hit.base)) hit = r
    }
    return hit
  }

  /** memblock.memory less memblock.reserved, ascending, as [start, end) byte ranges. */
  // mm/memblock.c: for_each_free_mem_range() → __next_mem_range()
  freeRanges(): Array<[number, number]> {
    return this.memory.flatMap((m) => this.unreserved(m.base, m.base + m.size))
  }

  /** memblock.memory as pfn ranges, whole pages only. */
  // mm/memblock.c: for_each_mem_pfn_range()
  memoryPfnRanges(): PfnRange[] {
    return this.memory
      .map((m) => ({ start: Math.ceil(m.base / PAGE_SIZE), end: Math.floor((m.base + m.size) / PAGE_SIZE) }))
      .filter((r) => r.start < r.end)
  }

  /** Pages of memory (present pages), counting only whole pages of each region. */
  presentPages(startPfn = 0, endPfn = Number.MAX_SAFE_INTEGER): number {
    let n = 0
    for (const m of this.memory) {
      const s = Math.max(Math.ceil(m.base / PAGE_SIZE), startPfn)
      const e = Math.min(Math.floor((m.base + m.size) / PAGE_SIZE), endPfn)
      if (e > s) n += e - s
    }
    return n
  }
}

export function alignDown(v: number, a: number): number {
  return Math.floor(v / a) * a
}

export function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a
}

/** include/linux/mmzone.h: MAX_PAGE_ORDER, the largest buddy block (4 MiB). */
export const MAX_PAGE_ORDER = 10

/**
 * Free the pfns [start, end) in the largest naturally aligned blocks (order ≤ MAX_PAGE_ORDER),
 * the shape the buddy allocator takes them in.
 */
// mm/memblock.c: __free_pages_memory() → memblock_free_pages()
function freePagesMemory(pa: PageAllocator, start: number, end: number): void {
  while (start < end) {
    // __ffs(start): how aligned start is; pfn 0 is aligned to everything.
    let order = start === 0 ? MAX_PAGE_ORDER : Math.min(MAX_PAGE_ORDER, 31 - Math.clz32(start & -start))
    while (start + 2 ** order > end) order--
    pa.freePagesCore(start, 2 ** order)
    start += 2 ** order
  }
}

/**
 * The end of memblock as an allocator. First every page a reservation touches (even in part:
 * PFN_DOWN(base) to PFN_UP(end)) is marked PG_reserved and given its owner's use; then every
 * whole page of memory no reservation touches goes to the page allocator, counted in its zone's
 * managed_pages. Returns the pages freed (what totalram_pages grows by).
 */
// mm/memblock.c: memblock_free_all() → free_low_memory_core_early()
export function memblockFreeAll(mb: Memblock, pa: PageAllocator): number {
  // free_unused_memmap() has nothing to do with SPARSEMEM_VMEMMAP.
  pa.resetAllZonesManagedPages()
  // memmap_init_reserved_pages() → reserve_bootmem_region()
  const mm = pa.memmap
  for (const r of mb.reserved) {
    const s = Math.floor(r.base / PAGE_SIZE)
    const e = Math.min(Math.ceil((r.base + r.size) / PAGE_SIZE), mm.nrPages)
    for (let pfn = s; pfn < e; pfn++) {
      // Reservations also cover holes (the BIOS area); a hole stays a hole.
      if (mm.use[pfn] !== FrameUse.HOLE) mm.setReserved(pfn, pfn + 1, r.use)
    }
  }
  let count = 0
  for (const [start, end] of mb.freeRanges()) {
    // __free_memory_core(): whole pages only (max_low_pfn = max_pfn on x86-64).
    const s = Math.ceil(start / PAGE_SIZE)
    const e = Math.min(Math.floor(end / PAGE_SIZE), mm.nrPages)
    if (s >= e) continue
    freePagesMemory(pa, s, e)
    count += e - s
  }
  return count
}

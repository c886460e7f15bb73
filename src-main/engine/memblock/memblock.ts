// memblock: the boot-time memory manager (mm/memblock.c). Before the buddy allocator exists,
// the kernel knows two lists of physical ranges: memblock.memory (RAM, from e820) and
// memblock.reserved (what is taken: firmware areas, the kernel image, early allocations).
// memblock_free_all() then hands every page of memory that is not reserved to the page
// allocator. Each reservation here also carries who made it, so panes can explain a frame.
// Ranges are in bytes (as memblock keeps them); a 16 GiB lab machine fits a JS number exactly.

import type { FrameUse } from '@shared/model/frames'

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

  // mm/memblock.c: memblock_reserve()
  reserve(base: number, size: number, name: string, use: FrameUse): void {
    if (size <= 0) return
    this.reserved.push({ base, size, name, use })
    this.reserved.sort((a, b) => a.base - b.base)
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

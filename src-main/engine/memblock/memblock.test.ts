import { describe, expect, it } from 'vitest'
import { FrameUse } from '@shared/model/frames'
import { Memmap } from '../page_alloc/memmap'
import { Vmstat } from '../page_alloc/vmstat'
import { PageAllocator } from '../page_alloc/page_alloc'
import { freeAreaInit, zoneLimits } from '../page_alloc/zone'
import { MAX_PAGE_ORDER, Memblock, memblockFreeAll } from './memblock'

const MiB = 1024 * 1024
const P = 4096

// memory: [4K, 636K) and [1M, 64M), as a small Firecracker VM after memblock_trim_memory().
function small(): Memblock {
  return new Memblock([
    { base: 0x1000, size: 0x9f000 - 0x1000 },
    { base: MiB, size: 63 * MiB }
  ])
}

describe('memblock', () => {
  it('allocates top-down, aligned, around what is reserved', () => {
    const mb = small()
    expect(mb.allocTopDown(P, P, 'a', FrameUse.BOOTMEM)).toBe(64 * MiB - P)
    // 2 MiB aligned: the top 2 MiB block is no longer whole, so the one below it.
    expect(mb.allocTopDown(2 * MiB, 2 * MiB, 'b', FrameUse.MEMMAP)).toBe(60 * MiB)
    // Cache-line aligned, right under the first allocation.
    expect(mb.allocTopDown(0x2ab00, 64, 'c', FrameUse.BOOTMEM)).toBe(64 * MiB - P - 0x2ab00)
    // A lower bound is honoured, and an impossible request fails.
    expect(mb.allocTopDown(P, P, 'd', FrameUse.BOOTMEM, 0, MiB)).toBe(0x9e000)
    expect(mb.allocTopDown(128 * MiB, P, 'e', FrameUse.BOOTMEM)).toBe(-1)
  })

  it('never hands out page 0', () => {
    const mb = new Memblock([{ base: 0, size: 2 * P }])
    expect(mb.allocTopDown(P, P, 'a', FrameUse.BOOTMEM)).toBe(P)
    expect(mb.allocTopDown(P, P, 'b', FrameUse.BOOTMEM)).toBe(-1)
  })

  it('keeps one entry per owner: a byte already reserved stays with its first owner', () => {
    const mb = small()
    mb.reserve(0, 64 * 1024, 'low 64K', FrameUse.RESERVED)
    mb.reserve(0, MiB, 'first 1 MiB', FrameUse.RESERVED)
    expect(mb.reserved.map((r) => [r.base, r.size, r.name])).toEqual([
      [0, 64 * 1024, 'low 64K'],
      [64 * 1024, MiB - 64 * 1024, 'first 1 MiB']
    ])
  })

  it('gives back part of a reservation by cutting it', () => {
    const mb = small()
    mb.reserve(2 * MiB, 2 * MiB, 'percpu', FrameUse.PERCPU)
    mb.free(2 * MiB + 53 * P, MiB - 53 * P)
    expect(mb.reserved.map((r) => [r.base, r.size])).toEqual([
      [2 * MiB, 53 * P],
      [3 * MiB, MiB]
    ])
  })

  it('lists the free ranges as memory less reserved', () => {
    const mb = small()
    mb.reserve(0, MiB, 'first 1 MiB', FrameUse.RESERVED)
    mb.reserve(16 * MiB, 8 * MiB, 'kernel', FrameUse.KERNEL)
    mb.reserve(20 * MiB, 8 * MiB, 'overlap', FrameUse.BOOTMEM)
    expect(mb.freeRanges()).toEqual([
      [MiB, 16 * MiB],
      [28 * MiB, 64 * MiB]
    ])
  })
})

describe('memblock_free_all()', () => {
  function boot(mb: Memblock): { pa: PageAllocator; calls: Array<[number, number]>; freed: number } {
    const memory = mb.memoryPfnRanges()
    const maxPfn = memory[memory.length - 1]!.end
    const zones = freeAreaInit(zoneLimits(maxPfn), memory)
    const memmap = new Memmap(maxPfn)
    for (const r of memory) memmap.initSinglePages(r.start, r.end)
    const calls: Array<[number, number]> = []
    // __free_pages_core() is the one door from memblock into the buddy lists: it must see every
    // free page, once.
    class Spy extends PageAllocator {
      override freePagesCore(pfn: number, count: number): void {
        calls.push([pfn, count])
        super.freePagesCore(pfn, count)
      }
    }
    const pa = new Spy(memmap, zones, new Vmstat(), 1)
    return { pa, calls, freed: memblockFreeAll(mb, pa) }
  }

  it('frees every unreserved page once, in naturally aligned blocks of at most 2^MAX_PAGE_ORDER', () => {
    const mb = small()
    mb.reserve(0, MiB, 'first 1 MiB', FrameUse.RESERVED)
    mb.reserve(16 * MiB, 3 * P + 100, 'kernel', FrameUse.KERNEL)
    const { pa, calls, freed } = boot(mb)
    const total = calls.reduce((n, [, c]) => n + c, 0)
    expect(total).toBe(freed)
    // [1M, 16M) and [16M + 4 pages, 64M): the page the reservation only touches stays reserved.
    expect(freed).toBe((15 * MiB + 48 * MiB - 4 * P) / P)
    for (const [pfn, count] of calls) {
      expect(count & (count - 1)).toBe(0)
      expect(count).toBeLessThanOrEqual(2 ** MAX_PAGE_ORDER)
      expect(pfn % count).toBe(0)
    }
    expect(pa.memmap.use[(16 * MiB) / P + 3]).toBe(FrameUse.KERNEL)
    expect(pa.memmap.isReserved((16 * MiB) / P + 3)).toBe(true)
    expect(pa.memmap.use[(16 * MiB) / P + 4]).toBe(FrameUse.FREE)
  })

  it('counts managed pages per zone: present less reserved', () => {
    const mb = small()
    mb.reserve(0, MiB, 'first 1 MiB', FrameUse.RESERVED)
    const { pa } = boot(mb)
    const [dma, dma32] = pa.zones
    expect([dma!.present_pages, dma!.managed_pages]).toEqual([3998, 3998 - 158])
    expect(dma32!.managed_pages).toBe(dma32!.present_pages)
    expect(dma!.nr_free + dma32!.nr_free).toBe(dma!.managed_pages + dma32!.managed_pages)
  })
})

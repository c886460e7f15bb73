import { describe, expect, it } from 'vitest'
import { FrameUse } from '@shared/model/frames'
import { DEFAULT_MACHINE, type MachineConfig } from '@shared/model/machine'
import { Machine } from './machine'
import { PG_reserved } from './page_alloc/page_flags'
import { meminfo } from './procfs/meminfo'
import { KERNEL_IMAGE } from './x86/sections'

/** head_64.S's tables in the image: init_top_pgt (kernel and PTI user), level3/level2_kernel_pgt, level2_fixmap_pgt, 2 level1_fixmap_pgt. */
const IMAGE_TABLES = 7

const MiB = 1024 * 1024
const GiB = 1024 * MiB
const boot = (c: Partial<MachineConfig> = {}): Machine => new Machine({ ...DEFAULT_MACHINE, ...c }, { debug: true })

function reservedPages(m: Machine): number {
  let n = 0
  for (let pfn = 0; pfn < m.maxPfn; pfn++) if (m.memmap.isReserved(pfn) && m.memmap.use[pfn] !== FrameUse.HOLE) n++
  return n
}

function pagesOf(m: Machine, use: number): number {
  let n = 0
  for (let pfn = 0; pfn < m.maxPfn; pfn++) if (m.memmap.use[pfn] === use) n++
  return n
}

describe('boot', () => {
  it.each([128 * MiB, 256 * MiB, 512 * MiB, 1 * GiB, 3 * GiB + 512 * MiB])('MemTotal = present − reserved for %i bytes', (ram) => {
    const m = boot({ ram })
    const present = m.memblock.presentPages()
    expect(m.totalramPages()).toBe(present - reservedPages(m))
    // What is not free on the buddy lists waits on a per-CPU list: the kernel image's freed
    // pages go through __free_page() like any other.
    // and the boot's slabs are in use.
    // and the boot's slabs and page tables are in use.
    const v = m.vmstat
    // (and the tables change_page_attr() split 2 MiB pages into, which no counter shows).
    const cpaTables = m.pgtables.splits.direct + m.pgtables.splits.image
    const used = v.node_page_state('NR_SLAB_RECLAIMABLE_B') + v.node_page_state('NR_SLAB_UNRECLAIMABLE_B') + v.node_page_state('NR_PAGETABLE') + cpaTables
    expect(m.freePages() + m.pageAlloc.pcpPages() + used).toBe(m.totalramPages())
  })

  it('keeps the first 1 MiB, and the kernel image less what it frees after boot', () => {
    const m = boot()
    // pfn 0 and the BIOS hole [0x9f, 0x100) are not RAM; 1..0x9e are RAM but reserved.
    expect(m.memmap.use[0]).toBe(FrameUse.HOLE)
    expect(m.memmap.use[0xa0]).toBe(FrameUse.HOLE)
    for (const pfn of [1, 0x50, 0x9e]) expect(m.memmap.use[pfn]).toBe(FrameUse.RESERVED)
    expect(m.memmap.use[0x100]).toBe(FrameUse.FREE)
    const k = KERNEL_IMAGE
    const kernelPages =
      (Math.ceil(k._etext / 4096) * 4096 - k._text) / 4096 +
      (k.__end_rodata - k.__start_rodata) / 4096 +
      (k.__init_begin - k._sdata) / 4096 +
      (k.__bss_stop - k.__bss_start) / 4096
    // Less the frames of head_64.S's page tables, which the frame map shows as page tables.
    expect(pagesOf(m, FrameUse.KERNEL) + IMAGE_TABLES).toBe(kernelPages)
    // The init sections are free again.
    expect(m.memmap.use[k.__init_begin / 4096]).toBe(FrameUse.FREE)
    expect(m.memmap.use[k._sdata / 4096]).toBe(FrameUse.KERNEL)
  })

  it('allocates 2 MiB of memmap per present 128 MiB section, 53 per-CPU pages per CPU', () => {
    expect(pagesOf(boot({ ram: 256 * MiB }), FrameUse.MEMMAP)).toBe(2 * 512)
    expect(pagesOf(boot({ ram: 1 * GiB }), FrameUse.MEMMAP)).toBe(8 * 512)
    expect(pagesOf(boot({ cpus: 1 }), FrameUse.PERCPU)).toBe(53)
    expect(pagesOf(boot({ cpus: 4 }), FrameUse.PERCPU)).toBe(4 * 53)
    expect(boot({ cpus: 4 }).percpuPages()).toBe(4 * 53)
  })

  it('has no Normal zone below 4 GiB, as a small x86-64 VM', () => {
    const m = boot({ ram: 256 * MiB })
    const [dma, dma32, normal] = m.zones
    expect([dma!.zone_start_pfn, dma!.spanned_pages, dma!.present_pages]).toEqual([1, 4095, 3998])
    // The first 1 MiB is all reserved: 3998 present pages less the 158 RAM pages below 1 MiB.
    expect(dma!.managed_pages).toBe(3840)
    expect([dma32!.zone_start_pfn, dma32!.spanned_pages]).toEqual([4096, 65536 - 4096])
    expect(normal!.spanned_pages).toBe(0)
  })

  it('reproduces the reference VM’s DMA and DMA32 zones for its 24 GiB map', () => {
    // Firecracker, 24 GiB: usable [0, 0x9fc00) [0x100000, 3 GiB) [4 GiB, 25 GiB); /proc/zoneinfo:
    // DMA start_pfn 1 spanned 4095 present 3998 managed 3840; DMA32 spanned 1044480 present
    // 782336 managed 772808; Normal spanned 5505024 present 5505024.
    const m = new Machine({ ...DEFAULT_MACHINE, ram: 24 * GiB })
    const [dma, dma32, normal] = m.zones
    expect([dma!.zone_start_pfn, dma!.spanned_pages, dma!.present_pages, dma!.managed_pages]).toEqual([1, 4095, 3998, 3840])
    expect([dma32!.spanned_pages, dma32!.present_pages]).toEqual([1044480, 782336])
    expect([normal!.zone_start_pfn, normal!.spanned_pages, normal!.present_pages]).toEqual([1048576, 5505024, 5505024])
    // The real kernel also keeps the used part of its brk area (16 pages here) in DMA32.
    expect(dma32!.managed_pages - 772808).toBe(16)
  })

  it('boots a 4 GiB (1 M frames) and a 16 GiB machine within the per-frame budget', () => {
    const m4 = boot({ ram: 4 * GiB })
    expect(m4.maxPfn).toBe((5 * GiB) / 4096) // RAM above 3 GiB resumes at 4 GiB
    const m16 = boot({ ram: 16 * GiB })
    expect(m16.zones[2]!.present_pages).toBe((13 * GiB) / 4096)
    // ≤ 48 bytes of simulated struct page per frame (issue 4's budget).
    const perFrame = (['flags', '_refcount', '_mapcount', 'private', 'use'] as const).reduce((n, k) => n + m16.memmap[k].BYTES_PER_ELEMENT, 0)
    expect(perFrame).toBeLessThanOrEqual(48)
  })

  it('is deterministic: two boots give identical arrays', () => {
    const a = boot({ ram: 768 * MiB, cpus: 3 })
    const b = boot({ ram: 768 * MiB, cpus: 3 })
    expect(Buffer.from(a.memmap.use.buffer).equals(Buffer.from(b.memmap.use.buffer))).toBe(true)
    expect(Buffer.from(a.memmap.flags.buffer).equals(Buffer.from(b.memmap.flags.buffer))).toBe(true)
    expect(a.memblock.reserved).toEqual(b.memblock.reserved)
  })

  it.each([
    // what reserved it at boot, and how many pages it still holds on a 256 MiB, 2-CPU machine
    [FrameUse.RESERVED, 158], // the first 1 MiB, less its holes (pfn 0, [0x9f, 0x100))
    [FrameUse.MEMMAP, 2 * 512], // 2 present sections
    [FrameUse.PERCPU, 2 * 53],
    [FrameUse.BOOTMEM, 43], // NODE_DATA(0): 0x2ab00 bytes, unaligned at its start
    // direct map: PUD, PMD, PTE for [0, 2 MiB); vmemmap: PUD, PMD; the image's own tables
    [FrameUse.PGTABLE, 3 + 2 + IMAGE_TABLES]
  ])('reserves use %i for %i pages at boot (256 MiB)', (use, pages) => {
    const m = boot({ ram: 256 * MiB, cpus: 2 })
    let reserved = 0
    for (let pfn = 0; pfn < m.maxPfn; pfn++) if (m.memmap.use[pfn] === use && m.memmap.isReserved(pfn)) reserved++
    expect(reserved).toBe(pages)
  })

  it('preallocates the PUD tables of the vmalloc range: 64 page-table pages in PageTables', () => {
    const m = boot()
    expect(m.vmstat.node_page_state('NR_PAGETABLE')).toBe(64)
    expect(pagesOf(m, FrameUse.PGTABLE)).toBe(64 + 5 + IMAGE_TABLES + m.pgtables.splits.direct + m.pgtables.splits.image)
  })

  it('keeps a struct page, reserved, for holes inside a 2 MiB subsection of RAM, and none elsewhere', () => {
    const m = boot({ ram: 4 * GiB })
    for (const pfn of [0, 0x9f, 0xff]) {
      expect(m.memmap.use[pfn]).toBe(FrameUse.HOLE)
      expect(m.memmap.flags[pfn]).toBe(1 << PG_reserved)
      expect(m.memmap._refcount[pfn]).toBe(1)
    }
    // The PCI hole [3 GiB, 4 GiB) has no memmap at all.
    expect([m.memmap.use[0xc0000], m.memmap.flags[0xc0000], m.memmap._refcount[0xc0000]]).toEqual([FrameUse.HOLE, 0, 0])
  })

  it('counts the memmap taken from memblock (nr_memmap_boot_pages)', () => {
    expect(boot({ ram: 4 * GiB }).vmstat.nr_memmap_boot_pages).toBe(32 * 512) // 24 + 8 sections
  })

  it('switches THP off below 512 MiB of RAM, as hugepage_init() does, and leaves min_free_kbytes alone', () => {
    for (const ram of [256 * MiB, 512 * MiB]) {
      const m = boot({ ram, thp: 'madvise' })
      expect(m.transparentHugepage).toBe('never')
      // init_per_zone_wmark_min() ran before free_initmem(): the init pages did not count.
      const lowmem = m.boot.totalramPages + (KERNEL_IMAGE.__smp_locks_end - KERNEL_IMAGE.__smp_locks) / 4096
      expect(m.sysctl.min_free_kbytes).toBe(Math.floor(Math.sqrt(lowmem * 4 * 16)))
    }
    expect(boot({ ram: 1 * GiB, thp: 'madvise' }).transparentHugepage).toBe('madvise')
  })

  it('counts every per-CPU unit in Percpu, even one no CPU uses (pcpu_nr_units)', () => {
    // 3 CPUs: 4 units of 512 KiB in one 2 MiB block; the fourth is given back.
    const m = boot({ cpus: 3 })
    expect(m.percpu.nrUnits).toBe(4)
    expect(pagesOf(m, FrameUse.PERCPU)).toBe(3 * 53)
    expect(meminfo(m).find((f) => f.name === 'Percpu')!.value).toBe(4 * 53 * 4)
  })

  it('raises min_free_kbytes for THP unless THP is off', () => {
    expect(boot({ ram: 1 * GiB, thp: 'madvise' }).sysctl.min_free_kbytes).toBe(45056)
    expect(boot({ ram: 1 * GiB, thp: 'never' }).sysctl.min_free_kbytes).toBeLessThan(5000)
  })

  it('counts the swap area less its header page', () => {
    const m = boot({ swap: 512 * MiB })
    expect(m.totalSwapPages).toBe(131071)
    expect(m.nrSwapPagesFree).toBe(131071)
  })
})

describe('invariants (CONFIG_DEBUG_VM)', () => {
  it('catch a free frame that is marked reserved', () => {
    const m = boot()
    const pfn = 0x5000
    m.memmap.flags[pfn] = 1 << 13
    expect(() => m.checkInvariants()).toThrow(`pfn ${pfn} is PG_reserved but its use is 1`)
  })
  it('catch a free count that does not match the frames', () => {
    const m = boot()
    m.zones[1]!.nr_free--
    expect(() => m.checkInvariants()).toThrow(/zone DMA32 NR_FREE_PAGES/)
  })
  it('catch a hole that lost its reserved struct page', () => {
    const m = boot()
    m.memmap.flags[0x9f] = 0
    expect(() => m.checkInvariants()).toThrow('hole pfn 159 has flags 0 _refcount 1')
  })
  it('catch a free frame with a reference', () => {
    const m = boot()
    m.memmap._refcount[0x5000] = 1
    expect(() => m.checkInvariants()).toThrow('free pfn 20480 has _refcount 1')
  })
  it('catch RAM marked as a hole', () => {
    const m = boot()
    m.memmap.use[0x200] = FrameUse.HOLE
    expect(() => m.checkInvariants()).toThrow('pfn 512 is RAM but marked as a hole')
  })
})

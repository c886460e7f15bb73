// The simulated machine and its boot, in the order Linux 6.18 boots x86-64:
//   setup_arch() (arch/x86/kernel/setup.c): e820 → memblock.memory; reserve the kernel image and
//     the first 1 MiB; the direct map (init_mem_mapping); NODE_DATA (initmem_init); the memmap
//     (paging_init → sparse_init) and the zones (zone_sizes_init → free_area_init);
//   start_kernel() (init/main.c): setup_per_cpu_areas(); mm_core_init() → memblock_free_all();
//     arch_cpu_finalize_init() → alternative_instructions() frees .smp_locks;
//   initcalls: init_per_zone_wmark_min() (postcore), hugepage_init() (subsys);
//   kernel_init(): free_initmem(), then mark_rodata_ro() frees the gaps around rodata.
// Everything /proc shows is computed from what this leaves behind.

import { FrameUse } from '@shared/model/frames'
import type { MachineConfig, ThpMode } from '@shared/model/machine'
import { Memblock, PAGE_SIZE, memblockFreeAll } from './memblock/memblock'
import { Memmap } from './page_alloc/memmap'
import { Prng } from './lib/prng'
import { checkPageAlloc, type PageAllocation } from './page_alloc/check'
import { checkSlub } from './slub/check'
import { Slub } from './slub/slub'
import { Vmalloc } from './vmalloc/vmalloc'
import { KernelPageTables } from './x86/pgtable'
import { Processes } from './mm/process'
import { DEFAULT_MAX_MAP_COUNT } from './mm/mm'
import { PageAllocator } from './page_alloc/page_alloc'
import { PAGES_PER_SUBSECTION, SECTION_MAP_SIZE, pfnValid, sparseInit, subsectionMapInit } from './page_alloc/sparse'
import { Vmstat } from './page_alloc/vmstat'
import {
  MAX_NR_ZONES,
  calculateTotalreservePages,
  freeAreaInit,
  hugepageInit,
  initPerZoneWmarkMin,
  zoneLimits,
  type Zone
} from './page_alloc/zone'
import { Interrupted } from './shell/outcome'
import { e820EndOfRamPfn, e820MemblockRanges, firecrackerE820, trimBiosRange, type E820Entry, type PfnRange } from './x86/e820'
import { initMemMapping, type DirectMap } from './x86/init_mem_mapping'
import { KERNEL_IMAGE, pfnAlign } from './x86/sections'
import { PCPU_UNIT_PAGES, setupPerCpuAreas, type PerCpuFirstChunk } from './x86/setup_percpu'

const MiB = 1024 * 1024
/** sizeof(pg_data_t) on the reference build: "NODE_DATA(0) allocated [mem 0x63ffcb500-0x63fff5fff]". */
export const SIZEOF_PG_DATA = 0x2ab00
/** SMP_CACHE_BYTES: alloc_node_data() aligns pg_data_t to a cache line. */
const SMP_CACHE_BYTES = 64

export interface MachineOptions {
  debug?: boolean
  /** Polled during a long boot; true stops it (the previous machine stays). */
  interrupt?: () => boolean
}

/** What mem_init_print_info() reports, taken when the buddy allocator first gets memory. */
export interface BootReport {
  /** nr_free_pages() right after memblock_free_all(). */
  freePages: number
  /** get_num_physpages(): present pages. */
  physpages: number
  /** totalram_pages() at that moment. */
  totalramPages: number
}

export class Machine {
  readonly config: Readonly<MachineConfig>
  readonly e820: E820Entry[]
  readonly memblock: Memblock
  /** One past the last pfn of RAM (max_pfn); the memmap covers [0, maxPfn). */
  readonly maxPfn: number
  readonly memmap: Memmap
  readonly zones: Zone[]
  /** The page allocator's entry points; the buddy allocator replaces freePagesToAllocator(). */
  readonly pageAlloc: PageAllocator
  readonly directMap: DirectMap
  readonly percpu: PerCpuFirstChunk
  readonly vmstat = new Vmstat()
  /** The seeded generator for everything Linux randomizes (freelist order, later ASLR). */
  readonly prng: Prng
  /** The slab allocator. */
  readonly slub: Slub
  /** init_mm's page tables below the PGD (the kernel image's init_top_pgt). */
  readonly pgtables: KernelPageTables
  readonly vmalloc: Vmalloc
  readonly boot: BootReport
  /**
   * The THP mode after boot (/sys/kernel/mm/transparent_hugepage/enabled): config.thp, except
   * that hugepage_init() switches THP off on a machine with less than 512 MiB of RAM.
   */
  readonly transparentHugepage: ThpMode
  /** Sysctls of vm.* that exist at this stage (/proc/sys/vm). */
  readonly sysctl = {
    min_free_kbytes: 0,
    watermark_scale_factor: 10,
    overcommit_memory: 0 as 0 | 1 | 2,
    overcommit_ratio: 50,
    overcommit_kbytes: 0,
    lowmem_reserve_ratio: [256, 256, 32, 0, 0],
    max_map_count: DEFAULT_MAX_MAP_COUNT,
    swappiness: 60,
    /** min(3% of free memory, 128 MiB) at boot (mm/util.c: init_user_reserve()). */
    user_reserve_kbytes: 0,
    /** min(3% of free memory, 8 MiB) at boot (init_admin_reserve()). */
    admin_reserve_kbytes: 0
  }
  /** The processes and their address spaces. */
  readonly procs: Processes
  /** Pages of the swap area (its header page excluded), and how many are free. */
  readonly totalSwapPages: number
  nrSwapPagesFree: number
  totalreservePages = 0
  /** The hugetlbfs pool of 2 MiB pages (vm.nr_hugepages); empty unless configured. */
  readonly hugetlb = { nr_hugepages: 0, free_huge_pages: 0, resv_huge_pages: 0, surplus_huge_pages: 0 }
  /** zswap's compressed pool: off on the simulated kernel (CONFIG_ZSWAP_DEFAULT_ON=n). */
  readonly zswap = { pool_pages: 0, stored_pages: 0 }
  /** Blocks handed out by `alloc_pages` and not freed yet: first pfn → order and GFP mask. */
  readonly allocations = new Map<number, PageAllocation>()
  /** pfn_valid() per 2 MiB subsection: which holes still have a struct page. */
  private readonly subsections: Uint8Array

  constructor(config: MachineConfig, private readonly opts: MachineOptions = {}) {
    this.config = Object.freeze({ ...config })
    this.sysctl.overcommit_memory = config.overcommit
    const k = KERNEL_IMAGE

    // ---- setup_arch() ----
    // e820__memory_setup() + trim_bios_range(), then e820__memblock_setup().
    this.e820 = trimBiosRange(firecrackerE820(Math.floor(config.ram / PAGE_SIZE) * PAGE_SIZE))
    const memory = e820MemblockRanges(this.e820)
    this.memblock = new Memblock(memory.map((r) => ({ base: r.start * PAGE_SIZE, size: (r.end - r.start) * PAGE_SIZE })))
    // early_reserve_memory() (which runs first; order does not matter to memblock): the kernel
    // image, [_text, __end_of_kernel_reserve).
    this.memblock.reserve(k._text, k.__bss_stop - k._text, 'kernel image', FrameUse.KERNEL)
    this.maxPfn = e820EndOfRamPfn(this.e820)
    this.checkInterrupt()

    // reserve_real_mode(): the whole first 1 MiB, unconditionally since 5.13 (BIOS data, EBDA,
    // the real-mode trampoline; some BIOSes scribble over low memory).
    this.memblock.reserve(0, MiB, 'first 1 MiB (BIOS, real-mode trampoline)', FrameUse.RESERVED)

    // init_mem_mapping(): the direct map; its page tables come from memblock (alloc_low_pages()).
    // They are PG_reserved boot memory and never count in NR_PAGETABLE (meminfo PageTables):
    // only tables allocated through pagetable_alloc() and the ptdesc constructors are counted
    // (include/linux/mm.h: pagetable_pte_ctor() → lruvec_stat_add_folio(NR_PAGETABLE)).
    // Simplified: Linux takes the first few from the brk area past __bss_stop; we take all of
    // them from memblock, top-down.
    this.directMap = initMemMapping(this.memblock)
    const tables = this.directMap.pudTables + this.directMap.pmdTables + this.directMap.pteTables
    const directMapTables: number[] = []
    for (let i = 0; i < tables; i++) directMapTables.push(this.allocBoot(PAGE_SIZE, PAGE_SIZE, 'direct-map page table', FrameUse.PGTABLE) / PAGE_SIZE)

    // initmem_init() → alloc_node_data(): pg_data_t of node 0.
    this.allocBoot(SIZEOF_PG_DATA, SMP_CACHE_BYTES, 'NODE_DATA(0)', FrameUse.BOOTMEM)

    // paging_init() → sparse_init(): the memmap of every present section, and its page tables.
    const sparse = sparseInit(this.memblock, memory)
    this.vmstat.nr_memmap_boot_pages += sparse.memmapSize / PAGE_SIZE
    this.subsections = subsectionMapInit(memory, this.maxPfn)
    this.checkInterrupt()

    // paging_init() → zone_sizes_init() → free_area_init(): zone spans, present pages, and the
    // struct pages themselves (memmap_init).
    this.zones = freeAreaInit(zoneLimits(this.maxPfn), memory)
    this.memmap = new Memmap(this.maxPfn)
    this.memmapInit(memory)
    this.pageAlloc = new PageAllocator(this.memmap, this.zones, this.vmstat, config.cpus)
    this.pageAlloc.initPageblocks(memory)

    // ---- start_kernel() ----
    this.percpu = setupPerCpuAreas(this.memblock, config.cpus)

    // mm_core_init() → mem_init() → pci_iommu_alloc() would take a 64 MiB swiotlb bounce buffer
    // below 4 GiB on a machine with RAM above 4 GiB; our reference VMs boot with swiotlb=noforce
    // (Firecracker's virtio devices reach all of RAM), so none is reserved, as on them.

    // mm_core_init() → memblock_free_all(): every page not reserved goes to the page allocator.
    memblockFreeAll(this.memblock, this.pageAlloc)
    this.checkInterrupt()
    this.boot = {
      freePages: this.freePages(),
      physpages: this.memblock.presentPages(),
      totalramPages: this.totalramPages()
    }

    // mem_init() → preallocate_vmalloc_pages(): the PUD tables of the whole vmalloc range.
    this.pgtables = new KernelPageTables(this.pageAlloc, this.memmap, this.vmstat)
    // (The direct map's entries, written by init_mem_mapping() into the boot tables above.)
    this.pgtables.buildDirectMap(this.directMap.ranges, directMapTables)
    // (and the vmemmap's, written by sparse_init() into the boot tables it reserved.)
    this.pgtables.buildVmemmap(sparse.sections, sparse.memmapBase, SECTION_MAP_SIZE, sparse.tables)
    // (and the kernel image's own mapping, which head_64.S set up before anything else.)
    this.pgtables.buildKernelImage()
    this.pgtables.preallocateVmalloc()

    // mm_core_init() → kmem_cache_init(): SLUB and the kmalloc caches; mm_cache_init(): mm_struct.
    // Their slabs come from the buddy lists through the boot pageset (high 0, batch 1).
    this.prng = new Prng(config.seed)
    this.slub = new Slub(this.pageAlloc, this.memmap, this.vmstat, config.cpus, this.prng)
    this.slub.kmemCacheInit()
    this.slub.mmCacheInit()
    // vmalloc_init(): the vmap_area cache, and the whole range free.
    this.slub.createCache('vmap_area', 72, 0, 0)
    // maple_tree_init(): the maple_node cache every mm_struct's tree takes its nodes from
    // (256 bytes, aligned to its size).
    this.slub.createCache('maple_node', 256, 256, 0)
    this.vmalloc = new Vmalloc(this.pageAlloc, this.memmap, this.vmstat, this.slub, this.pgtables, config.cpus, () => this.totalramPages())

    // setup_per_cpu_pageset(): the real per-CPU lists replace the boot pageset (high 0, batch
    // 1), sized while only the boot CPU is up; the others come up in smp_init().
    this.pageAlloc.zonePcpUpdate(1)

    // arch_cpu_finalize_init() → alternative_instructions(): the lock-prefix table is patched
    // and freed ("Freeing SMP alternatives memory: 52K"), also on one CPU.
    this.freeKernelImagePages(k.__smp_locks, k.__smp_locks_end, false)
    // anon_vma_init(), fork_init(), proc_caches_init(), vfs_caches_init(): the caches of the
    // structures processes are made of.
    this.slub.createKernelCaches()

    // ---- initcalls ----
    initPerZoneWmarkMin(this.zones, this.sysctl)
    this.transparentHugepage = hugepageInit(this.zones, this.sysctl, config.thp, this.totalramPages())
    // setup_per_zone_wmarks() ends with zone_pcp_update() on every zone, now with every CPU up.
    this.pageAlloc.zonePcpUpdate(config.cpus)
    // calculate_totalreserve_pages() ends every watermark and lowmem_reserve update.
    this.totalreservePages = calculateTotalreservePages(this.zones)

    // ---- kernel_init() ----, after the initcalls: the watermarks do not see these pages.
    this.freeKernelImagePages(k.__init_begin, k.__init_end) // free_initmem()
    // mark_readonly() → mark_rodata_ro(): text and rodata read-only, the rest no-execute; then
    // it frees the gaps between the sections (free_kernel_image_pages()).
    this.pgtables.markRodataRo()
    this.freeKernelImagePages(pfnAlign(k._etext), k.__start_rodata) // (text/rodata gap)
    this.freeKernelImagePages(k.__end_rodata, k._sdata) // (rodata/data gap)

    // init_user_reserve(), init_admin_reserve(): 1/32 of the free memory, capped.
    const freeKb = this.freePages() * 4
    this.sysctl.user_reserve_kbytes = Math.min(Math.floor(freeKb / 32), 1 << 17)
    this.sysctl.admin_reserve_kbytes = Math.min(Math.floor(freeKb / 32), 1 << 13)
    this.procs = new Processes(this)

    this.totalSwapPages = config.swap > 0 ? Math.floor(config.swap / PAGE_SIZE) - 1 : 0
    this.nrSwapPagesFree = this.totalSwapPages

    if (opts.debug) this.checkInvariants()
  }

  /** totalram_pages(): pages managed by the page allocator (no highmem: Σ managed_pages). */
  totalramPages(): number {
    return this.zones.reduce((n, z) => n + z.managed_pages, 0)
  }

  /** NR_FREE_PAGES over all zones. */
  freePages(): number {
    return this.zones.reduce((n, z) => n + z.nr_free, 0)
  }

  /**
   * What meminfo's Percpu counts: populated pages per unit × units, unused units included.
   * Only the first chunk exists until something allocates per-CPU memory dynamically.
   */
  // mm/percpu.c: pcpu_nr_pages() = pcpu_nr_populated * pcpu_nr_units
  percpuPages(): number {
    return PCPU_UNIT_PAGES * this.percpu.nrUnits
  }

  zoneOf(pfn: number): Zone | undefined {
    return this.pageAlloc.zoneOf(pfn)
  }

  /**
   * CONFIG_DEBUG_VM: every frame in exactly one state, every list and counter equal to what the
   * frames say. Throws naming the broken field.
   */
  checkInvariants(): void {
    const mm = this.memmap
    const isMemory = new Uint8Array(this.maxPfn)
    for (const m of this.memblock.memory) isMemory.fill(1, Math.ceil(m.base / PAGE_SIZE), Math.floor((m.base + m.size) / PAGE_SIZE))
    const managedByZone = new Array<number>(MAX_NR_ZONES).fill(0)
    for (let pfn = 0; pfn < this.maxPfn; pfn++) {
      const use = mm.use[pfn]!
      if (use > FrameUse.ALLOCATED) throw new Error(`BUG: pfn ${pfn} has an unknown use ${use}`)
      if (!isMemory[pfn]) {
        if (use !== FrameUse.HOLE) throw new Error(`BUG: pfn ${pfn} is not RAM but its use is ${use}`)
        // A hole with a struct page is reserved for good; one without has no state at all.
        const valid = pfnValid(this.subsections, pfn)
        if (valid !== mm.isReserved(pfn) || mm._refcount[pfn] !== (valid ? 1 : 0)) {
          throw new Error(`BUG: hole pfn ${pfn} has flags ${mm.flags[pfn]} _refcount ${mm._refcount[pfn]}`)
        }
        continue
      }
      if (use === FrameUse.HOLE) throw new Error(`BUG: pfn ${pfn} is RAM but marked as a hole`)
      const z = this.zoneOf(pfn)
      if (!z) throw new Error(`BUG: pfn ${pfn} is in no zone`)
      if (mm._mapcount[pfn]! < -1) throw new Error(`BUG: pfn ${pfn} has _mapcount ${mm._mapcount[pfn]}`)
      if (!mm.isReserved(pfn)) managedByZone[z.idx]!++
      else if (use === FrameUse.FREE || use === FrameUse.PCP || use === FrameUse.ALLOCATED) {
        throw new Error(`BUG: pfn ${pfn} is PG_reserved but its use is ${use}`)
      }
    }
    for (const z of this.zones) {
      if (z.managed_pages !== managedByZone[z.idx]) {
        throw new Error(`BUG: zone ${z.name} managed_pages ${z.managed_pages} but ${managedByZone[z.idx]} frames not reserved`)
      }
      if (z.managed_pages > z.present_pages || z.present_pages > z.spanned_pages) {
        throw new Error(`BUG: zone ${z.name} managed ${z.managed_pages} > present ${z.present_pages} or present > spanned ${z.spanned_pages}`)
      }
    }
    checkPageAlloc(this.pageAlloc, this.allocations)
    checkSlub(this.slub, this.memmap, this.vmstat)
    this.vmalloc.check()
    this.pgtables.check()
  }

  // ---- boot steps ---------------------------------------------------------------------------

  private checkInterrupt(): void {
    if (this.opts.interrupt?.()) throw new Interrupted()
  }

  private allocBoot(size: number, align: number, name: string, use: FrameUse, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const base = this.memblock.allocTopDown(size, align, name, use, min, max)
    if (base < 0) throw new Error(`BUG: memblock could not allocate ${size} bytes for ${name}`)
    return base
  }

  /**
   * Every struct page of RAM starts with one reference; holes between RAM ranges that still
   * have a struct page are reserved. Holes past the last RAM range up to the end of its section
   * exist in Linux too, beyond max_pfn, where our arrays stop.
   */
  // mm/mm_init.c: memmap_init() → memmap_init_zone_range(), init_unavailable_range()
  private memmapInit(memory: readonly PfnRange[]): void {
    let hole = 0
    for (const r of memory) {
      this.initUnavailableRange(hole, r.start)
      this.memmap.initSinglePages(r.start, r.end)
      hole = r.end
    }
    this.initUnavailableRange(hole, this.maxPfn)
  }

  // mm/mm_init.c: init_unavailable_range() (for_each_valid_pfn)
  private initUnavailableRange(start: number, end: number): void {
    // Walk by subsection: a 1 GiB PCI hole is 512 steps, not 262144.
    for (let pfn = start; pfn < end; ) {
      const next = Math.min(end, (Math.floor(pfn / PAGES_PER_SUBSECTION) + 1) * PAGES_PER_SUBSECTION)
      if (pfnValid(this.subsections, pfn)) this.memmap.initUnavailable(pfn, next)
      pfn = next
    }
  }

  /**
   * Give a part of the kernel image back for good: the whole pages of [start, end) leave
   * memblock.reserved (kept after boot for the panes) and become free, managed memory.
   */
  // arch/x86/mm/init.c: free_kernel_image_pages() → mm/page_alloc.c: free_reserved_area()
  // (imagePages false: free_init_pages(), which leaves the image's mapping in place)
  private freeKernelImagePages(start: number, end: number, imagePages = true): void {
    const s = Math.ceil(start / PAGE_SIZE)
    const e = Math.floor(end / PAGE_SIZE)
    if (e <= s) return
    this.pgtables.freeImagePages(start, end, imagePages)
    this.memblock.free(s * PAGE_SIZE, (e - s) * PAGE_SIZE)
    this.pageAlloc.freeReservedArea(s, e)
  }
}

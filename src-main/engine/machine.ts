// The simulated machine and its boot, in the order Linux 6.18 boots x86-64
// (init/main.c: start_kernel → arch/x86/kernel/setup.c: setup_arch → mm/mm_init.c: mm_core_init):
//   e820 from firmware → memblock.memory → reserve the kernel image and the first 1 MiB →
//   direct-map page tables → NODE_DATA → the memmap (sparse vmemmap) → zones → per-CPU areas →
//   memblock_free_all() hands the rest to the page
//   allocator → watermarks → free_initmem() and the image gaps.
// Everything /proc shows is computed from what this leaves behind.

import { FrameUse } from '@shared/model/frames'
import type { MachineConfig } from '@shared/model/machine'
import { Memblock, PAGE_SIZE } from './memblock/memblock'
import { Memmap } from './page_alloc/memmap'
import { Vmstat } from './page_alloc/vmstat'
import {
  MAX_NR_ZONES,
  calculateMinFreeKbytes,
  calculateTotalreservePages,
  emptyZone,
  recommendedMinFreeKbytes,
  setupPerZoneLowmemReserve,
  setupPerZoneWmarks,
  zoneLimits,
  type Zone
} from './page_alloc/zone'
import { Interrupted } from './shell/outcome'
import { e820EndOfRamPfn, e820MemblockRanges, firecrackerE820, trimBiosRange, type E820Entry } from './x86/e820'
import { initMemMapping, type DirectMap } from './x86/init_mem_mapping'
import { KERNEL_IMAGE, pfnAlign } from './x86/sections'
import { PCPU_UNIT_PAGES, setupPerCpuAreas, type PerCpuFirstChunk } from './x86/setup_percpu'

const MiB = 1024 * 1024
/** 128 MiB memory sections (SECTION_SIZE_BITS = 27); 64-byte struct page → 2 MiB of memmap each. */
export const PAGES_PER_SECTION = 1 << (27 - 12)
export const SIZEOF_STRUCT_PAGE = 64
/** sizeof(pg_data_t) on the reference build: "NODE_DATA(0) allocated [mem 0x63ffcb500-0x63fff5fff]". */
export const SIZEOF_PG_DATA = 0x2ab00
const MAX_DMA_ADDRESS = 16 * MiB

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
  readonly directMap: DirectMap
  readonly percpu: PerCpuFirstChunk
  readonly vmstat = new Vmstat()
  readonly boot: BootReport
  /** Sysctls of vm.* that exist at this stage (/proc/sys/vm). */
  readonly sysctl = {
    min_free_kbytes: 0,
    watermark_scale_factor: 10,
    overcommit_memory: 0 as 0 | 1 | 2,
    overcommit_ratio: 50,
    overcommit_kbytes: 0,
    lowmem_reserve_ratio: [256, 256, 32, 0, 0]
  }
  /** Pages of the swap area (its header page excluded), and how many are free. */
  readonly totalSwapPages: number
  nrSwapPagesFree: number
  totalreservePages = 0
  /** The hugetlbfs pool of 2 MiB pages (vm.nr_hugepages); empty unless configured. */
  readonly hugetlb = { nr_hugepages: 0, free_huge_pages: 0, resv_huge_pages: 0, surplus_huge_pages: 0 }
  /** zswap's compressed pool: off on the simulated kernel (CONFIG_ZSWAP_DEFAULT_ON=n). */
  readonly zswap = { pool_pages: 0, stored_pages: 0 }

  constructor(config: MachineConfig, private readonly opts: MachineOptions = {}) {
    this.config = Object.freeze({ ...config })
    this.sysctl.overcommit_memory = config.overcommit

    // setup_arch(): the firmware map, trimmed as Linux trims it, becomes memblock.memory.
    this.e820 = trimBiosRange(firecrackerE820(Math.floor(config.ram / PAGE_SIZE) * PAGE_SIZE))
    this.memblock = new Memblock(e820MemblockRanges(this.e820).map((r) => ({ base: r.start * PAGE_SIZE, size: (r.end - r.start) * PAGE_SIZE })))
    this.maxPfn = e820EndOfRamPfn(this.e820)
    this.checkInterrupt()

    // early_reserve_memory(): the kernel image, [_text, __end_of_kernel_reserve).
    const k = KERNEL_IMAGE
    this.memblock.reserve(k._text, k.__bss_stop - k._text, 'kernel image', FrameUse.KERNEL)
    // reserve_real_mode(): the whole first 1 MiB, unconditionally (BIOS data, EBDA, trampoline).
    this.memblock.reserve(0, MiB, 'first 1 MiB (BIOS, real-mode trampoline)', FrameUse.RESERVED)

    // init_mem_mapping(): the direct map, with page tables from memblock (alloc_low_pages()).
    this.directMap = initMemMapping(this.memblock)
    const tables = this.directMap.pudTables + this.directMap.pmdTables + this.directMap.pteTables
    for (let i = 0; i < tables; i++) this.allocBoot(PAGE_SIZE, PAGE_SIZE, 'direct-map page table', FrameUse.PGTABLE)

    // initmem_init() → alloc_node_data(): pg_data_t of node 0, cache-line aligned.
    this.allocBoot(SIZEOF_PG_DATA, 64, 'NODE_DATA(0)', FrameUse.BOOTMEM)

    // paging_init() → sparse_init(): one memmap buffer for all present sections, 2 MiB aligned
    // (sparse_buffer_init), mapped at vmemmap with 2 MiB pages: one PUD and one PMD table.
    const sections = this.presentSections()
    this.allocBoot(sections * PAGES_PER_SECTION * SIZEOF_STRUCT_PAGE, 2 * MiB, 'memmap (struct page array)', FrameUse.MEMMAP, MAX_DMA_ADDRESS)
    this.allocBoot(PAGE_SIZE, PAGE_SIZE, 'vmemmap page table', FrameUse.PGTABLE)
    this.allocBoot(PAGE_SIZE, PAGE_SIZE, 'vmemmap page table', FrameUse.PGTABLE)
    this.checkInterrupt()

    // zone_sizes_init() → free_area_init(): spans and present pages.
    this.zones = this.initZones()

    // start_kernel() → setup_per_cpu_areas().
    this.percpu = setupPerCpuAreas(this.memblock, config.cpus)

    // mm_core_init() → mem_init() → pci_iommu_alloc() would take a 64 MiB swiotlb bounce buffer
    // below 4 GiB on a machine with RAM above 4 GiB; our reference VMs boot with swiotlb=noforce
    // (Firecracker's virtio devices reach all of RAM), so none is reserved, as on them.

    // memblock_free_all(): every page not reserved goes to the page allocator.
    this.memmap = new Memmap(this.maxPfn)
    this.memblockFreeAll()
    this.checkInterrupt()
    this.boot = {
      freePages: this.freePages(),
      physpages: this.memblock.presentPages(),
      totalramPages: this.totalramPages()
    }

    // init_per_zone_wmark_min() (postcore_initcall), then khugepaged's raise when THP is on.
    this.setupWatermarks()

    // After boot: alternative_instructions() frees .smp_locks; mark_rodata_ro() frees the gaps
    // around rodata; free_initmem() frees .init.*.
    this.freeKernelImagePages('SMP alternatives', k.__smp_locks, k.__smp_locks_end)
    this.freeKernelImagePages('unused kernel image (text/rodata gap)', pfnAlign(k._etext), k.__start_rodata)
    this.freeKernelImagePages('unused kernel image (rodata/data gap)', k.__end_rodata, k._sdata)
    this.freeKernelImagePages('unused kernel image (initmem)', k.__init_begin, k.__init_end)

    this.totalSwapPages = config.swap > 0 ? Math.floor(config.swap / PAGE_SIZE) - 1 : 0
    this.nrSwapPagesFree = this.totalSwapPages

    if (opts.debug) this.checkInvariants()
  }

  /** totalram_pages(): pages managed by the buddy allocator. */
  totalramPages(): number {
    return this.zones.reduce((n, z) => n + z.managed_pages, 0)
  }

  /** NR_FREE_PAGES over all zones. */
  freePages(): number {
    return this.zones.reduce((n, z) => n + z.nr_free, 0)
  }

  /** Pages of the first per-CPU chunk: what meminfo's Percpu counts (pcpu_nr_pages()). */
  // mm/percpu.c: pcpu_nr_pages() = populated pages per unit × units. Only the first chunk
  // exists until something allocates per-CPU memory dynamically.
  percpuPages(): number {
    return PCPU_UNIT_PAGES * this.percpu.unitBase.length
  }

  zoneOf(pfn: number): Zone | undefined {
    for (let i = this.zones.length - 1; i >= 0; i--) {
      const z = this.zones[i]!
      if (z.spanned_pages > 0 && pfn >= z.zone_start_pfn && pfn < z.zone_start_pfn + z.spanned_pages) return z
    }
    return undefined
  }

  /**
   * CONFIG_DEBUG_VM: every frame in exactly one state, counters equal to what the frames say.
   * Throws naming the broken field.
   */
  checkInvariants(): void {
    const mm = this.memmap
    const isMemory = new Uint8Array(this.maxPfn)
    for (const m of this.memblock.memory) isMemory.fill(1, Math.ceil(m.base / PAGE_SIZE), Math.floor((m.base + m.size) / PAGE_SIZE))
    const freeByZone = new Array<number>(MAX_NR_ZONES).fill(0)
    const managedByZone = new Array<number>(MAX_NR_ZONES).fill(0)
    for (let pfn = 0; pfn < this.maxPfn; pfn++) {
      const use = mm.use[pfn]!
      if (!isMemory[pfn]) {
        if (use !== FrameUse.HOLE) throw new Error(`BUG: pfn ${pfn} is not RAM but its use is ${use}`)
        continue
      }
      if (use === FrameUse.HOLE) throw new Error(`BUG: pfn ${pfn} is RAM but marked as a hole`)
      const z = this.zoneOf(pfn)
      if (!z) throw new Error(`BUG: pfn ${pfn} is in no zone`)
      const reserved = mm.isReserved(pfn)
      if (use === FrameUse.FREE) {
        if (reserved) throw new Error(`BUG: pfn ${pfn} is free but PG_reserved`)
        if (mm._refcount[pfn] !== 0) throw new Error(`BUG: free pfn ${pfn} has _refcount ${mm._refcount[pfn]}`)
        freeByZone[z.idx]!++
      } else if (reserved && mm._refcount[pfn]! < 1) {
        throw new Error(`BUG: reserved pfn ${pfn} has _refcount ${mm._refcount[pfn]}`)
      }
      if (mm._mapcount[pfn]! < -1) throw new Error(`BUG: pfn ${pfn} has _mapcount ${mm._mapcount[pfn]}`)
      if (!reserved) managedByZone[z.idx]!++
    }
    for (const z of this.zones) {
      if (z.nr_free !== freeByZone[z.idx]) throw new Error(`BUG: zone ${z.name} nr_free ${z.nr_free} but ${freeByZone[z.idx]} free frames`)
      if (z.managed_pages !== managedByZone[z.idx]) {
        throw new Error(`BUG: zone ${z.name} managed_pages ${z.managed_pages} but ${managedByZone[z.idx]} frames not reserved`)
      }
      if (z.managed_pages > z.present_pages || z.present_pages > z.spanned_pages) {
        throw new Error(`BUG: zone ${z.name} managed ${z.managed_pages} > present ${z.present_pages} or present > spanned ${z.spanned_pages}`)
      }
    }
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

  /** Sections of 128 MiB holding any RAM: each has a full section of memmap. */
  private presentSections(): number {
    const present = new Set<number>()
    for (const m of this.memblock.memory) {
      const first = Math.floor(m.base / PAGE_SIZE / PAGES_PER_SECTION)
      const last = Math.floor((m.base + m.size - 1) / PAGE_SIZE / PAGES_PER_SECTION)
      for (let s = first; s <= last; s++) present.add(s)
    }
    return present.size
  }

  // mm/mm_init.c: free_area_init() → calculate_node_totalpages()
  private initZones(): Zone[] {
    const limits = zoneLimits(this.maxPfn)
    const first = Math.ceil((this.memblock.memory[0]?.base ?? 0) / PAGE_SIZE)
    const zones: Zone[] = []
    let start = first
    for (let i = 0; i < MAX_NR_ZONES; i++) {
      const z = emptyZone(i)
      const end = limits[i]!
      if (end > start) {
        z.zone_start_pfn = start
        z.spanned_pages = end - start
        z.present_pages = this.memblock.presentPages(start, end)
        start = end
      }
      zones.push(z)
    }
    return zones
  }

  // mm/memblock.c: memblock_free_all() → free_low_memory_core_early(): reserved ranges are
  // marked PG_reserved (reserve_bootmem_region); whole free pages go to the buddy allocator.
  private memblockFreeAll(): void {
    const mm = this.memmap
    for (const m of this.memblock.memory) {
      const s = Math.ceil(m.base / PAGE_SIZE)
      const e = Math.floor((m.base + m.size) / PAGE_SIZE)
      if (e > s) this.freePagesToAllocator(s, e)
    }
    // A page partly reserved is reserved: free pages are only whole pages (PFN_UP/PFN_DOWN).
    for (const r of this.memblock.reserved) {
      const s = Math.floor(r.base / PAGE_SIZE)
      const e = Math.min(Math.ceil((r.base + r.size) / PAGE_SIZE), this.maxPfn)
      for (let pfn = s; pfn < e; pfn++) {
        const z = this.zoneOf(pfn)
        if (!z || mm.use[pfn] === FrameUse.HOLE) continue
        if (mm.use[pfn] === FrameUse.FREE) {
          z.nr_free--
          z.managed_pages--
        }
        mm.setReserved(pfn, pfn + 1, r.use)
      }
    }
  }

  /**
   * Hand [start, end) to the page allocator. The buddy allocator (free lists, merging) comes
   * with the physical-memory issue; until then a free page is counted free in its zone.
   */
  // mm/page_alloc.c: __free_pages_core() → __free_pages_ok()
  private freePagesToAllocator(start: number, end: number): void {
    this.memmap.setFree(start, end)
    for (let pfn = start; pfn < end; ) {
      const z = this.zoneOf(pfn)
      if (!z) throw new Error(`BUG: pfn ${pfn} outside every zone`)
      const stop = Math.min(end, z.zone_start_pfn + z.spanned_pages)
      z.managed_pages += stop - pfn
      z.nr_free += stop - pfn
      pfn = stop
    }
  }

  /** Give a reserved range of the kernel image back to the allocator. */
  // mm/page_alloc.c: free_reserved_area() (via free_kernel_image_pages(), free_initmem())
  private freeKernelImagePages(_what: string, start: number, end: number): void {
    const s = Math.ceil(start / PAGE_SIZE)
    const e = Math.floor(end / PAGE_SIZE)
    if (e <= s) return
    this.memblock.free(s * PAGE_SIZE, (e - s) * PAGE_SIZE)
    this.freePagesToAllocator(s, e)
  }

  // mm/page_alloc.c: init_per_zone_wmark_min(); mm/khugepaged.c: set_recommended_min_free_kbytes()
  private setupWatermarks(): void {
    const s = this.sysctl
    s.min_free_kbytes = calculateMinFreeKbytes(this.zones)
    setupPerZoneWmarks(this.zones, s.min_free_kbytes, s.watermark_scale_factor)
    setupPerZoneLowmemReserve(this.zones, s.lowmem_reserve_ratio)
    if (this.config.thp !== 'never') {
      s.min_free_kbytes = recommendedMinFreeKbytes(this.zones, s.min_free_kbytes)
      setupPerZoneWmarks(this.zones, s.min_free_kbytes, s.watermark_scale_factor)
    }
    this.totalreservePages = calculateTotalreservePages(this.zones)
  }
}


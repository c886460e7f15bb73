// init_mm's page tables (arch/x86/mm/init_64.c, arch/x86/kernel/head_64.S,
// arch/x86/mm/pat/set_memory.c): the kernel half of every address space. The PGD,
// init_top_pgt, and the tables of the kernel image's own mapping live in the image's .data; the
// direct map's and the vmemmap's tables are boot memory; the vmalloc range's tables come from the
// buddy allocator on demand, as do the tables change_page_attr() needs when it splits a 2 MiB
// page. Every table is a simulated frame of 512 64-bit entries with the x86 bits.

import { FrameUse } from '@shared/model/frames'
import type { Memmap } from '../page_alloc/memmap'
import type { PageAllocator } from '../page_alloc/page_alloc'
import { GFP_KERNEL, __GFP_ZERO } from '../page_alloc/gfp'
import { PGTY_table } from '../page_alloc/page_flags'
import type { Vmstat } from '../page_alloc/vmstat'
import { KERNEL_IMAGE, pfnAlign } from './sections'

/** PAGE_OFFSET: where the direct map of all RAM begins (no KASLR). */
export const DIRECT_MAP_START = 0xffff888000000000n
/** VMEMMAP_START with 4-level paging and no KASLR: where the struct page array is mapped. */
export const VMEMMAP_START = 0xffffea0000000000n
/** __START_KERNEL_map: the kernel image's mapping, virtual = physical + this (phys_base 0). */
export const START_KERNEL_MAP = 0xffffffff80000000n
/** VMALLOC_START with 4-level paging and no KASLR; VMALLOC_SIZE_TB = 32. */
export const VMALLOC_START = 0xffffc90000000000n
export const VMALLOC_SIZE = 32 * 2 ** 40
export const VMALLOC_END = VMALLOC_START + BigInt(VMALLOC_SIZE) - 1n
/** KERNEL_IMAGE_SIZE with CONFIG_RANDOMIZE_BASE (as distributions build it, nokaslr or not): 1 GiB. */
export const KERNEL_IMAGE_SIZE = 1n << 30n
/** FIXADDR_TOP with vsyscall: the fixmap ends just below the vsyscall page's 2 MiB. */
export const FIXMAP_PMD_NUM = 2

/**
 * Page-table isolation. The reference kernel boots with `pti=on`: user mode runs on a second,
 * nearly empty PGD, and kernel mappings lose the Global bit (__default_kernel_pte_mask), since
 * they must not survive the CR3 switch of every kernel exit in the TLB.
 */
// arch/x86/mm/pti.c: pti_check_boottime_disable(); arch/x86/mm/init.c: probe_page_size_mask()
export const X86_FEATURE_PTI = true

/** x86 page-table entry bits (arch/x86/include/asm/pgtable_types.h). */
export const _PAGE_PRESENT = 1n << 0n
export const _PAGE_RW = 1n << 1n
export const _PAGE_USER = 1n << 2n
export const _PAGE_PWT = 1n << 3n
export const _PAGE_PCD = 1n << 4n
export const _PAGE_ACCESSED = 1n << 5n
export const _PAGE_DIRTY = 1n << 6n
export const _PAGE_PSE = 1n << 7n
export const _PAGE_GLOBAL = 1n << 8n
export const _PAGE_NX = 1n << 63n
/** The bits of an entry by the names the panes and `translate` print (bit 9: Linux's _PAGE_SPECIAL). */
export const ENTRY_BITS: readonly [string, bigint][] = [
  ['P', 1n],
  ['RW', 1n << 1n],
  ['US', 1n << 2n],
  ['PWT', 1n << 3n],
  ['PCD', 1n << 4n],
  ['A', 1n << 5n],
  ['D', 1n << 6n],
  ['PS', 1n << 7n],
  ['G', 1n << 8n],
  ['SPECIAL', 1n << 9n],
  ['NX', 1n << 63n]
]

/** The names of the bits set in an entry. */
export const entryBitNames = (e: bigint): string[] => ENTRY_BITS.filter(([, b]) => (e & b) !== 0n).map(([n]) => n)

/** The physical-address field of an entry: bits 12–51. */
export const PTE_PFN_MASK = 0x000ffffffffff000n

/** __default_kernel_pte_mask: everything, less the Global bit under PTI. */
const KERNEL_PTE_MASK = X86_FEATURE_PTI ? ~_PAGE_GLOBAL : ~0n
/** _KERNPG_TABLE: what a kernel PGD/PUD/PMD entry pointing at a table carries. */
export const _KERNPG_TABLE = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY
/** _PAGE_TABLE: the same with U/S, as user tables and a few kernel-image links carry it. */
export const _PAGE_TABLE = _KERNPG_TABLE | _PAGE_USER
/** PAGE_KERNEL: present, writable, accessed, dirty, no-execute (and Global, without PTI). */
export const PAGE_KERNEL = (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX) & KERNEL_PTE_MASK
/** __PAGE_KERNEL_LARGE_EXEC: the kernel image's 2 MiB pages as head_64.S writes them. */
export const PAGE_KERNEL_LARGE_EXEC = (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_PSE | _PAGE_GLOBAL) & KERNEL_PTE_MASK

const PMD_PAGES = 512

/**
 * Where head_64.S's static page tables sit in the image's .data. The reference kernel exports no
 * data symbols (kallsyms shows none of these, there is no System.map, /proc/kcore or /dev/mem),
 * so these addresses are chosen, in the order the linker lays them out: .data opens with
 * init_thread_union (THREAD_SIZE, 16 KiB), and head_64.o, linked first, brings its .data first:
 * init_top_pgt (8 KiB-aligned under PTI: the kernel PGD and the user PGD), level4_kernel_pgt
 * (present in 6.16+ builds but unused with 4-level paging, where the P4D is folded),
 * level3_kernel_pgt, level2_kernel_pgt, level2_fixmap_pgt and FIXMAP_PMD_NUM level1_fixmap_pgt
 * tables. The page-aligned data the linker puts between the two (.data..page_aligned) is taken
 * as empty.
 */
// arch/x86/kernel/vmlinux.lds.S (.data: INIT_TASK_DATA, PAGE_ALIGNED_DATA, DATA_DATA);
// arch/x86/kernel/head_64.S (SYM_DATA_START_PTI_ALIGNED(init_top_pgt), …)
export const IMAGE_PGTABLES = Object.freeze({
  init_top_pgt: KERNEL_IMAGE._sdata + 0x4000,
  init_top_pgt_user: KERNEL_IMAGE._sdata + 0x5000,
  level4_kernel_pgt: KERNEL_IMAGE._sdata + 0x6000,
  level3_kernel_pgt: KERNEL_IMAGE._sdata + 0x7000,
  level2_kernel_pgt: KERNEL_IMAGE._sdata + 0x8000,
  level2_fixmap_pgt: KERNEL_IMAGE._sdata + 0x9000,
  level1_fixmap_pgt: KERNEL_IMAGE._sdata + 0xa000
})

export interface WalkStep {
  level: 'PGD' | 'PUD' | 'PMD' | 'PTE'
  /** The frame of the table this entry is in. */
  table: number
  index: number
  entry: bigint
}

/**
 * Every page table by frame number: 512 64-bit entries, readable as BigInts (for clarity: what
 * `translate` and the panes print) and, through `words`, as 1024 32-bit halves over the same
 * memory — the low word (flags, PFN bits 12–31) at 2i, the high one (PFN bits 32–51, NX as bit
 * 31) at 2i+1 — which the page-fault path reads and writes without allocating a BigInt.
 */
export class PageTableMap extends Map<number, BigUint64Array> {
  /** The 32-bit view of each table. */
  readonly words = new Map<number, Uint32Array>()
  override set(pfn: number, t: BigUint64Array): this {
    this.words?.set(pfn, new Uint32Array(t.buffer, t.byteOffset, 1024))
    return super.set(pfn, t)
  }
  override delete(pfn: number): boolean {
    this.words.delete(pfn)
    return super.delete(pfn)
  }
  override clear(): void {
    this.words.clear()
    super.clear()
  }
}

/** Entry bits in the low 32-bit word of an entry (the values of the _PAGE_* bits below bit 32). */
export const W_PRESENT = 1 << 0
export const W_RW = 1 << 1
export const W_USER = 1 << 2
export const W_ACCESSED = 1 << 5
export const W_DIRTY = 1 << 6
export const W_PSE = 1 << 7
/** _PAGE_NX in the high word. */
export const W_NX_HI = 0x80000000 | 0
/** The frame an entry's two words point to (bits 12–51). */
export const wordsPfn = (lo: number, hi: number): number => (hi & 0xfffff) * 0x100000 + (lo >>> 12)
/** The low word of an entry for frame pfn with the low flag bits `flags`. */
export const wordsLo = (pfn: number, flags: number): number => (((pfn & 0xfffff) << 12) | flags) >>> 0
/** The high word of an entry for frame pfn, NX or not. */
export const wordsHi = (pfn: number, nx: boolean): number => ((pfn / 0x100000) | (nx ? W_NX_HI : 0)) >>> 0

/** The kernel's own page tables (init_mm): tables live in simulated frames of 512 entries. */
export class KernelPageTables {
  /** Table contents by frame number (init_mm's and, once processes exist, theirs too). */
  readonly tables = new PageTableMap()
  /** init_top_pgt's frame (in the kernel image): what CR3 holds while a kernel thread runs. */
  readonly pgdPfn = IMAGE_PGTABLES.init_top_pgt / 4096
  /** init_top_pgt itself. */
  readonly pgd: BigUint64Array
  /**
   * direct_pages_count[]: the pages of the direct map by mapping size, set at boot by
   * kernel_physical_mapping_init() and moved by every 2 MiB split (meminfo DirectMap4k/2M).
   */
  readonly directPages = { pages4k: 0, pages2M: 0 }
  /**
   * 2 MiB pages split by change_page_attr(): of the direct map, and of the image's mapping. Each
   * split took one page from the buddy allocator that no counter of meminfo shows.
   */
  readonly splits = { direct: 0, image: 0 }

  constructor(
    private readonly pa: PageAllocator,
    private readonly mm: Memmap,
    private readonly vmstat: Vmstat
  ) {
    this.pgd = this.imageTable(IMAGE_PGTABLES.init_top_pgt)
    // Under PTI the user PGD is the next page: the kernel's entry points only, no kernel half.
    if (X86_FEATURE_PTI) this.imageTable(IMAGE_PGTABLES.init_top_pgt_user)
  }

  /** A table of the kernel image's .data (not from any allocator, never freed). */
  private imageTable(phys: number): BigUint64Array {
    const pfn = phys / 4096
    const t = new BigUint64Array(512)
    this.tables.set(pfn, t)
    this.mm.use[pfn] = FrameUse.PGTABLE
    return t
  }

  /** A zeroed page-table page, counted in NR_PAGETABLE (meminfo PageTables). */
  // include/linux/mm.h: pagetable_alloc(GFP_PGTABLE_KERNEL, 0) + pagetable_*_ctor()
  private allocTable(): number {
    const r = this.pa.allocPages(GFP_KERNEL | __GFP_ZERO, 0, 0)
    if ('failure' in r) throw new Error(`BUG: no memory for a kernel page table: ${r.failure}`)
    this.mm.use[r.pfn] = FrameUse.PGTABLE
    this.mm.page_type[r.pfn] = PGTY_table
    this.tables.set(r.pfn, new BigUint64Array(512))
    this.vmstat.modNode('NR_PAGETABLE', 1)
    return r.pfn
  }

  private entries(table: number): BigUint64Array {
    return this.tables.get(table)!
  }

  /** The entries of a table by frame, if that frame holds one of init_mm's tables. */
  table(pfn: number): BigUint64Array | undefined {
    return this.tables.get(pfn)
  }

  /**
   * The table an entry points to, linking a new one (from `alloc`: the buddy allocator by
   * default) if the entry is empty. Returns its pfn and whether it is new.
   */
  private next(table: number, index: number, alloc: () => number = () => this.allocTable()): { pfn: number; fresh: boolean } {
    const e = this.entries(table)
    const v = e[index]!
    if (v & _PAGE_PRESENT) return { pfn: entryPfn(v), fresh: false }
    const pfn = alloc()
    e[index] = (BigInt(pfn) << 12n) | _KERNPG_TABLE
    return { pfn, fresh: true }
  }

  /**
   * Boot page tables memblock reserved (PG_reserved, not counted in PageTables), handed out in
   * the order they were reserved; `finish()` checks that every one was used.
   */
  private bootTables(pfns: readonly number[], what: string): { take: () => number; finish: () => void } {
    const queue = [...pfns]
    return {
      take: () => {
        const pfn = queue.shift()
        if (pfn === undefined) throw new Error(`BUG: ${what} needs more boot page tables than were reserved`)
        this.tables.set(pfn, new BigUint64Array(512))
        return pfn
      },
      finish: () => {
        if (queue.length) throw new Error(`BUG: ${queue.length} boot page tables of ${what} were not used`)
      }
    }
  }

  /**
   * The direct map's entries in the boot page tables init_mem_mapping() reserved: the PGD entry
   * of PAGE_OFFSET → one PUD table → a PMD table per GiB → a 2 MiB page (PSE) per PMD entry, or
   * a PTE table of 4 KiB pages where 2 MiB pages do not fit.
   */
  // arch/x86/mm/init_64.c: kernel_physical_mapping_init() → phys_p4d_init(), phys_pud_init(),
  //   phys_pmd_init() (PAGE_KERNEL_LARGE), phys_pte_init() (PAGE_KERNEL)
  buildDirectMap(ranges: readonly { startPfn: number; endPfn: number; large: boolean }[], bootTables: number[]): void {
    const boot = this.bootTables(bootTables, 'the direct map')
    for (const r of ranges) {
      for (let pfn = r.startPfn; pfn < r.endPfn; ) {
        const va = DIRECT_MAP_START + BigInt(pfn) * 4096n
        const pud = this.next(this.pgdPfn, pgdIndex(va), boot.take).pfn
        const pmd = this.next(pud, Number((va >> 30n) & 511n), boot.take).pfn
        const pmdIndex = Number((va >> 21n) & 511n)
        if (r.large) {
          const base = pfn - (pfn % 512)
          this.tables.get(pmd)![pmdIndex] = (BigInt(base) << 12n) | PAGE_KERNEL | _PAGE_PSE
          pfn = base + 512
        } else {
          const pte = this.next(pmd, pmdIndex, boot.take).pfn
          this.tables.get(pte)![Number((va >> 12n) & 511n)] = (BigInt(pfn) << 12n) | PAGE_KERNEL
          pfn++
        }
      }
    }
    boot.finish()
    const c = this.directMapCounts()
    this.directPages.pages4k = c.pages4k
    this.directPages.pages2M = c.pages2M
  }

  /**
   * The kernel image's own mapping at __START_KERNEL_map, as head_64.S and the early C code leave
   * it: PGD entry 511 → level3_kernel_pgt, whose entry 510 → level2_kernel_pgt (2 MiB pages,
   * virtual = physical + __START_KERNEL_map) and entry 511 → level2_fixmap_pgt → the
   * level1_fixmap_pgt tables. Only the PMDs of [_text, _brk_end rounded up to 2 MiB) stay:
   * __startup_64() drops those before _text, cleanup_highmap() those after. pti_init() has
   * already cleared their Global bit (pti=on, PAGE_KERNEL_LARGE_EXEC carries none here).
   * Not modelled: the fixmap's slots (APIC, IO-APIC…: no table walk of the lab reaches them),
   * the cpu_entry_area (PGD 508), the module area (the reference boots `nomodule`).
   */
  // arch/x86/kernel/head_64.S (level3_kernel_pgt, level2_kernel_pgt: PMDS(0,
  //   __PAGE_KERNEL_LARGE_EXEC, KERNEL_IMAGE_SIZE/PMD_SIZE), level2_fixmap_pgt);
  // arch/x86/kernel/head64.c: x86_64_start_kernel() (init_top_pgt[511] = early_top_pgt[511]);
  // arch/x86/mm/init_64.c: cleanup_highmap()
  buildKernelImage(): void {
    const l3 = IMAGE_PGTABLES.level3_kernel_pgt
    const l2 = IMAGE_PGTABLES.level2_kernel_pgt
    const fix2 = IMAGE_PGTABLES.level2_fixmap_pgt
    this.pgd[511] = BigInt(l3) | _PAGE_TABLE
    const level3 = this.imageTable(l3)
    level3[510] = BigInt(l2) | _KERNPG_TABLE
    level3[511] = BigInt(fix2) | _PAGE_TABLE
    const level2 = this.imageTable(l2)
    const fixmap2 = this.imageTable(fix2)
    for (let i = 0; i < FIXMAP_PMD_NUM; i++) {
      const l1 = IMAGE_PGTABLES.level1_fixmap_pgt + i * 4096
      this.imageTable(l1)
      fixmap2[512 - 4 - FIXMAP_PMD_NUM + i] = BigInt(l1) | _PAGE_TABLE
    }
    const k = KERNEL_IMAGE
    const end = Math.ceil(k.__bss_stop / (PMD_PAGES * 4096)) // roundup(_brk_end, PMD_SIZE)
    for (let i = k._text / (PMD_PAGES * 4096); i < end; i++) {
      level2[i] = (BigInt(i * PMD_PAGES * 4096)) | PAGE_KERNEL_LARGE_EXEC
    }
  }

  /**
   * Change the attributes of `pages` pages from `va`: set the bits of `set`, clear those of `clr`.
   * A 2 MiB page the range covers whole keeps its size; one it covers in part, or whose part
   * would change, is split into a PTE table first (a page from the buddy allocator, not counted in
   * PageTables). With `alias`, the other mapping of the same frames changes too (the direct map
   * for the kernel image's addresses), unless only NX changes; the direct map stays NX always.
   */
  // arch/x86/mm/pat/set_memory.c: change_page_attr_set_clr() → __change_page_attr_set_clr(),
  //   __change_page_attr() → should_split_large_page() / split_large_page(), cpa_process_alias()
  changePageAttr(va: bigint, pages: number, set: bigint, clr: bigint, alias: boolean): void {
    for (let i = 0; i < pages; ) {
      const a = va + BigInt(i) * 4096n
      const w = this.walk(a)
      const leaf = w[w.length - 1]!
      if (!(leaf.entry & (_PAGE_PRESENT | _PAGE_PSE)) || (leaf.level !== 'PTE' && leaf.level !== 'PMD') || (leaf.level === 'PMD' && !(leaf.entry & _PAGE_PSE))) {
        i++ // nothing mapped here: nothing to change
        continue
      }
      if (leaf.level === 'PMD') {
        const first = Number((a >> 12n) & 511n)
        const next = cpaProt(leaf.entry, set, clr)
        if (next === leaf.entry) {
          i += PMD_PAGES - first
          continue
        }
        if (first === 0 && pages - i >= PMD_PAGES) {
          // try_preserve_large_page(): the whole 2 MiB page changes alike.
          this.tables.get(leaf.table)![leaf.index] = next
          i += PMD_PAGES
          continue
        }
        this.splitLargePage(leaf.table, leaf.index, a)
        continue // again, now through the PTE
      }
      this.tables.get(leaf.table)![leaf.index] = cpaProt(leaf.entry, set, clr)
      i++
    }
    if (alias && (set | clr) !== _PAGE_NX && va >= START_KERNEL_MAP) {
      const phys = va - START_KERNEL_MAP
      this.changePageAttr(DIRECT_MAP_START + phys, pages, set & ~_PAGE_NX, clr & ~_PAGE_NX, false)
    }
  }

  /**
   * A 2 MiB page becomes a table of 512 4 KiB PTEs with the same attributes; the split is counted
   * (vmstat direct_map_level2_splits, and DirectMap2M/4k: split_page_count() counts any address
   * with a direct-map alias, the kernel image's too).
   */
  // arch/x86/mm/pat/set_memory.c: split_large_page() → __split_large_page(), split_page_count()
  private splitLargePage(pmdTable: number, index: number, addr: bigint): void {
    const r = this.pa.allocPages(GFP_KERNEL, 0, 0)
    if ('failure' in r) throw new Error(`BUG: no memory to split a kernel 2 MiB page: ${r.failure}`)
    this.mm.use[r.pfn] = FrameUse.PGTABLE
    const large = this.tables.get(pmdTable)![index]!
    const base = large & PTE_PFN_MASK
    // pgprot_large_2_4k(): the PSE bit is PAT in a PTE; the kernel's 2 MiB pages have it clear.
    const prot = large & ~PTE_PFN_MASK & ~_PAGE_PSE
    const t = new BigUint64Array(512)
    for (let i = 0; i < 512; i++) t[i] = (base + BigInt(i) * 4096n) | prot
    this.tables.set(r.pfn, t)
    this.tables.get(pmdTable)![index] = (BigInt(r.pfn) << 12n) | _KERNPG_TABLE
    if (addr >= START_KERNEL_MAP) this.splits.image++
    else this.splits.direct++
    this.directPages.pages2M--
    this.directPages.pages4k += PMD_PAGES
    this.vmstat.countEvent('direct_map_level2_splits')
  }

  /**
   * What happens to the image's pages when part of it is freed: no longer executable, writable
   * again (in the direct map too), and with PTI gone from the image's mapping, so that Meltdown
   * cannot read whatever the page allocator puts there next (`noalias`: the direct map stays).
   * `freeInitPages` alone (the SMP alternatives) stops before that last step.
   */
  // arch/x86/mm/init.c: free_init_pages() (set_memory_nx(), set_memory_rw()),
  //   free_kernel_image_pages() (set_memory_np_noalias() when X86_FEATURE_PTI)
  freeImagePages(start: number, end: number, kernelImagePages: boolean): void {
    const s = Math.ceil(start / 4096)
    const e = Math.floor(end / 4096)
    if (e <= s) return
    const va = START_KERNEL_MAP + BigInt(s) * 4096n
    this.changePageAttr(va, e - s, _PAGE_NX, 0n, false)
    this.changePageAttr(va, e - s, _PAGE_RW, 0n, true)
    if (kernelImagePages && X86_FEATURE_PTI) this.changePageAttr(va, e - s, 0n, _PAGE_PRESENT, false)
  }

  /**
   * Kernel text and rodata read-only (and their direct-map alias), everything after the text
   * no-execute. (mark_rodata_ro() goes on to free the two gaps between the sections: the
   * machine does that next, through freeImagePages().)
   */
  // arch/x86/mm/init_64.c: mark_rodata_ro()
  markRodataRo(): void {
    const k = KERNEL_IMAGE
    const pmd = PMD_PAGES * 4096
    const at = (phys: number) => START_KERNEL_MAP + BigInt(phys)
    const hpageEnd = Math.ceil(k.__end_rodata / pmd) * pmd // __end_rodata_hpage_align
    this.changePageAttr(at(k._text), (hpageEnd - k._text) / 4096, 0n, _PAGE_RW, true)
    const textEnd = pfnAlign(k._etext)
    const allEnd = Math.ceil(k.__bss_stop / pmd) * pmd // roundup(_brk_end, PMD_SIZE)
    this.changePageAttr(at(textEnd), (allEnd - textEnd) / 4096, _PAGE_NX, 0n, false)
  }

  /**
   * The vmemmap: each present section's 2 MiB of struct page, mapped at VMEMMAP_START +
   * section · 2 MiB with one 2 MiB page, through the PUD and PMD tables sparse_init() took from
   * memblock (in that order, one of each per 512 GiB / 1 GiB of vmemmap).
   */
  // mm/sparse-vmemmap.c: vmemmap_populate_hugepages() → vmemmap_set_pmd()
  buildVmemmap(sections: readonly number[], memmapBase: number, sectionMapSize: number, bootTables: number[]): void {
    const boot = this.bootTables(bootTables, 'the vmemmap')
    sections.forEach((s, i) => {
      const va = VMEMMAP_START + BigInt(s * sectionMapSize)
      const pud = this.next(this.pgdPfn, pgdIndex(va), boot.take).pfn
      const pmd = this.next(pud, Number((va >> 30n) & 511n), boot.take).pfn
      const phys = memmapBase + i * sectionMapSize
      this.tables.get(pmd)![Number((va >> 21n) & 511n)] = (BigInt(phys / 4096) << 12n) | PAGE_KERNEL | _PAGE_PSE
    })
    boot.finish()
  }

  /**
   * The direct map's present pages by mapping size, counted from the entries themselves, walking
   * the PGD entries of the direct-map range.
   */
  directMapCounts(): { pages4k: number; pages2M: number } {
    let pages4k = 0
    let pages2M = 0
    const start = pgdIndex(DIRECT_MAP_START)
    for (let g = start; g < start + 64; g++) {
      const pudE = this.pgd[g]!
      if (!(pudE & _PAGE_PRESENT)) continue
      for (const pmdE of this.tables.get(entryPfn(pudE))!) {
        if (!(pmdE & _PAGE_PRESENT)) continue
        for (const e of this.tables.get(entryPfn(pmdE))!) {
          if (!(e & _PAGE_PRESENT)) continue
          if (e & _PAGE_PSE) pages2M++
          else {
            for (const pte of this.tables.get(entryPfn(e))!) if (pte & _PAGE_PRESENT) pages4k++
          }
        }
      }
    }
    return { pages4k, pages2M }
  }

  /**
   * Problems with the tables' bookkeeping: direct_pages_count must be what a walk of the direct
   * map finds, moved by the splits of the image's mapping (split_page_count() counts those too).
   */
  check(): void {
    const walk = this.directMapCounts()
    const want = { pages4k: walk.pages4k + this.splits.image * PMD_PAGES, pages2M: walk.pages2M - this.splits.image }
    if (want.pages4k !== this.directPages.pages4k || want.pages2M !== this.directPages.pages2M) {
      throw new Error(`BUG: direct_pages_count 4k=${this.directPages.pages4k} 2M=${this.directPages.pages2M}, the tables give 4k=${want.pages4k} 2M=${want.pages2M}`)
    }
  }

  /**
   * The PUD tables of the whole vmalloc range, allocated at boot so that no process PGD ever
   * needs syncing when vmalloc maps something new.
   */
  // arch/x86/mm/init_64.c: preallocate_vmalloc_pages()
  preallocateVmalloc(): number {
    let n = 0
    for (let a = VMALLOC_START; a <= VMALLOC_END; a += 1n << 39n) if (this.next(this.pgdPfn, pgdIndex(a)).fresh) n++
    return n
  }

  /** Map one page; returns how many page-table pages it had to allocate. */
  // mm/vmalloc.c: vmap_pages_range() → vmap_pte_range()
  map(addr: bigint, pfn: number, prot: bigint): number {
    let fresh = 0
    const pud = this.next(this.pgdPfn, pgdIndex(addr))
    const pmd = this.next(pud.pfn, Number((addr >> 30n) & 511n))
    const pte = this.next(pmd.pfn, Number((addr >> 21n) & 511n))
    fresh += (pud.fresh ? 1 : 0) + (pmd.fresh ? 1 : 0) + (pte.fresh ? 1 : 0)
    this.tables.get(pte.pfn)![Number((addr >> 12n) & 511n)] = (BigInt(pfn) << 12n) | prot
    return fresh
  }

  /** Clear one page's PTE (the tables stay). */
  // mm/vmalloc.c: vunmap_range_noflush() → vunmap_pte_range()
  unmap(addr: bigint): void {
    const w = this.walk(addr)
    const pte = w[w.length - 1]
    if (pte && w.length === 4) this.tables.get(pte.table)![pte.index] = 0n
  }

  /** The walk PGD → PUD → PMD → PTE: each level's table, index and entry, as far as entries are present. */
  walk(addr: bigint): WalkStep[] {
    const out: WalkStep[] = []
    let table = this.pgdPfn
    for (const [level, shift] of [
      ['PGD', 39n],
      ['PUD', 30n],
      ['PMD', 21n],
      ['PTE', 12n]
    ] as const) {
      const index = Number((addr >> shift) & 511n)
      const entry = this.entries(table)[index]!
      out.push({ level, table, index, entry })
      if (!(entry & _PAGE_PRESENT) || level === 'PTE' || entry & _PAGE_PSE) break
      table = entryPfn(entry)
    }
    return out
  }
}

export const pgdIndex = (addr: bigint) => Number((addr >> 39n) & 511n)
/** The frame an entry points to: bits 12–51. */
export const entryPfn = (e: bigint) => Number((e >> 12n) & 0xffffffffffn)

/**
 * An entry with the bits of `set` set and those of `clr` cleared. A not-present entry loses the
 * Global bit too, which would otherwise read as PROT_NONE.
 */
// arch/x86/mm/pat/set_memory.c: __change_page_attr() → pgprot_clear_protnone_bits()
function cpaProt(entry: bigint, set: bigint, clr: bigint): bigint {
  let v = (entry & ~clr) | set
  if (!(v & _PAGE_PRESENT)) v &= ~_PAGE_GLOBAL
  return v
}

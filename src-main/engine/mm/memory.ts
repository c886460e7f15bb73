// A process's page tables and its page faults, as x86-64 and Linux 6.18 have them:
//  - tables below the process's PGD (PUD, PMD, PTE; the P4D is folded) are page-table pages from
//    the buddy allocator (pagetable_alloc(), counted in PageTables and in the mm's
//    pgtables_bytes, status VmPTE); under PTI a user PGD entry is written to both PGD copies,
//    the kernel's with NX (pti_set_user_pgtbl());
//  - a user access walks them as the MMU does; a missing or insufficient entry is a page fault
//    (arch/x86/mm/fault.c: do_user_addr_fault() → find the VMA, grow the stack, access_error())
//    handled by mm/memory.c: handle_mm_fault() → handle_pte_fault():
//      do_anonymous_page(): a read maps the shared zero page read-only, a write a new zeroed page;
//      do_wp_page(): a write to the zero page (or to a read-only copy) replaces it;
//  - the MMU sets Accessed on every access and Dirty on a write;
//  - munmap zaps the range (zap_pte_range()) and frees the tables nothing uses any more
//    (free_pgtables()).
// Not here yet: file-backed and shmem pages (the page cache), copy-on-write after fork, swap,
// huge pages, the TLB.

import { FrameUse } from '@shared/model/frames'
import type { Machine } from '../machine'
import { GFP_HIGHUSER_MOVABLE, GFP_KERNEL, __GFP_ACCOUNT, __GFP_COMP, __GFP_DIRECT_RECLAIM, __GFP_KSWAPD_RECLAIM, __GFP_MOVABLE, __GFP_NOMEMALLOC, __GFP_NOWARN, __GFP_ZERO } from '../page_alloc/gfp'
import { NO_PFN } from '../page_alloc/memmap'
import { PGTY_table, PG_active, PG_anon_exclusive, PG_dirty, PG_head, PG_lru, PG_mlocked, PG_referenced, PG_swapbacked, PG_unevictable, PG_uptodate } from '../page_alloc/page_flags'
import {
  W_ACCESSED,
  W_DIRTY,
  W_NX_HI,
  W_PRESENT,
  W_PSE,
  W_RW,
  W_USER,
  X86_FEATURE_PTI,
  _PAGE_ACCESSED,
  _PAGE_DIRTY,
  _PAGE_NX,
  _PAGE_PRESENT,
  _PAGE_PSE,
  _PAGE_RW,
  _PAGE_TABLE,
  _PAGE_USER,
  entryPfn,
  wordsHi,
  wordsLo,
  wordsPfn
} from '../x86/pgtable'
import { KERNEL_IMAGE } from '../x86/sections'
import { TLB_DIRTY, TLB_HUGE, TLB_NX, TLB_RW } from '../x86/tlb'
import { PAGE_SIZE, STACK_GUARD_GAP, type MmStruct, type Vma, type VmFile } from './mm'
import type { Task } from './process'
import { VM_EXEC, VM_GROWSDOWN, VM_HUGEPAGE, VM_HUGETLB, VM_IO, VM_LOCKED, VM_NOHUGEPAGE, VM_PFNMAP, VM_READ, VM_SHARED, VM_SPECIAL, VM_WRITE } from './vm_flags'

/**
 * _PAGE_PROTNONE: a PROT_NONE page keeps its frame with Present clear and this bit (the Global bit,
 * meaningless in a non-present entry) set, so that Linux still sees it as mapped (pte_present()).
 */
export const _PAGE_PROTNONE = 1n << 8n
const W_PROTNONE = 1 << 8
/** pte_present(): mapped, whether the MMU may use it (P) or not (PROT_NONE). */
const ptePresent = (e: bigint): boolean => (e & (_PAGE_PRESENT | _PAGE_PROTNONE)) !== 0n
/** _PAGE_SPECIAL (_PAGE_BIT_SOFTW1): a PTE with no struct page behind it to refcount (the zero page). */
export const _PAGE_SPECIAL = 1n << 9n
const W_SPECIAL = 1 << 9
/** GFP_PGTABLE_USER: what user page tables are allocated with. */
const GFP_PGTABLE_USER = GFP_KERNEL | __GFP_ZERO | __GFP_ACCOUNT
/**
 * empty_zero_page: the first page of the image's .bss..page_aligned, which head_64.o (linked
 * first) opens with — so it sits at __bss_start.
 */
export const ZERO_PFN = KERNEL_IMAGE.__bss_start / PAGE_SIZE
/** read_ahead_kb of the disk (128 KiB): the pages a major fault reads around it. */
const READ_AROUND = 32
/** bdi->io_pages of the disk: max_sectors_kb 1280 (BLK_DEF_MAX_SECTORS_CAP), the most one read asks for. */
const IO_PAGES = 320
/** fault_around_bytes (64 KiB): the cached pages a read fault maps around it. */
const FAULT_AROUND_PAGES = 16
const PMD = 2 * 1024 * 1024
/** A per-CPU folio batch holds up to PAGEVEC_SIZE folios (include/linux/pagevec.h). */
const PAGEVEC_SIZE = 31
/** HPAGE_PMD_ORDER / HPAGE_PMD_NR: a PMD-mapped THP is an order-9 folio of 512 pages. */
const HPAGE_PMD_ORDER = 9
const HPAGE_PMD_NR = 512
/**
 * The GFP mask of a THP fault: defrag "madvise" (the default, and the reference's) lets a
 * MADV_HUGEPAGE VMA reclaim directly (GFP_TRANSHUGE); otherwise GFP_TRANSHUGE_LIGHT.
 */
// mm/huge_memory.c: vma_thp_gfp_mask(); include/linux/gfp_types.h: GFP_TRANSHUGE(_LIGHT)
const GFP_TRANSHUGE_LIGHT = ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)) >>> 0
const GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM
/** pteTable()'s answers: no table there, a PTE table, a PMD mapping a 2 MiB page. */
const PT_NONE = 0
const PT_TABLE = 1
const PT_HUGE = 2
/** The first page of .data..ro_after_init, where vdso-image-64.c's page-aligned raw_data lies. */
export const VDSO_IMAGE_PFN = Math.ceil(0x2861560 / PAGE_SIZE)
/** The vDSO time data pages: chosen, after head_64.S's tables in .data (the address is not exported). */
export const VVAR_PFN = (KERNEL_IMAGE._sdata + 0xc000) / PAGE_SIZE
/** A shared anonymous mapping's file: shmem, on the shm mount (device 00:01). */
export const isShmem = (f: VmFile): boolean => f.dev === '00:01'
/** RLIMIT_STACK's default soft limit: how far the stack may grow. */
const STACK_RLIMIT = 8 * 1024 * 1024

export type Access = 'read' | 'write' | 'exec'

/** What a fault handler did, as shared read-only values (the fault path allocates no result). */
type Fixed = { readonly ok: true; readonly newPage: boolean; readonly zero: boolean; readonly major?: boolean }
const MAPPED: Fixed = Object.freeze({ ok: true, newPage: false, zero: false })
const ZERO_MAPPED: Fixed = Object.freeze({ ok: true, newPage: false, zero: true })
const NEW_PAGE: Fixed = Object.freeze({ ok: true, newPage: true, zero: false })

export type AccessResult =
  | { ok: true; pages: number; minor: number; major: number; newPages: number; zeroPages: number; firstTouches: number; hugeNew: number; hugeZero: number }
  | { ok: false; signal: 'SIGSEGV'; code: 'SEGV_MAPERR' | 'SEGV_ACCERR'; addr: number; pages: number; minor: number }

/**
 * vm_get_page_prot(): the PTE bits a VMA's pages get (x86 protection_map[]), as the entry's low
 * word (every bit but NX); vmPageNx() says whether NX is set.
 */
// arch/x86/mm/pgprot.c: protection_map
export function vmPageProtLo(flags: number): number {
  if (!(flags & (VM_READ | VM_WRITE | VM_EXEC))) return W_PROTNONE | W_ACCESSED // PAGE_NONE
  // PAGE_SHARED is writable; private writable pages start read-only (PAGE_COPY).
  return W_PRESENT | W_USER | W_ACCESSED | (flags & VM_WRITE && flags & VM_SHARED ? W_RW : 0)
}
const vmPageNx = (flags: number): boolean => (flags & (VM_READ | VM_WRITE | VM_EXEC)) !== 0 && !(flags & VM_EXEC)
/** vm_get_page_prot() as a whole entry's bits. */
export const vmPageProt = (flags: number): bigint => BigInt(vmPageProtLo(flags)) | (vmPageNx(flags) ? _PAGE_NX : 0n)

/**
 * Whether THP may back this VMA at all: anonymous private memory, not special, hugetlb or refused
 * with MADV_NOHUGEPAGE, and allowed by transparent_hugepage/enabled (always, or madvise with
 * MADV_HUGEPAGE). A 2 MiB-aligned 2 MiB range of it must also fit (thp_vma_suitable_order()).
 */
// mm/huge_memory.c: __thp_vma_allowable_orders()
export function thpAllowed(m: Machine, v: Vma): boolean {
  if (v.vm_file || v.special || v.vm_flags & (VM_SPECIAL | VM_HUGETLB | VM_NOHUGEPAGE)) return false
  const mode = m.transparentHugepage
  return mode === 'always' || (mode === 'madvise' && (v.vm_flags & VM_HUGEPAGE) !== 0)
}

export class Paging {
  constructor(private readonly m: Machine) {}

  private get pt() {
    return this.m.pgtables
  }

  /** A zeroed page-table page for a user table: PageTables and the mm's pgtables_bytes count it. */
  // include/linux/mm.h: pagetable_alloc(GFP_PGTABLE_USER, 0) + pagetable_pte_ctor()/pmd/pud
  private allocTable(mm: MmStruct): number {
    const r = this.m.pageAlloc.allocPages(GFP_PGTABLE_USER, 0, 0)
    if ('failure' in r) throw new Error(`BUG: no memory for a page table: ${r.failure}`)
    this.m.memmap.use[r.pfn] = FrameUse.PGTABLE
    this.m.memmap.page_type[r.pfn] = PGTY_table
    this.pt.tables.set(r.pfn, new BigUint64Array(512))
    this.m.vmstat.modNode('NR_PAGETABLE', 1)
    mm.pgtables_bytes += PAGE_SIZE
    return r.pfn
  }

  private freeTable(mm: MmStruct, pfn: number): void {
    this.tablesFreed++
    this.pt.tables.delete(pfn)
    this.m.memmap.page_type[pfn] = 0
    this.m.memmap.use[pfn] = FrameUse.ALLOCATED
    this.m.vmstat.modNode('NR_PAGETABLE', -1)
    mm.pgtables_bytes -= PAGE_SIZE
    this.m.pageAlloc.freePages(pfn, 0, 0)
  }

  /** Write a user PGD entry: under PTI into the user copy too, the kernel's copy with NX. */
  // arch/x86/mm/pti.c: __pti_set_user_pgtbl()
  private setPgd(mm: MmStruct, index: number, value: bigint): void {
    const kernel = this.pt.tables.get(mm.pgd)!
    if (X86_FEATURE_PTI) {
      this.pt.tables.get(mm.pgd + 1)![index] = value
      if ((value & (_PAGE_USER | _PAGE_PRESENT)) === (_PAGE_USER | _PAGE_PRESENT)) value |= _PAGE_NX
    }
    kernel[index] = value
  }

  /**
   * The PTE table covering addr, allocating the tables on the way (`alloc`): PT_TABLE with its
   * 64-bit entries and 32-bit words in ptCacheTable/ptCacheWords; PT_NONE where a level is missing;
   * PT_HUGE where the PMD entry maps a 2 MiB page (a THP) itself. Whenever the walk reaches the
   * PMD table, pmdW/pmdI hold that table's words and the entry's word index. The walk reads the
   * 32-bit words (no BigInt is made), and remembers the last 2 MiB whose PTE table it reached
   * until a table is freed: successive faults in one region skip the three upper levels (a
   * software shortcut; what the tables hold is unchanged).
   */
  // mm/memory.c: __pud_alloc(), __pmd_alloc(), __pte_alloc()
  private pteTable(mm: MmStruct, addr: number, alloc: boolean): number {
    const region = Math.floor(addr / 2097152)
    if (this.ptCacheMm === mm && this.ptCacheGen === this.tablesFreed && this.ptCacheBase === region) return PT_TABLE
    if (!this.pmdOf(mm, addr, alloc)) return PT_NONE
    const lo = this.pmdW[this.pmdI]!
    // pmd_trans_huge(): a leaf, present or PROT_NONE.
    if (lo & W_PSE && lo & (W_PRESENT | W_PROTNONE)) return PT_HUGE
    let table: number
    if (lo & W_PRESENT) table = wordsPfn(lo, this.pmdW[this.pmdI + 1]!)
    else {
      if (!alloc) return PT_NONE
      table = this.allocTable(mm)
      this.pt.tables.get(this.pmdTable)![this.pmdI / 2] = (BigInt(table) << 12n) | _PAGE_TABLE
    }
    this.ptCacheMm = mm
    this.ptCacheBase = region
    this.ptCacheGen = this.tablesFreed
    this.ptCacheTable = this.pt.tables.get(table)!
    this.ptCacheWords = this.pt.tables.words.get(table)!
    return PT_TABLE
  }
  /** The PMD table the last walk reached: its words, the entry's word index, its frame. */
  private pmdW: Uint32Array = new Uint32Array(0)
  private pmdI = 0
  private pmdTable = -1

  /**
   * The PMD entry of addr, allocating the PUD and PMD tables on the way: true with pmdW/pmdI set,
   * or false where a level is missing (alloc false).
   */
  // mm/memory.c: __handle_mm_fault() → pud_alloc(), pmd_alloc()
  private pmdOf(mm: MmStruct, addr: number, alloc: boolean): boolean {
    const words = this.pt.tables.words
    let table = mm.pgd
    for (let level = 0, unit = 549755813888; level < 2; level++, unit /= 512) {
      const i = Math.floor(addr / unit) % 512
      const w = words.get(table)!
      const lo = w[2 * i]!
      if (lo & W_PRESENT) {
        table = wordsPfn(lo, w[2 * i + 1]!)
        continue
      }
      if (!alloc) return false
      const next = this.allocTable(mm)
      const link = (BigInt(next) << 12n) | _PAGE_TABLE
      if (level === 0) this.setPgd(mm, i, link)
      else this.pt.tables.get(table)![i] = link
      table = next
    }
    this.pmdW = words.get(table)!
    this.pmdI = 2 * (Math.floor(addr / PMD) % 512)
    this.pmdTable = table
    return true
  }

  /** Whether a THP is mapped by a PMD at addr (pmd_trans_huge()); pmdW/pmdI then hold its entry. */
  private hugeAt(mm: MmStruct, addr: number): boolean {
    if (!this.pmdOf(mm, addr, false)) return false
    const lo = this.pmdW[this.pmdI]!
    return (lo & W_PSE) !== 0 && (lo & (W_PRESENT | W_PROTNONE)) !== 0
  }

  private ptCacheMm: MmStruct | null = null
  private ptCacheBase = -1
  private ptCacheTable: BigUint64Array = new BigUint64Array(0)
  private ptCacheWords: Uint32Array = new Uint32Array(0)
  private ptCacheGen = -1
  private tablesFreed = 0

  /** The PTE slot of addr: its table and index, allocating the tables on the way. */
  private pteSlot(mm: MmStruct, addr: number): { table: BigUint64Array; index: number } {
    if (this.pteTable(mm, addr, true) !== PT_TABLE) throw new Error(`BUG: a PTE wanted under a huge PMD at 0x${addr.toString(16)}`)
    return { table: this.ptCacheTable, index: Math.floor(addr / 4096) % 512 }
  }

  /** The PTE table of addr as 32-bit words (entry i at 2i, 2i+1), allocating the tables on the way. */
  private pteWords(mm: MmStruct, addr: number): Uint32Array {
    if (this.pteTable(mm, addr, true) !== PT_TABLE) throw new Error(`BUG: a PTE wanted under a huge PMD at 0x${addr.toString(16)}`)
    return this.ptCacheWords
  }

  /** The walk of a user address through the process's tables: each level's table, index and entry. */
  walk(mm: MmStruct, addr: number | bigint, pgd = mm.pgd): { level: 'PGD' | 'PUD' | 'PMD' | 'PTE'; table: number; index: number; entry: bigint }[] {
    const a = BigInt(addr)
    const out: { level: 'PGD' | 'PUD' | 'PMD' | 'PTE'; table: number; index: number; entry: bigint }[] = []
    let table = pgd
    for (const [level, shift] of [
      ['PGD', 39n],
      ['PUD', 30n],
      ['PMD', 21n],
      ['PTE', 12n]
    ] as const) {
      const index = Number((a >> shift) & 511n)
      const entry = this.pt.tables.get(table)![index]!
      out.push({ level, table, index, entry })
      if (!(entry & _PAGE_PRESENT) || level === 'PTE' || entry & _PAGE_PSE) break
      table = entryPfn(entry)
    }
    return out
  }

  /** The PTE slot of addr if its PTE table exists (the entry may be empty), or null. */
  private pte(mm: MmStruct, addr: number): { table: BigUint64Array; index: number; entry: bigint } | null {
    if (this.pteTable(mm, addr, false) !== PT_TABLE) return null
    const index = Math.floor(addr / 4096) % 512
    return { table: this.ptCacheTable, index, entry: this.ptCacheTable[index]! }
  }

  /**
   * A user access to [addr, addr + len) by `task`, page by page, as the CPU makes it: a TLB-less
   * walk; a missing or read-only entry faults; a fault the kernel cannot fix is SIGSEGV.
   */
  access(task: Task, addr: number, len: number, kind: Access): AccessResult {
    const mm = task.mm!
    const cpus = this.m.procs.cpus
    const cpu = cpus.ensureRunning(task)
    const tlb = cpu.tlb
    const first = addr - (addr % PAGE_SIZE)
    const last = addr + Math.max(len, 1) - 1
    let pages = 0
    let minor = 0
    let major = 0
    let newPages = 0
    let zeroPages = 0
    let firstTouches = 0
    let hugeNew = 0
    let hugeZero = 0
    const out = this.tlbOut
    const write = kind === 'write'
    const exec = kind === 'exec'
    const need = write ? TLB_RW : 0
    const pcid = cpus.userPcid(cpu.loadedAsid)
    for (let page = first; page <= last; page += PAGE_SIZE) {
      const at = Math.max(page, addr)
      pages++
      const vpn = page / PAGE_SIZE
      const i = (vpn % 512) * 2
      // The TLB first: a hit with the rights the access needs is done (a first write through a
      // clean entry makes the MMU set Dirty in the PTE: a walk of its own).
      if (tlb.lookup(vpn, pcid, out) && (out.bits & need) === need && !(exec && out.bits & TLB_NX)) {
        if (write && !(out.bits & TLB_DIRTY)) {
          tlb.counters.walks++
          if (this.pteTable(mm, page, false) === PT_HUGE) this.pmdW[this.pmdI] |= W_DIRTY
          else this.pteWords(mm, page)[i] |= W_DIRTY
          tlb.fill(vpn, pcid, out.pfn, out.bits | TLB_DIRTY)
        }
        continue
      }
      // A miss (or too few rights): the hardware walk, and a page fault if the entry (a PTE, or a
      // PMD mapping a 2 MiB page) does not allow it.
      tlb.counters.walks++
      let w: Uint32Array | null
      let wi: number
      let huge: boolean
      let fault: Fixed | null = null
      for (let attempt = 0; ; attempt++) {
        const r = this.pteTable(mm, page, false)
        huge = r === PT_HUGE
        w = huge ? this.pmdW : r === PT_TABLE ? this.ptCacheWords : null
        wi = huge ? this.pmdI : i
        const lo = w ? w[wi]! : 0
        const hi = w ? w[wi + 1]! : 0
        if (lo & W_PRESENT && (!write || lo & W_RW) && !(exec && hi & W_NX_HI)) break
        if (attempt) throw new Error(`BUG: the fault at 0x${at.toString(16)} left the entry as it was`)
        const f = this.handleFault(task, at, kind, (lo & W_PRESENT) !== 0)
        if (!f.ok) return { ok: false, signal: 'SIGSEGV', code: f.code, addr: at, pages, minor }
        if (f.major) major++
        else minor++
        if (!(lo & (W_PRESENT | W_PROTNONE))) firstTouches++
        if (f.newPage) newPages++
        if (f.zero) zeroPages++
        fault = f
        // The handler changed a present entry (a protection fault): a stale translation of the
        // page goes (flush_tlb_fix_spurious_fault()). A not-present entry is never cached.
        if (lo & W_PRESENT) tlb.flushPage(pcid, vpn)
      }
      // What the fault mapped was a THP or the huge zero page.
      if (fault && huge) {
        if (fault.newPage) hugeNew++
        if (fault.zero) hugeZero++
      }
      // The walk sets Accessed (and Dirty for a write) and fills the TLB: a 2 MiB entry for a THP.
      const lo = w![wi]! | W_ACCESSED | (write ? W_DIRTY : 0)
      const hi = w![wi + 1]!
      w![wi] = lo
      const bits = (lo & W_RW ? TLB_RW : 0) | (hi & W_NX_HI ? TLB_NX : 0) | (lo & W_DIRTY ? TLB_DIRTY : 0)
      if (huge) tlb.fill(vpn, pcid, wordsPfn(lo, hi) + (vpn % 512), bits | TLB_HUGE)
      else tlb.fill(vpn, pcid, wordsPfn(lo, hi), bits)
    }
    return { ok: true, pages, minor, major, newPages, zeroPages, firstTouches, hugeNew, hugeZero }
  }

  /** One page's translation, forgotten by every CPU that may cache it for mm. */
  // mm/pgtable-generic.c: ptep_clear_flush() → flush_tlb_page()
  private flushPage(mm: MmStruct, addr: number): void {
    const page = addr - (addr % PAGE_SIZE)
    this.m.procs.cpus.flushRange(mm, page, page + PAGE_SIZE, false, this.m.procs.syscallCpu)
  }

  /** The TLB lookup's result, reused (no allocation per access). */
  private readonly tlbOut = { pfn: 0, bits: 0 }

  /**
   * The page-fault handler: the VMA (growing the stack if the access is just below it), the
   * access check, then the PTE.
   */
  // arch/x86/mm/fault.c: do_user_addr_fault(), access_error(); mm/memory.c: handle_mm_fault()
  handleFault(task: Pick<Task, 'mm' | 'min_flt' | 'maj_flt'>, addr: number, kind: Access, present: boolean): { ok: true; newPage: boolean; zero: boolean; major?: boolean } | { ok: false; code: 'SEGV_MAPERR' | 'SEGV_ACCERR' } {
    const mm = task.mm!
    let vma = mm.findVma(addr)
    if (!vma) return { ok: false, code: 'SEGV_MAPERR' }
    if (vma.vm_start > addr) {
      if (!(vma.vm_flags & VM_GROWSDOWN) || !this.expandStack(mm, vma, addr)) return { ok: false, code: 'SEGV_MAPERR' }
    }
    vma = mm.vmaLookup(addr)!
    // access_error()
    if (kind === 'write' && !(vma.vm_flags & VM_WRITE)) return { ok: false, code: 'SEGV_ACCERR' }
    if (kind === 'exec' && !(vma.vm_flags & VM_EXEC)) return { ok: false, code: 'SEGV_ACCERR' }
    if (kind === 'read' && present) return { ok: false, code: 'SEGV_ACCERR' }
    if (!(vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC))) return { ok: false, code: 'SEGV_ACCERR' }
    this.m.vmstat.countEvent('pgfault')
    if (vma.special) return this.specialFault(mm, vma, addr)
    if (vma.vm_file) {
      const r = this.fileFault(task, vma, addr, kind === 'write')
      if (!r.major) task.min_flt++
      return r
    }
    task.min_flt++
    return this.hugeFault(mm, vma, addr, kind === 'write') ?? this.anonFault(task, vma, addr, kind === 'write')
  }

  // ---- transparent huge pages (anonymous, PMD-mapped) ---------------------------------------

  /**
   * The entire mappings of each THP (folio->_entire_mapcount + 1): how many PMDs map it whole.
   * Pages of a THP mapped by PTEs count in their own _mapcount, as for any page.
   */
  private readonly entireMapcount = new Map<number, number>()
  /** The page tables deposited with each huge PMD (pgtable_trans_huge_deposit()), by mm and address. */
  private readonly deposits = new WeakMap<MmStruct, Map<number, number>>()
  /** huge_zero_folio: the 2 MiB zero page, made on the first read fault that wants it. */
  private hugeZeroPfn = -1

  /** The first page of the folio a page belongs to (compound_head()). */
  private folioHead(pfn: number): number {
    return this.m.memmap.compoundHead(pfn)
  }

  /** The pages of the folio headed by `head`. */
  private folioNr(head: number): number {
    return 1 << this.m.memmap.compound_order[head]!
  }

  /** How many times a page is mapped: by PTE, and whole by PMDs (folio_precise_page_mapcount()). */
  pageMapcount(pfn: number): number {
    return this.m.memmap._mapcount[pfn]! + 1 + (this.entireMapcount.get(this.folioHead(pfn)) ?? 0)
  }

  /** Whether the PMD entry pmdW[pmdI] maps the huge zero page. */
  private isHugeZero(): boolean {
    return wordsPfn(this.pmdW[this.pmdI]!, this.pmdW[this.pmdI + 1]!) === this.hugeZeroPfn
  }

  /** The page table a huge PMD keeps for its split (pgtable_trans_huge_deposit()). */
  private deposit(mm: MmStruct, haddr: number): void {
    let d = this.deposits.get(mm)
    if (!d) this.deposits.set(mm, (d = new Map()))
    d.set(haddr, this.allocTable(mm))
  }

  /** Take the deposited table back (pgtable_trans_huge_withdraw()). */
  private withdraw(mm: MmStruct, haddr: number): number {
    const d = this.deposits.get(mm)
    const pfn = d?.get(haddr)
    if (pfn === undefined) throw new Error(`BUG: no page table deposited for the huge PMD at 0x${haddr.toString(16)}`)
    d!.delete(haddr)
    return pfn
  }

  /**
   * A fault in anonymous memory where a THP may serve it: do_huge_pmd_anonymous_page() when the
   * PMD is empty and a 2 MiB-aligned 2 MiB range of the VMA around addr is THP-eligible (a read
   * maps the huge zero page, a write a new zeroed THP); do_huge_pmd_wp_page() for a write to a
   * read-only huge PMD (an exclusive THP is reused; the huge zero page or a THP shared after fork
   * is split, and the PTE path copies the one page). Returns null for the PTE path.
   */
  // mm/memory.c: __handle_mm_fault() → create_huge_pmd(), wp_huge_pmd();
  // mm/huge_memory.c: do_huge_pmd_anonymous_page(), __do_huge_pmd_anonymous_page(), set_huge_zero_folio(), do_huge_pmd_wp_page()
  private hugeFault(mm: MmStruct, vma: Vma, addr: number, write: boolean): Fixed | null {
    const haddr = addr - (addr % PMD)
    if (this.hugeAt(mm, haddr)) {
      if (!write) return null
      if (this.isHugeZero()) {
        this.splitHugePmd(mm, haddr)
        return null
      }
      const lo = this.pmdW[this.pmdI]!
      const head = wordsPfn(lo, this.pmdW[this.pmdI + 1]!)
      const mem = this.m.memmap
      if (mem.flags[head]! & (1 << PG_anon_exclusive) || mem._refcount[head] === 1) {
        mem.flags[head] |= 1 << PG_anon_exclusive
        this.pmdW[this.pmdI] = lo | W_RW | W_DIRTY | W_ACCESSED
        return MAPPED
      }
      this.splitHugePmd(mm, haddr)
      return null
    }
    if (!thpAllowed(this.m, vma) || haddr < vma.vm_start || haddr + PMD > vma.vm_end) return null
    if (!this.pmdOf(mm, haddr, true) || this.pmdW[this.pmdI]! & (W_PRESENT | W_PROTNONE)) return null
    const w = this.pmdW
    const i = this.pmdI
    const prot = vmPageProtLo(vma.vm_flags) | W_PSE
    const nx = vmPageNx(vma.vm_flags)
    if (!write) {
      // transparent_hugepage/use_zero_page (1): the huge zero page, read-only.
      if (this.hugeZeroPfn < 0) {
        const r = this.m.pageAlloc.allocPages((GFP_TRANSHUGE | __GFP_ZERO) & ~__GFP_MOVABLE, HPAGE_PMD_ORDER, 0)
        if ('failure' in r) {
          this.m.vmstat.countEvent('thp_zero_page_alloc_failed')
          return null
        }
        this.m.vmstat.countEvent('thp_zero_page_alloc')
        this.m.memmap.use.fill(FrameUse.ZERO, r.pfn, r.pfn + HPAGE_PMD_NR)
        this.hugeZeroPfn = r.pfn
      }
      this.deposit(mm, haddr)
      w[i] = wordsLo(this.hugeZeroPfn, (prot & ~W_RW) | W_SPECIAL)
      w[i + 1] = wordsHi(this.hugeZeroPfn, nx)
      return ZERO_MAPPED
    }
    this.m.procs.anonVmaPrepare(mm, vma)
    const r = this.m.pageAlloc.allocPages(GFP_TRANSHUGE | __GFP_ZERO, HPAGE_PMD_ORDER, 0)
    if ('failure' in r) {
      this.m.vmstat.countEvent('thp_fault_fallback')
      return null
    }
    const head = r.pfn
    const mem = this.m.memmap
    mem.use.fill(FrameUse.ANON, head, head + HPAGE_PMD_NR)
    // folio_add_new_anon_rmap(RMAP_LEVEL_PMD): mapped whole once, exclusive, swap-backed.
    this.entireMapcount.set(head, 1)
    mem.flags[head] |= (1 << PG_anon_exclusive) | (1 << PG_swapbacked)
    mem.index[head] = vma.vm_pgoff + (haddr - vma.vm_start) / PAGE_SIZE
    this.m.vmstat.modNode('NR_ANON_MAPPED', HPAGE_PMD_NR)
    this.m.vmstat.modNode('NR_ANON_THPS', HPAGE_PMD_NR)
    this.lruAdd(head)
    if (vma.vm_flags & VM_LOCKED) this.mlockPage(head)
    this.deposit(mm, haddr)
    mm.rss.anon += HPAGE_PMD_NR
    mm.hiwater_rss = Math.max(mm.hiwater_rss, mm.rss.anon + mm.rss.file + mm.rss.shmem)
    w[i] = wordsLo(head, prot | W_DIRTY | (vma.vm_flags & VM_WRITE ? W_RW : 0))
    w[i + 1] = wordsHi(head, nx)
    this.m.vmstat.countEvent('thp_fault_alloc')
    return NEW_PAGE
  }

  /**
   * Split the huge PMD at haddr into 512 PTEs in the table deposited with it: the huge zero page
   * becomes 512 mappings of the 4 KiB zero page; a THP's pages are mapped one by one with the
   * PMD's bits (each page exclusive if the THP was), and the folio stays whole (splitting the
   * folio itself waits for memory pressure: the deferred split queue, not simulated).
   */
  // mm/huge_memory.c: __split_huge_pmd() → __split_huge_pmd_locked(), __split_huge_zero_page_pmd()
  splitHugePmd(mm: MmStruct, haddr: number): void {
    if (!this.hugeAt(mm, haddr)) return
    const w = this.pmdW
    const i = this.pmdI
    const lo = w[i]!
    const hi = w[i + 1]!
    const zero = this.isHugeZero()
    const table = this.withdraw(mm, haddr)
    const pte = this.pt.tables.words.get(table)!
    const mem = this.m.memmap
    const head = wordsPfn(lo, hi)
    const bits = lo & 0xfff & ~W_PSE
    for (let k = 0; k < 512; k++) {
      if (zero) {
        pte[2 * k] = wordsLo(ZERO_PFN, (bits & ~(W_RW | W_DIRTY)) | W_SPECIAL)
        pte[2 * k + 1] = wordsHi(ZERO_PFN, (hi & W_NX_HI) !== 0)
      } else {
        pte[2 * k] = wordsLo(head + k, bits & ~W_SPECIAL)
        pte[2 * k + 1] = wordsHi(head + k, (hi & W_NX_HI) !== 0)
      }
    }
    if (!zero) {
      // The PTEs each take a mapping and a reference; the PMD's whole mapping goes.
      const exclusive = mem.flags[head]! & (1 << PG_anon_exclusive)
      for (let k = 0; k < 512; k++) {
        mem._mapcount[head + k]!++
        if (exclusive) mem.flags[head + k] |= 1 << PG_anon_exclusive
      }
      mem._refcount[head] += HPAGE_PMD_NR - 1
      this.dropEntireMapping(head)
    }
    w[i] = wordsLo(table, W_PRESENT | W_RW | W_USER | W_ACCESSED | W_DIRTY)
    w[i + 1] = wordsHi(table, false)
    this.m.vmstat.countEvent('thp_split_pmd')
    this.m.procs.cpus.flushRange(mm, haddr, haddr + PMD, false, this.m.procs.syscallCpu)
  }

  /** One whole (PMD) mapping of a THP goes: AnonHugePages with the last. */
  // mm/rmap.c: __folio_remove_rmap(RMAP_LEVEL_PMD)
  private dropEntireMapping(head: number): void {
    const n = this.entireMapcount.get(head)! - 1
    if (n > 0) {
      this.entireMapcount.set(head, n)
      return
    }
    this.entireMapcount.delete(head)
    this.m.vmstat.modNode('NR_ANON_THPS', -HPAGE_PMD_NR)
    // The pages no PTE maps either are no longer mapped.
    let unmapped = 0
    for (let k = 0; k < HPAGE_PMD_NR; k++) if (this.m.memmap._mapcount[head + k] === -1) unmapped++
    if (unmapped) this.m.vmstat.modNode('NR_ANON_MAPPED', -unmapped)
  }

  /** Unmap a whole huge PMD: its THP loses a mapping (freed with the last reference), its deposited table goes. */
  // mm/huge_memory.c: zap_huge_pmd() → zap_deposited_table()
  private zapHugePmd(mm: MmStruct, haddr: number): void {
    const w = this.pmdW
    const i = this.pmdI
    const head = wordsPfn(w[i]!, w[i + 1]!)
    const zero = head === this.hugeZeroPfn
    w[i] = 0
    w[i + 1] = 0
    this.freeTable(mm, this.withdraw(mm, haddr))
    if (zero) return
    mm.rss.anon -= HPAGE_PMD_NR
    this.dropEntireMapping(head)
    this.putFolio(head)
  }

  /** One reference to a folio goes; the last frees it, off the LRU. */
  // mm/swap.c: folio_put() → __folio_put()
  private putFolio(head: number): void {
    const mem = this.m.memmap
    if (mem._refcount[head]! > 1) {
      mem._refcount[head]!--
      return
    }
    const nr = this.folioNr(head)
    if (mem.flags[head]! & (1 << PG_mlocked)) this.munlockPage(head)
    this.lruDel(head)
    for (let k = 0; k < nr; k++) {
      mem.flags[head + k] &= ~((1 << PG_anon_exclusive) | (1 << PG_swapbacked))
      mem._mapcount[head + k] = -1
      mem.use[head + k] = FrameUse.ALLOCATED
    }
    mem.index[head] = 0
    this.m.pageAlloc.freePages(head, nr === 1 ? 0 : HPAGE_PMD_ORDER, 0)
  }

  /**
   * Before an operation on [start, end) changes page tables: a huge PMD that straddles either end
   * is split, as vma_adjust_trans_huge() / split_huge_pmd() do when a VMA boundary or a range edge
   * falls inside a THP. Huge PMDs wholly inside stay for the operation to handle whole.
   */
  // mm/huge_memory.c: split_huge_pmd_if_needed(), split_huge_pmd_address()
  splitHugeEdges(mm: MmStruct, start: number, end: number): void {
    if (start % PMD) this.splitHugePmd(mm, start - (start % PMD))
    if (end % PMD) this.splitHugePmd(mm, end - (end % PMD))
  }

  /**
   * The vDSO's pages: [vdso] maps the two pages of the kernel's vDSO image (normal kernel pages,
   * counted in RssFile); [vvar] and [vvar_vclock] map the kernel's time data by pfn (VM_PFNMAP:
   * not counted). The image is __ro_after_init and page-aligned: it sits at the first page of
   * .data..ro_after_init (__start_ro_after_init, 0xffffffff82861560 in the reference kernel's
   * kallsyms, rounded up); the time data's address is not exported: we take the page after
   * head_64.S's tables in .data.
   */
  // mm/mmap.c: special_mapping_fault(); arch/x86/entry/vdso/vma.c: vvar_fault(), vvar_vclock_fault()
  private specialFault(mm: MmStruct, vma: Vma, addr: number): Fixed {
    const page = addr - (addr % PAGE_SIZE)
    const slot = this.pteSlot(mm, page)
    const i = (page - vma.vm_start) / PAGE_SIZE
    if (vma.special === '[vdso]') {
      const pfn = VDSO_IMAGE_PFN + i
      mm.rss.file++
      mm.hiwater_rss = Math.max(mm.hiwater_rss, mm.rss.anon + mm.rss.file + mm.rss.shmem)
      slot.table[slot.index] = (BigInt(pfn) << 12n) | vmPageProt(vma.vm_flags)
    } else {
      const pfn = VVAR_PFN + (vma.special === '[vvar_vclock]' ? 4 : 0) + i
      slot.table[slot.index] = (BigInt(pfn) << 12n) | vmPageProt(vma.vm_flags) | _PAGE_SPECIAL
    }
    return MAPPED
  }

  /**
   * do_anonymous_page(): a read maps the zero page (special, read-only, no RSS); a write takes a
   * zeroed page, gives the VMA an anon_vma if it has none, and maps the page writable and dirty.
   * A write where the zero page is mapped is do_wp_page() → wp_page_copy() with the same result.
   */
  // mm/memory.c: do_anonymous_page(), do_wp_page(), wp_page_copy(); mm/rmap.c: anon_vma_prepare()
  private anonFault(task: Pick<Task, 'mm'>, vma: Vma, addr: number, write: boolean): Fixed {
    const mm = task.mm!
    const w = this.pteWords(mm, addr)
    const i = (Math.floor(addr / PAGE_SIZE) % 512) * 2
    const old = w[i]!
    if (!write) {
      w[i] = wordsLo(ZERO_PFN, (vmPageProtLo(vma.vm_flags) & ~W_RW) | W_SPECIAL)
      w[i + 1] = wordsHi(ZERO_PFN, vmPageNx(vma.vm_flags))
      return ZERO_MAPPED
    }
    if (old & W_PRESENT && !(old & W_SPECIAL)) {
      const pfn = wordsPfn(old, w[i + 1]!)
      const mem = this.m.memmap
      // do_wp_page(): an exclusive page, or one nobody else holds any more, is reused in place
      // (wp_can_reuse_anon_folio() → wp_page_reuse()); a shared one is copied (wp_page_copy()).
      if (mem.flags[pfn]! & (1 << PG_anon_exclusive) || this.canReuseAnon(pfn)) {
        // wp_page_reuse(): the entry made young, dirty and writable.
        mem.flags[pfn] |= 1 << PG_anon_exclusive
        w[i] = old | W_RW | W_DIRTY | W_ACCESSED
        this.m.vmstat.countEvent('pgreuse')
        return MAPPED
      }
      // The copy replaces our mapping of the shared page (ptep_clear_flush(): every CPU forgets it).
      this.putAnon(pfn)
      mm.rss.anon--
      this.flushPage(mm, addr)
    }
    this.newAnonPage(mm, vma, addr, w, i)
    return NEW_PAGE
  }

  /**
   * A new anonymous page mapped writable at addr (zeroed, or a copy of what was there) in entry
   * i/2 of the PTE table `w`: the VMA's anon_vma, the page's rmap, the LRU (mlocked in a
   * VM_LOCKED VMA), MM_ANONPAGES.
   */
  // mm/memory.c: do_anonymous_page() / wp_page_copy() / do_cow_fault(); mm/rmap.c: folio_add_new_anon_rmap()
  private newAnonPage(mm: MmStruct, vma: Vma, addr: number, w: Uint32Array, i: number): void {
    this.m.procs.anonVmaPrepare(mm, vma)
    const r = this.m.pageAlloc.allocPages(GFP_HIGHUSER_MOVABLE | __GFP_ZERO, 0, 0)
    if ('failure' in r) throw new Error(`out of memory: ${r.failure}`) // the OOM killer is not simulated yet
    const mem = this.m.memmap
    mem.use[r.pfn] = FrameUse.ANON
    // folio_add_new_anon_rmap(): mapped once, exclusive, swap-backed; on the LRU (inactive anon).
    mem._mapcount[r.pfn] = 0
    mem.flags[r.pfn] |= (1 << PG_anon_exclusive) | (1 << PG_swapbacked)
    mem.index[r.pfn] = vma.vm_pgoff + (addr - vma.vm_start) / PAGE_SIZE
    this.m.vmstat.modNode('NR_ANON_MAPPED', 1)
    // folio_add_lru_vma(): the inactive anon list, or mlocked and unevictable in a VM_LOCKED VMA.
    this.lruAdd(r.pfn)
    if (vma.vm_flags & VM_LOCKED) this.mlockPage(r.pfn)
    mm.rss.anon++
    mm.hiwater_rss = Math.max(mm.hiwater_rss, mm.rss.anon + mm.rss.file + mm.rss.shmem)
    w[i] = wordsLo(r.pfn, vmPageProtLo(vma.vm_flags) | W_DIRTY | (vma.vm_flags & VM_WRITE ? W_RW : 0))
    w[i + 1] = wordsHi(r.pfn, vmPageNx(vma.vm_flags))
  }

  // ---- file-backed, shmem and special mappings ------------------------------------------------

  /** The page cache: for each file, page index → frame. */
  readonly pageCache = new Map<VmFile, Map<number, number>>()

  /** The page-cache page of `file` at `index`: from the cache (minor) or read in with its read-around window (major). */
  // mm/filemap.c: filemap_fault() → do_sync_mmap_readahead() (mmap read-around), page_cache_ra_order()
  private filePage(file: VmFile, index: number): { pfn: number; major: boolean } {
    const hit = this.pageCache.get(file)?.get(index)
    if (hit !== undefined) return { pfn: hit, major: false }
    const shmem = isShmem(file)
    const last = Math.ceil(file.size / PAGE_SIZE)
    // shmem pages are made one at a time, zeroed (shmem_get_folio()); a file is read around the
    // fault: read_ahead_kb (128 KiB, 32 pages) centred on it, within the file.
    const [from, to] = shmem ? [index, index + 1] : [Math.max(0, index - READ_AROUND / 2), Math.min(last, Math.max(0, index - READ_AROUND / 2) + READ_AROUND)]
    const pages = this.addToPageCache(file, from, to)
    return { pfn: pages.get(index)!, major: !shmem }
  }

  /**
   * Read the pages [from, to) of `file` into its page cache (zeroed pages for shmem), each on
   * the inactive file list (the anon one for shmem, which is swap-backed); cached pages are kept.
   */
  // mm/readahead.c: page_cache_ra_unbounded() → filemap_add_folio(); mm/shmem.c: shmem_alloc_and_add_folio()
  private addToPageCache(file: VmFile, from: number, to: number): Map<number, number> {
    let pages = this.pageCache.get(file)
    if (!pages) this.pageCache.set(file, (pages = new Map()))
    const shmem = isShmem(file)
    for (let i = from; i < to; i++) {
      if (pages.has(i)) continue
      const r = this.m.pageAlloc.allocPages(GFP_HIGHUSER_MOVABLE | (shmem ? __GFP_ZERO : 0), 0, 0)
      if ('failure' in r) throw new Error(`out of memory: ${r.failure}`) // no reclaim simulated yet
      const mem = this.m.memmap
      mem.use[r.pfn] = shmem ? FrameUse.SHMEM : FrameUse.FILE
      mem.index[r.pfn] = i
      mem._refcount[r.pfn] = 1 // the page cache's reference
      mem.flags[r.pfn] |= (1 << PG_uptodate) | (1 << PG_lru) | (shmem ? 1 << PG_swapbacked : 0)
      const zone = this.m.zoneOf(r.pfn)!
      this.m.vmstat.modNode('NR_FILE_PAGES', 1)
      if (shmem) {
        // shmem is swap-backed: the anon LRU lists.
        this.m.vmstat.modNode('NR_SHMEM', 1)
        this.m.vmstat.modNode('NR_INACTIVE_ANON', 1)
        this.m.vmstat.modZone(zone.idx, 'NR_ZONE_INACTIVE_ANON', 1)
      } else {
        this.m.vmstat.modNode('NR_INACTIVE_FILE', 1)
        this.m.vmstat.modZone(zone.idx, 'NR_ZONE_INACTIVE_FILE', 1)
      }
      pages.set(i, r.pfn)
    }
    return pages
  }

  /**
   * MADV_WILLNEED on [start, end) of a VMA: a file's pages are read into the page cache now
   * (nothing is mapped: RSS stays, Cached grows), at most max(io_pages, ra_pages) of them;
   * anonymous and shmem memory have nothing to read in without swap, and only push this CPU's
   * LRU batches onto the lists (lru_add_drain()).
   */
  // mm/madvise.c: madvise_willneed() → vfs_fadvise(POSIX_FADV_WILLNEED) → generic_fadvise()
  //   → force_page_cache_ra()
  willneed(vma: Vma, start: number, end: number): void {
    const file = vma.vm_file
    if (!file || isShmem(file)) {
      this.lruAddDrainHere()
      return
    }
    const first = vma.vm_pgoff + (start - vma.vm_start) / PAGE_SIZE
    const nr = Math.min((end - start) / PAGE_SIZE, Math.max(IO_PAGES, READ_AROUND))
    this.addToPageCache(file, first, Math.min(first + nr, Math.ceil(file.size / PAGE_SIZE)))
  }

  /**
   * Map a page-cache page at addr (set_pte_range()): one more mapping and reference, RSS. The
   * entry is writable where the VMA's protection allows without write-notify (shared shmem), and
   * dirty only for the write fault that maps it (a read leaves Dirty for the MMU to set).
   */
  private mapFilePage(mm: MmStruct, vma: Vma, addr: number, pfn: number, writable: boolean, dirty = false): void {
    const slot = this.pteSlot(mm, addr)
    const mem = this.m.memmap
    if (++mem._mapcount[pfn]! === 0) this.m.vmstat.modNode('NR_FILE_MAPPED', 1)
    mem._refcount[pfn]!++
    if (mem.use[pfn] === FrameUse.SHMEM) mm.rss.shmem++
    else mm.rss.file++
    mm.hiwater_rss = Math.max(mm.hiwater_rss, mm.rss.anon + mm.rss.file + mm.rss.shmem)
    let pte = (BigInt(pfn) << 12n) | (vmPageProt(vma.vm_flags) & ~_PAGE_RW)
    if (writable) pte |= _PAGE_RW
    if (dirty) pte |= _PAGE_DIRTY
    slot.table[slot.index] = pte
    // folio_add_file_rmap_ptes() → mlock_vma_folio(): a page mapped into a locked VMA is mlocked.
    if (vma.vm_flags & VM_LOCKED) this.mlockFilePage(pfn)
  }

  /** One mapping of a page-cache page goes (munlocked if it was a locked VMA's); the page stays in the cache. */
  // mm/rmap.c: folio_remove_rmap_ptes() → munlock_vma_folio()
  private unmapFilePage(mm: MmStruct, pfn: number, locked: boolean): void {
    const mem = this.m.memmap
    if (--mem._mapcount[pfn]! === -1) this.m.vmstat.modNode('NR_FILE_MAPPED', -1)
    mem._refcount[pfn]!--
    if (mem.use[pfn] === FrameUse.SHMEM) mm.rss.shmem--
    else mm.rss.file--
    if (locked) this.munlockFilePage(pfn)
  }

  /**
   * folio->mlock_count of page-cache pages: how many mappings in VM_LOCKED VMAs hold each. The
   * first mlocks the page (Mlocked, the unevictable list), the last gone munlocks it.
   */
  private readonly fileMlockCount = new Map<number, number>()

  // mm/mlock.c: mlock_vma_folio() → mlock_folio()
  private mlockFilePage(pfn: number): void {
    const n = (this.fileMlockCount.get(pfn) ?? 0) + 1
    this.fileMlockCount.set(pfn, n)
    if (n === 1) this.mlockPage(pfn)
  }

  // mm/mlock.c: munlock_vma_folio() → munlock_folio()
  private munlockFilePage(pfn: number): void {
    const n = (this.fileMlockCount.get(pfn) ?? 0) - 1
    if (n > 0) {
      this.fileMlockCount.set(pfn, n)
      return
    }
    this.fileMlockCount.delete(pfn)
    this.munlockPage(pfn)
  }

  /**
   * A fault in a file-backed (or shmem) VMA:
   *  - read: do_read_fault() maps, first, the pages around it already in the page cache
   *    (fault-around, fault_around_bytes 64 KiB, within the VMA and the PTE table), then the page
   *    itself (read in, with its read-around window, if not cached: a major fault);
   *  - write to a private mapping: do_cow_fault() copies the page into a new anonymous page;
   *  - write to a shared mapping: do_shared_fault() maps the cache page writable and dirties it.
   * Beyond the end of the file is SIGBUS (not simulated: the mapping's length is the file's).
   */
  // mm/memory.c: do_fault() → do_read_fault() (do_fault_around()), do_cow_fault(), do_shared_fault()
  private fileFault(task: Pick<Task, 'mm' | 'maj_flt'>, vma: Vma, addr: number, write: boolean): { ok: true; newPage: boolean; zero: boolean; major: boolean } {
    const mm = task.mm!
    const file = vma.vm_file!
    const page = addr - (addr % PAGE_SIZE)
    const index = vma.vm_pgoff + (page - vma.vm_start) / PAGE_SIZE
    const slot = this.pteSlot(mm, page)
    const old = slot.table[slot.index]!
    if (write && !(vma.vm_flags & VM_SHARED) && ptePresent(old) && this.m.memmap.use[entryPfn(old)] === FrameUse.ANON) {
      // An anonymous copy already (shared after fork): do_wp_page() as for anonymous memory.
      return { ...this.anonFault(task, vma, addr, true), major: false }
    }
    if (write && !(vma.vm_flags & VM_SHARED)) {
      // do_cow_fault(), or do_wp_page() → wp_page_copy() over a mapped cache page.
      let major = false
      if (ptePresent(old)) {
        this.unmapFilePage(mm, entryPfn(old), (vma.vm_flags & VM_LOCKED) !== 0)
        this.flushPage(mm, page)
      }
      else major = this.filePage(file, index).major
      if (major) this.countMajor(task)
      this.newAnonPage(mm, vma, page, this.pteWords(mm, page), slot.index * 2)
      return { ok: true, newPage: true, zero: false, major }
    }
    if (write) {
      const got = ptePresent(old) ? { pfn: entryPfn(old), major: false } : this.filePage(file, index)
      if (got.major) this.countMajor(task)
      if (ptePresent(old)) slot.table[slot.index] = old | _PAGE_RW | _PAGE_DIRTY
      else this.mapFilePage(mm, vma, page, got.pfn, true, true)
      this.markDirty(got.pfn)
      return { ok: true, newPage: false, zero: false, major: got.major }
    }
    // Fault-around: the cached pages of the 16-page window, within this VMA and PTE table.
    const cached = this.pageCache.get(file)
    if (cached) {
      const win = FAULT_AROUND_PAGES * PAGE_SIZE
      const lo = Math.max(vma.vm_start, page - (page % win), page - (page % PMD))
      const hi = Math.min(vma.vm_end, lo + win, page - (page % PMD) + PMD)
      for (let a = lo; a < hi; a += PAGE_SIZE) {
        if (a === page) continue
        const pfn = cached.get(vma.vm_pgoff + (a - vma.vm_start) / PAGE_SIZE)
        const s = this.pteSlot(mm, a)
        if (pfn === undefined || s.table[s.index]) continue
        this.mapFilePage(mm, vma, a, pfn, isShmem(file) && (vma.vm_flags & VM_WRITE) !== 0)
      }
    }
    const got = this.filePage(file, index)
    if (got.major) this.countMajor(task)
    this.mapFilePage(mm, vma, page, got.pfn, isShmem(file) && (vma.vm_flags & (VM_WRITE | VM_SHARED)) === (VM_WRITE | VM_SHARED))
    return { ok: true, newPage: false, zero: false, major: got.major }
  }

  private countMajor(task: Pick<Task, 'maj_flt'>): void {
    this.m.vmstat.countEvent('pgmajfault')
    task.maj_flt++
  }

  /** A regular file's page written through a shared mapping is dirty until written back. */
  // mm/page-writeback.c: folio_mark_dirty() → filemap_dirty_folio() (shmem: noop_dirty_folio)
  private markDirty(pfn: number): void {
    const mem = this.m.memmap
    if (mem.use[pfn] !== FrameUse.FILE || mem.flags[pfn]! & (1 << PG_dirty)) return
    mem.flags[pfn] |= 1 << PG_dirty
    const zone = this.m.zoneOf(pfn)!
    this.m.vmstat.modNode('NR_FILE_DIRTY', 1)
    this.m.vmstat.modZone(zone.idx, 'NR_ZONE_WRITE_PENDING', 1)
  }

  /**
   * A shmem file nobody maps any more goes, with its pages (the last fput() of the file
   * shmem_zero_setup() made truncates it: shmem_evict_inode()).
   */
  // mm/shmem.c: shmem_evict_inode() → shmem_truncate_range()
  releaseShmem(file: VmFile): void {
    const pages = this.pageCache.get(file)
    this.pageCache.delete(file)
    if (!pages) return
    const mem = this.m.memmap
    for (const pfn of pages.values()) {
      const zone = this.m.zoneOf(pfn)!
      this.m.vmstat.modNode('NR_FILE_PAGES', -1)
      this.m.vmstat.modNode('NR_SHMEM', -1)
      this.m.vmstat.modNode('NR_INACTIVE_ANON', -1)
      this.m.vmstat.modZone(zone.idx, 'NR_ZONE_INACTIVE_ANON', -1)
      mem.flags[pfn] &= ~((1 << PG_uptodate) | (1 << PG_lru) | (1 << PG_swapbacked))
      mem.index[pfn] = 0
      mem.use[pfn] = FrameUse.ALLOCATED
      this.m.pageAlloc.freePages(pfn, 0, 0)
    }
  }



  // ---- MADV_FREE, the per-CPU lazyfree batch, folio split -------------------------------------

  /**
   * cpu_fbatches.lru_lazyfree of each CPU: folios (their first pages) on their way to the file
   * LRU, each holding a reference and with PG_lru cleared until the batch moves.
   */
  private readonly lazyfreeBatch: number[][] = []

  /**
   * MADV_FREE over [start, end) of a private anonymous VMA: each mapped page's Accessed and
   * Dirty bits are cleared and its folio marked lazily freeable (folio_mark_lazyfree()), so that
   * reclaim may drop it without writing it anywhere unless it is written again. A THP wholly
   * inside the range is handled whole; one the range cuts is split into small pages first
   * (split_folio()), unless another process maps it. Pages of the zero page and shared folios
   * are left. Returns whether any entry changed (the caller flushes the TLB for the range).
   */
  // mm/madvise.c: madvise_free_single_vma() → lru_add_drain(), madvise_free_pte_range();
  // mm/huge_memory.c: madvise_free_huge_pmd()
  lazyfreeRange(mm: MmStruct, start: number, end: number): boolean {
    const cpu = this.syscallCpu()
    this.lruAddDrain(cpu)
    let changed = false
    for (let addr = start; addr < end; ) {
      const next = Math.min(end, (Math.floor(addr / PMD) + 1) * PMD)
      if (!this.pmdOf(mm, addr, false)) {
        addr = next
        continue
      }
      const lo = this.pmdW[this.pmdI]!
      if (lo & W_PSE && lo & W_PRESENT) {
        const head = wordsPfn(lo, this.pmdW[this.pmdI + 1]!)
        const haddr = addr - (addr % PMD)
        if (head === this.hugeZeroPfn || this.folioMaybeShared(head)) {
          addr = next
          continue
        }
        if (addr === haddr && next === haddr + PMD) {
          // The whole THP: its PMD made old and clean, the folio lazyfree.
          if (lo & (W_ACCESSED | W_DIRTY)) {
            this.pmdW[this.pmdI] = lo & ~(W_ACCESSED | W_DIRTY)
            changed = true
          }
          this.m.memmap.flags[head] &= ~(1 << PG_dirty)
          this.markLazyfree(cpu, head)
          addr = next
          continue
        }
        // Part of it: split_folio() remaps it with PTEs and splits it into small folios.
        this.splitHugePmd(mm, haddr)
        this.splitFolio(head)
      }
      if (this.pteTable(mm, addr, false) !== PT_TABLE) {
        addr = next
        continue
      }
      const w = this.ptCacheWords
      for (let a = addr; a < next; ) {
        const i = (Math.floor(a / PAGE_SIZE) % 512) * 2
        const e = w[i]!
        const pfn = wordsPfn(e, w[i + 1]!)
        // vm_normal_folio(): a present (or PROT_NONE) entry of an anonymous page; not the zero page.
        if (!(e & (W_PRESENT | W_PROTNONE)) || e & W_SPECIAL || this.m.memmap.use[pfn] !== FrameUse.ANON) {
          a += PAGE_SIZE
          continue
        }
        const head = this.folioHead(pfn)
        const nrFolio = this.folioNr(head)
        let nr = 1
        if (nrFolio > 1) {
          // madvise_folio_pte_batch(): the run of entries mapping consecutive pages of this folio.
          const room = Math.min((next - a) / PAGE_SIZE, head + nrFolio - pfn)
          while (nr < room && w[i + 2 * nr]! & (W_PRESENT | W_PROTNONE) && wordsPfn(w[i + 2 * nr]!, w[i + 2 * nr + 1]!) === pfn + nr) nr++
          if (nr < nrFolio) {
            if (this.folioMaybeShared(head)) {
              a += nr * PAGE_SIZE
              continue
            }
            // Only part of the folio is in the range: split it, then look at this page again.
            this.splitFolio(head)
            continue
          }
        }
        // A dirty folio is cleaned only if this process alone maps it (its mapcount is its size).
        if (this.m.memmap.flags[head]! & (1 << PG_dirty)) {
          let mapcount = 0
          for (let k = 0; k < nrFolio; k++) mapcount += this.pageMapcount(head + k)
          if (mapcount !== nrFolio) {
            a += nr * PAGE_SIZE
            continue
          }
          this.m.memmap.flags[head] &= ~(1 << PG_dirty)
        }
        for (let k = 0; k < nr; k++) {
          if (w[i + 2 * k]! & (W_ACCESSED | W_DIRTY)) {
            w[i + 2 * k] &= ~(W_ACCESSED | W_DIRTY)
            changed = true
          }
        }
        this.markLazyfree(cpu, head)
        a += nr * PAGE_SIZE
      }
      addr = next
    }
    return changed
  }

  /**
   * A small anonymous folio that is not exclusive may still be reused by a write fault when this
   * is its only reference; a folio off the LRU may be held by this CPU's batch, drained first.
   */
  // mm/memory.c: wp_can_reuse_anon_folio()
  private canReuseAnon(pfn: number): boolean {
    const mem = this.m.memmap
    if (mem._refcount[pfn]! > 3) return false
    if (!(mem.flags[pfn]! & (1 << PG_lru))) this.lruAddDrainHere()
    return mem._refcount[pfn] === 1
  }

  /** folio_maybe_mapped_shared(): whether a process other than this one may map the folio. */
  private folioMaybeShared(head: number): boolean {
    if ((this.entireMapcount.get(head) ?? 0) > 1) return true
    const nr = this.folioNr(head)
    for (let k = 0; k < nr; k++) if (this.pageMapcount(head + k) > 1) return true
    return false
  }

  /**
   * folio_mark_lazyfree(): an anonymous, swap-backed, evictable folio on the LRU is taken off it
   * (PG_lru cleared) into this CPU's lazyfree batch, holding a reference. A full batch
   * (PAGEVEC_SIZE, 31) or a large folio, which is never kept in a batch, moves at once.
   */
  // mm/swap.c: folio_mark_lazyfree() → folio_batch_add_and_move(); folio_may_be_lru_cached()
  private markLazyfree(cpu: number, head: number): void {
    const mem = this.m.memmap
    const f = mem.flags[head]!
    if (!(f & (1 << PG_swapbacked)) || f & (1 << PG_unevictable) || !(f & (1 << PG_lru))) return
    mem.flags[head] = f & ~(1 << PG_lru)
    mem._refcount[head]!++
    const batch = (this.lazyfreeBatch[cpu] ??= [])
    batch.push(head)
    if (batch.length === PAGEVEC_SIZE || this.folioNr(head) > 1) this.moveLazyfree(cpu)
  }

  /**
   * The batch moves: each folio still anonymous, swap-backed and evictable leaves the anon LRU
   * for the inactive file list, no longer swap-backed (pglazyfree); each drops the batch's
   * reference, which frees a folio unmapped meanwhile.
   */
  // mm/swap.c: folio_batch_move_lru() → lru_lazyfree(); folios_put()
  private moveLazyfree(cpu: number): void {
    const batch = this.lazyfreeBatch[cpu]
    if (!batch?.length) return
    this.lazyfreeBatch[cpu] = []
    const mem = this.m.memmap
    for (const head of batch) {
      const f = mem.flags[head]!
      if (mem.use[head] === FrameUse.ANON && f & (1 << PG_swapbacked) && !(f & (1 << PG_unevictable))) {
        this.lruDel(head)
        mem.flags[head] &= ~((1 << PG_swapbacked) | (1 << PG_active) | (1 << PG_referenced))
        this.lruAdd(head)
        this.m.vmstat.countEvent('pglazyfree', this.folioNr(head))
      } else mem.flags[head] |= 1 << PG_lru
      this.putFolio(head)
    }
  }

  /** lru_add_drain(): this CPU's folio batches move to their LRU lists. */
  // mm/swap.c: lru_add_drain() → lru_add_and_bh_lrus_drain() → lru_add_drain_cpu()
  lruAddDrain(cpu: number): void {
    this.moveLazyfree(cpu)
  }

  /** The CPU the current system call runs on (CPU 0 outside one). */
  private syscallCpu(): number {
    return this.m.procs.syscallCpu?.id ?? 0
  }

  /** lru_add_drain() as the current system call makes it: on its CPU. */
  private lruAddDrainHere(): void {
    this.lruAddDrain(this.syscallCpu())
  }

  /** lru_add_drain_all(): every CPU's batches. */
  // mm/swap.c: __lru_add_drain_all()
  lruAddDrainAll(): void {
    for (let cpu = 0; cpu < this.lazyfreeBatch.length; cpu++) this.moveLazyfree(cpu)
  }

  /** Folios waiting in a CPU's lazyfree batch (what the tests look at). */
  lazyfreePending(cpu: number): readonly number[] {
    return this.lazyfreeBatch[cpu] ?? []
  }

  /**
   * Split a THP no PMD maps any more into small folios: each page its own folio with its own
   * mappings as references, on the same LRU list, keeping the folio's state; a page no PTE maps
   * is freed. Counted in thp_split_page.
   */
  // mm/huge_memory.c: __folio_split() → __split_unmapped_folio(), lru_add_split_folio(), remap_page()
  private splitFolio(head: number): void {
    const mem = this.m.memmap
    if (this.entireMapcount.has(head)) throw new Error(`BUG: split of the THP at pfn ${head} while a PMD maps it`)
    const nr = this.folioNr(head)
    const inherit = mem.flags[head]! & ((1 << PG_lru) | (1 << PG_swapbacked) | (1 << PG_mlocked) | (1 << PG_unevictable) | (1 << PG_dirty) | (1 << PG_uptodate))
    mem.flags[head] &= ~(1 << PG_head)
    mem.compound_order[head] = 0
    for (let k = 0; k < nr; k++) {
      const p = head + k
      mem.compound_head[p] = NO_PFN
      mem.flags[p] |= inherit
      mem._refcount[p] = mem._mapcount[p]! + 1
      if (k) mem.index[p] = mem.index[head]! + k
    }
    this.m.vmstat.countEvent('thp_split_page')
    // The pages nothing maps go back (the split's last folio_put() of each).
    for (let k = 0; k < nr; k++) {
      if (mem._refcount[head + k] !== 0) continue
      mem._refcount[head + k] = 1
      this.putFolio(head + k)
    }
  }

  /**
   * One mapping of an anonymous page goes (folio_remove_rmap_pte()), then one reference
   * (folio_put()): the last frees the page, off the LRU.
   */
  // mm/rmap.c: folio_remove_rmap_pte(); mm/swap.c: folios_put() → __folio_put()
  private putAnon(pfn: number): void {
    const mem = this.m.memmap
    const head = this.folioHead(pfn)
    if (--mem._mapcount[pfn]! === -1 && !this.entireMapcount.has(head)) this.m.vmstat.modNode('NR_ANON_MAPPED', -1)
    this.putFolio(head)
  }

  /** An anonymous folio (its first page) joins the inactive anon LRU list with all its pages. */
  // mm/swap.c: lru_add() → lruvec_add_folio()
  private lruAdd(head: number): void {
    const zone = this.m.zoneOf(head)!
    const nr = this.folioNr(head)
    const mem = this.m.memmap
    mem.flags[head] |= 1 << PG_lru
    // folio_lru_list(): a folio that is not swap-backed (lazyfree) goes on the file list.
    if (mem.flags[head]! & (1 << PG_swapbacked)) {
      this.m.vmstat.modNode('NR_INACTIVE_ANON', nr)
      this.m.vmstat.modZone(zone.idx, 'NR_ZONE_INACTIVE_ANON', nr)
    } else {
      this.m.vmstat.modNode('NR_INACTIVE_FILE', nr)
      this.m.vmstat.modZone(zone.idx, 'NR_ZONE_INACTIVE_FILE', nr)
    }
  }

  /** A folio off whichever LRU list it is on (the unevictable one if PG_unevictable). */
  // mm/swap.c: lruvec_del_folio()
  private lruDel(head: number): void {
    const mem = this.m.memmap
    const zone = this.m.zoneOf(head)!
    const nr = this.folioNr(head)
    if (mem.flags[head]! & (1 << PG_unevictable)) {
      this.m.vmstat.modNode('NR_UNEVICTABLE', -nr)
      this.m.vmstat.modZone(zone.idx, 'NR_ZONE_UNEVICTABLE', -nr)
    } else if (mem.flags[head]! & (1 << PG_swapbacked)) {
      this.m.vmstat.modNode('NR_INACTIVE_ANON', -nr)
      this.m.vmstat.modZone(zone.idx, 'NR_ZONE_INACTIVE_ANON', -nr)
    } else {
      this.m.vmstat.modNode('NR_INACTIVE_FILE', -nr)
      this.m.vmstat.modZone(zone.idx, 'NR_ZONE_INACTIVE_FILE', -nr)
    }
    mem.flags[head] &= ~((1 << PG_lru) | (1 << PG_unevictable))
  }

  /** mlock a folio: PG_mlocked, counted in Mlocked, moved to the unevictable list. */
  // mm/mlock.c: mlock_folio() → __mlock_folio()
  private mlockPage(pfn: number): void {
    const mem = this.m.memmap
    const head = this.folioHead(pfn)
    if (mem.flags[head]! & (1 << PG_mlocked)) return
    const zone = this.m.zoneOf(head)!
    const nr = this.folioNr(head)
    mem.flags[head] |= 1 << PG_mlocked
    this.m.vmstat.modZone(zone.idx, 'NR_MLOCK', nr)
    this.lruDel(head)
    mem.flags[head] |= (1 << PG_lru) | (1 << PG_unevictable)
    this.m.vmstat.modNode('NR_UNEVICTABLE', nr)
    this.m.vmstat.modZone(zone.idx, 'NR_ZONE_UNEVICTABLE', nr)
  }

  /** munlock a folio: back to the inactive list. */
  // mm/mlock.c: munlock_folio() → __munlock_folio()
  private munlockPage(pfn: number): void {
    const mem = this.m.memmap
    const head = this.folioHead(pfn)
    if (!(mem.flags[head]! & (1 << PG_mlocked))) return
    const zone = this.m.zoneOf(head)!
    mem.flags[head] &= ~(1 << PG_mlocked)
    this.m.vmstat.modZone(zone.idx, 'NR_MLOCK', -this.folioNr(head))
    this.lruDel(head)
    this.lruAdd(head)
  }

  /**
   * The pages already mapped in [start, end) of a VMA that was just locked (or unlocked):
   * mlocked, or put back on the evictable list unless another locked mapping holds them.
   */
  // mm/mlock.c: mlock_vma_pages_range() → mlock_pte_range()
  mlockRange(mm: MmStruct, start: number, end: number, lock: boolean): void {
    // mlock_vma_pages_range() ends with lru_add_drain(): a folio waiting in this CPU's lazyfree
    // batch reaches the file list before the mlock batch moves it to the unevictable one.
    this.lruAddDrainHere()
    this.splitHugeEdges(mm, start, end)
    for (let addr = start; addr < end; addr += PAGE_SIZE) {
      // A PMD-mapped THP is locked or unlocked whole.
      if (addr % PMD === 0 && this.hugeAt(mm, addr)) {
        const head = wordsPfn(this.pmdW[this.pmdI]!, this.pmdW[this.pmdI + 1]!)
        if (head !== this.hugeZeroPfn) {
          if (lock) this.mlockPage(head)
          else this.munlockPage(head)
        }
        addr += PMD - PAGE_SIZE
        continue
      }
      const pte = this.pte(mm, addr)
      if (!pte || !ptePresent(pte.entry) || pte.entry & _PAGE_SPECIAL) continue
      const pfn = entryPfn(pte.entry)
      const use = this.m.memmap.use[pfn]
      if (use === FrameUse.FILE || use === FrameUse.SHMEM) {
        if (lock) this.mlockFilePage(pfn)
        else this.munlockFilePage(pfn)
        continue
      }
      if (use !== FrameUse.ANON) continue
      if (lock) this.mlockPage(pfn)
      else if (!this.lockedElsewhere(pfn, mm, addr)) this.munlockPage(pfn)
    }
  }

  /** Whether another mapping of a shared page lies in a VM_LOCKED VMA (then it stays mlocked). */
  private lockedElsewhere(pfn: number, mm: MmStruct, addr: number): boolean {
    if (this.m.memmap._mapcount[pfn]! === 0) return false
    for (const t of this.m.procs.tasks.values()) {
      const other = t.mm
      if (!other || other === mm) continue
      const v = other.vmaLookup(addr)
      if (!v || !(v.vm_flags & VM_LOCKED)) continue
      const p = this.pte(other, addr)
      if (p && entryPfn(p.entry) === pfn) return true
    }
    return false
  }

  /**
   * Fault in every page of [start, end) as get_user_pages() does for MAP_POPULATE and mlock: a
   * write fault in private writable memory (no copy-on-write left pending), a read fault
   * elsewhere; VM_IO/VM_PFNMAP and PROT_NONE ranges are skipped.
   */
  // mm/gup.c: __mm_populate() → populate_vma_page_range() → __get_user_pages()
  populate(mm: MmStruct, start: number, end: number): boolean {
    const task = [...this.m.procs.tasks.values()].find((t) => t.mm === mm) ?? { mm, min_flt: 0, maj_flt: 0 }
    for (const vma of mm.vmasIn(start, end)) {
      if (vma.vm_flags & (VM_IO | VM_PFNMAP)) continue
      // PROT_NONE: get_user_pages() without FOLL_FORCE refuses it (-EFAULT), and the walk stops.
      if (!(vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC))) return false
      if (vma.special) continue
      // FOLL_WRITE only in private writable memory: a file's pages there are copied now (no
      // copy-on-write left pending); a shared mapping is read in and mapped as a read would.
      const write = (vma.vm_flags & (VM_WRITE | VM_SHARED)) === VM_WRITE
      for (let addr = Math.max(start, vma.vm_start); addr < Math.min(end, vma.vm_end); addr += PAGE_SIZE) {
        if (this.hugeAt(mm, addr) && this.pmdW[this.pmdI]! & W_PRESENT && (!write || this.pmdW[this.pmdI]! & W_RW)) {
          // follow_huge_pmd() → touch_pmd(): the PMD made young (and dirty for a write).
          this.pmdW[this.pmdI] |= W_ACCESSED | (write ? W_DIRTY : 0)
          addr += PMD - (addr % PMD) - PAGE_SIZE
          continue
        }
        let pte = this.pte(mm, addr)
        if (!pte || !(pte.entry & _PAGE_PRESENT) || (write && !(pte.entry & _PAGE_RW))) {
          this.handleFault(task, addr, write ? 'write' : 'read', pte !== null && (pte.entry & _PAGE_PRESENT) !== 0n)
          if (this.hugeAt(mm, addr)) {
            addr += PMD - (addr % PMD) - PAGE_SIZE
            continue
          }
          pte = this.pte(mm, addr)
        }
        if (pte) this.touchPage(pte.entry, write)
      }
      // populate_vma_page_range() ends with lru_add_drain(): what it faulted in reaches the LRU
      // (and this CPU's lazyfree batch moves with it, as the reference kernel shows).
      this.lruAddDrainHere()
    }
    return true
  }

  /**
   * get_user_pages() with FOLL_TOUCH on a page it found: a write marks the folio dirty unless its
   * entry is, and the folio is marked accessed (PG_referenced; its activation on a second touch,
   * a move to the active list, is not simulated: every folio stays on the inactive lists).
   */
  // mm/gup.c: follow_page_pte() (FOLL_TOUCH) → folio_mark_dirty(), folio_mark_accessed()
  private touchPage(entry: bigint, write: boolean): void {
    if (!(entry & _PAGE_PRESENT) || entry & _PAGE_SPECIAL) return
    const pfn = entryPfn(entry)
    const use = this.m.memmap.use[pfn]
    if (use !== FrameUse.ANON && use !== FrameUse.FILE && use !== FrameUse.SHMEM) return
    const head = this.folioHead(pfn)
    if (write && !(entry & _PAGE_DIRTY) && use === FrameUse.ANON) this.m.memmap.flags[head] |= 1 << PG_dirty
    this.m.memmap.flags[head] |= 1 << PG_referenced
  }

  /** The stack grows down to addr if the rlimit and the guard gap of the VMA below allow it. */
  // mm/mmap.c: expand_stack_locked() → expand_downwards() → acct_stack_growth()
  private expandStack(mm: MmStruct, vma: Vma, addr: number): boolean {
    const start = addr - (addr % PAGE_SIZE)
    const prev = mm.vmaBefore(vma.vm_start)
    if (prev && start - prev.vm_end < STACK_GUARD_GAP && prev.vm_end > 0) {
      if (!(prev.vm_flags & VM_GROWSDOWN) && start < prev.vm_end + STACK_GUARD_GAP) return false
    }
    // Past the guard gap check, expand_downwards() makes sure the VMA has an anon_vma (it keeps
    // its pgoff then, so a part moved by mremap does not merge with its new neighbours); the
    // rlimit and the commitment are checked after (acct_stack_growth()).
    this.m.procs.anonVmaPrepare(mm, vma)
    if (vma.vm_end - start > STACK_RLIMIT) return false
    const grow = (vma.vm_start - start) / PAGE_SIZE
    if (!mm.env.enoughMemory(mm, grow)) return false
    mm.beginChanges()
    mm.expandDownwards(vma, start)
    mm.vmStatAccount(vma.vm_flags, grow)
    mm.updateHiwaterVm()
    return true
  }

  /**
   * Unmap the pages of [start, end): free anonymous pages, drop the zero page's mappings. No LRU
   * batch is drained first (6.15 dropped those lru_add_drain() calls from munmap, MADV_DONTNEED
   * and exit_mmap(), as the reference kernel shows): a page waiting in a CPU's lazyfree batch
   * stays allocated, held by the batch, until that CPU drains it.
   */
  // mm/memory.c: unmap_page_range() → zap_pte_range()
  zapRange(mm: MmStruct, start: number, end: number, locked = false): void {
    this.splitHugeEdges(mm, start, end)
    for (let addr = start; addr < end; addr += PAGE_SIZE) {
      if (addr % PMD === 0 && this.hugeAt(mm, addr)) {
        this.zapHugePmd(mm, addr)
        addr += PMD - PAGE_SIZE
        continue
      }
      const pte = this.pte(mm, addr)
      if (!pte || !ptePresent(pte.entry)) continue
      pte.table[pte.index] = 0n
      if (pte.entry & _PAGE_SPECIAL) continue
      const pfn = entryPfn(pte.entry)
      const use = this.m.memmap.use[pfn]
      if (use === FrameUse.ANON) {
        mm.rss.anon--
        this.putAnon(pfn)
        // A page a locked VMA held that lives on elsewhere is munlocked unless another locked mapping holds it.
        const mem = this.m.memmap
        if (locked && mem.use[pfn] === FrameUse.ANON && mem.flags[this.folioHead(pfn)]! & (1 << PG_mlocked) && !this.lockedElsewhere(pfn, mm, addr)) this.munlockPage(pfn)
      } else if (use === FrameUse.FILE || use === FrameUse.SHMEM) this.unmapFilePage(mm, pfn, locked)
      else mm.rss.file-- // the vDSO's kernel pages
    }
  }

  /** Free a table and every table below it (depth: 1 PUD, 2 PMD, 3 PTE). */
  private freeSubtree(mm: MmStruct, table: number, depth: number): void {
    if (depth < 3) {
      const t = this.pt.tables.get(table)!
      for (let i = 0; i < 512; i++) {
        const e = t[i]!
        if (e & _PAGE_PRESENT && !(e & _PAGE_PSE)) this.freeSubtree(mm, entryPfn(e), depth + 1)
      }
    }
    this.freeTable(mm, table)
  }

  /**
   * Free the page tables that map nothing in [start, end) any more: a PTE table whose 2 MiB
   * holds no VMA, a PMD table whose 1 GiB holds none, a PUD table whose 512 GiB holds none.
   */
  // mm/memory.c: free_pgtables() → free_pgd_range()
  freePgtables(mm: MmStruct, start: number, end: number): number {
    let freed = 0
    const spans: [number, number][] = [
      [2 ** 21, 2],
      [2 ** 30, 1],
      [2 ** 39, 0]
    ]
    for (const [size, parentDepth] of spans) {
      const lo = Math.floor(start / size) * size
      for (let base = lo; base < end; base += size) {
        if (mm.findVmaIntersection(base, base + size)) continue
        const w = this.walk(mm, base)
        const link = w[parentDepth]
        if (!link || !(link.entry & _PAGE_PRESENT) || link.entry & _PAGE_PSE || w.length <= parentDepth) continue
        const child = entryPfn(link.entry)
        if (parentDepth === 0) this.setPgd(mm, link.index, 0n)
        else this.pt.tables.get(link.table)![link.index] = 0n
        this.freeSubtree(mm, child, parentDepth + 1)
        freed++
      }
    }
    return freed
  }

  /** Every table below the PGD, at exit (free_pgtables() over the whole address space). */
  freeAll(mm: MmStruct): void {
    const pgd = this.pt.tables.get(mm.pgd)!
    for (let i = 0; i < 256; i++) {
      const e = pgd[i]!
      if (!(e & _PAGE_PRESENT)) continue
      this.setPgd(mm, i, 0n)
      this.freeSubtree(mm, entryPfn(e), 1)
    }
  }

  /**
   * New protections on the present PTEs of [start, end): NX and present follow the VMA's flags;
   * write permission is granted only where no copy-on-write is pending (a shared mapping, or an
   * exclusive anonymous page), taken away everywhere the VMA is no longer writable.
   */
  // mm/mprotect.c: change_protection() → change_pte_range(), can_change_pte_writable()
  changeProtection(mm: MmStruct, start: number, end: number, flags: number): void {
    const prot = vmPageProt(flags)
    this.splitHugeEdges(mm, start, end)
    for (let addr = start; addr < end; addr += PAGE_SIZE) {
      if (addr % PMD === 0 && this.hugeAt(mm, addr)) {
        // change_huge_pmd(): the PMD takes the new protection whole.
        const w = this.pmdW
        const i = this.pmdI
        const head = wordsPfn(w[i]!, w[i + 1]!)
        let lo = (w[i]! & (W_ACCESSED | W_DIRTY | W_SPECIAL)) | (vmPageProtLo(flags) & ~(W_RW | W_ACCESSED | W_DIRTY)) | W_PSE
        if (lo & W_PRESENT && flags & VM_WRITE && head !== this.hugeZeroPfn && this.m.memmap.flags[head]! & (1 << PG_anon_exclusive)) lo |= W_RW
        w[i] = wordsLo(head, lo)
        w[i + 1] = wordsHi(head, vmPageNx(flags))
        addr += PMD - PAGE_SIZE
        continue
      }
      const pte = this.pte(mm, addr)
      if (!pte || !(pte.entry & PTE_PFN_BITS)) continue
      const e = pte.entry
      // pte_modify(): the frame, Accessed, Dirty and Special stay (_PAGE_CHG_MASK); the rest is the new protection's.
      const keep = e & (PTE_PFN_BITS | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SPECIAL)
      let v = keep | (prot & ~(_PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY))
      if (prot & _PAGE_PRESENT && flags & VM_WRITE && !(e & _PAGE_SPECIAL)) {
        const pfn = entryPfn(e)
        if (flags & VM_SHARED || this.m.memmap.flags[pfn]! & (1 << PG_anon_exclusive)) v |= _PAGE_RW
      }
      pte.table[pte.index] = v
    }
  }

  /** Move the PTEs of [from, from + len) to `to` (mremap moving a mapping with its pages). */
  // mm/mremap.c: move_page_tables() → move_ptes()
  movePages(mm: MmStruct, from: number, to: number, len: number): void {
    // A THP moves whole where source and destination are both 2 MiB-aligned (move_huge_pmd());
    // anywhere else it is split first.
    this.splitHugeEdges(mm, from, from + len)
    for (let off = 0; off < len; off += PAGE_SIZE) {
      if ((from + off) % PMD === 0 && this.hugeAt(mm, from + off)) {
        if ((to + off) % PMD || off + PMD > len) this.splitHugePmd(mm, from + off)
        else {
          const lo = this.pmdW[this.pmdI]!
          const hi = this.pmdW[this.pmdI + 1]!
          this.pmdW[this.pmdI] = 0
          this.pmdW[this.pmdI + 1] = 0
          const table = this.withdraw(mm, from + off)
          this.pmdOf(mm, to + off, true)
          this.pmdW[this.pmdI] = lo
          this.pmdW[this.pmdI + 1] = hi
          this.deposits.get(mm)!.set(to + off, table)
          const head = wordsPfn(lo, hi)
          if (head !== this.hugeZeroPfn) this.m.memmap.index[head] = (to + off) / PAGE_SIZE
          off += PMD - PAGE_SIZE
          continue
        }
      }
      const pte = this.pte(mm, from + off)
      if (!pte || !pte.entry) continue
      pte.table[pte.index] = 0n
      const slot = this.pteSlot(mm, to + off)
      slot.table[slot.index] = pte.entry
      const pfn = entryPfn(pte.entry)
      if (!(pte.entry & _PAGE_SPECIAL) && this.m.memmap.use[pfn] === FrameUse.ANON) this.m.memmap.index[pfn] = (to + off) / PAGE_SIZE
    }
  }

  /**
   * fork's copy of the page tables: the child maps the same pages; private writable anonymous
   * pages become read-only in both and shared (copy-on-write: the first write copies).
   */
  // mm/memory.c: copy_page_range() → copy_pte_range() → copy_present_pte()
  copyRange(src: MmStruct, dst: MmStruct, vma: Vma): void {
    for (let addr = vma.vm_start; addr < vma.vm_end; addr += PAGE_SIZE) {
      if (addr % PMD === 0 && this.hugeAt(src, addr)) {
        this.copyHugePmd(src, dst, vma, addr)
        addr += PMD - PAGE_SIZE
        continue
      }
      const pte = this.pte(src, addr)
      if (!pte || !ptePresent(pte.entry)) continue
      let e = pte.entry
      if (!(e & _PAGE_SPECIAL)) {
        const pfn = entryPfn(e)
        const mem = this.m.memmap
        const use = mem.use[pfn]
        if (use === FrameUse.ANON) {
          mem._mapcount[pfn]!++
          mem._refcount[this.folioHead(pfn)]!++
          mem.flags[pfn] &= ~(1 << PG_anon_exclusive)
          if (!(vma.vm_flags & VM_SHARED)) {
            e &= ~_PAGE_RW
            pte.table[pte.index] = e
          }
          dst.rss.anon++
        } else if (use === FrameUse.FILE || use === FrameUse.SHMEM) {
          mem._mapcount[pfn]!++
          mem._refcount[pfn]!++
          if (use === FrameUse.SHMEM) dst.rss.shmem++
          else dst.rss.file++
        } else dst.rss.file++ // the vDSO's kernel pages
      }
      // __copy_present_ptes(): the child's entry is old, and clean only in a shared mapping.
      const slot = this.pteSlot(dst, addr)
      slot.table[slot.index] = (vma.vm_flags & VM_SHARED ? e & ~_PAGE_DIRTY : e) & ~_PAGE_ACCESSED
    }
    dst.hiwater_rss = Math.max(dst.hiwater_rss, dst.rss.anon + dst.rss.file + dst.rss.shmem)
  }

  /**
   * fork's copy of a huge PMD: the child maps the same THP (or the huge zero page) with a table
   * deposited of its own; a THP becomes read-only in both and shared (copy-on-write), its
   * accessed bit cleared in the child.
   */
  // mm/huge_memory.c: copy_huge_pmd()
  private copyHugePmd(src: MmStruct, dst: MmStruct, vma: Vma, addr: number): void {
    let lo = this.pmdW[this.pmdI]!
    const hi = this.pmdW[this.pmdI + 1]!
    const head = wordsPfn(lo, hi)
    if (head !== this.hugeZeroPfn) {
      const mem = this.m.memmap
      this.entireMapcount.set(head, this.entireMapcount.get(head)! + 1)
      mem._refcount[head]!++
      mem.flags[head] &= ~(1 << PG_anon_exclusive)
      if (!(vma.vm_flags & VM_SHARED)) {
        lo &= ~W_RW
        this.pmdW[this.pmdI] = lo
      }
      dst.rss.anon += HPAGE_PMD_NR
      lo &= ~W_ACCESSED
    }
    this.pmdOf(dst, addr, true)
    this.deposit(dst, addr)
    this.pmdOf(dst, addr, true)
    this.pmdW[this.pmdI] = lo
    this.pmdW[this.pmdI + 1] = hi
  }
}

/** The physical-address bits of an entry. */
const PTE_PFN_BITS = 0x000ffffffffff000n

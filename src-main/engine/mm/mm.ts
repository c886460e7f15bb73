// An address space: mm_struct with its maple tree of VMAs (include/linux/mm_types.h), and the
// system calls that shape it, following Linux 6.18's mm/vma.c, mm/mmap.c, mm/mprotect.c and
// arch/x86/kernel/sys_x86_64.c function by function:
//  - placement: arch_get_unmapped_area_topdown() → vm_unmapped_area() → unmapped_area_topdown(),
//    which asks the maple tree for the highest gap (mas_empty_area_rev()) below mmap_base, with
//    the stack guard gap kept below a VM_GROWSDOWN mapping; 2 MiB alignment for anonymous
//    mappings whose length is a multiple of 2 MiB (__thp_get_unmapped_area()).
//  - merging: vma_merge_new_range() for a new range, vma_merge_existing_range() for a changed part
//    of a VMA, each with the kernel's compatibility rules (is_mergeable_vma(),
//    is_mergeable_anon_vma(), contiguous vm_pgoff, never for VM_SPECIAL); otherwise
//    __split_vma().
//  - accounting: vm_stat_account() (total_vm, data_vm, exec_vm, stack_vm), VM_ACCOUNT and the
//    overcommit decision of __vm_enough_memory(), map_count against vm.max_map_count.
// Addresses are numbers (user addresses stay below 2^47, exact in a double); the tree's indices are
// bigint as the maple tree keeps them.
//
// Not here yet: page tables below the PGD and RSS (the paging issue), mremap, madvise, mlock,
// userfaultfd, memory policies, anon_vma_name, file-backed mappings' page cache.

import {
  MA_STATE,
  MM_MT_FLAGS,
  MapleTree,
  mas_empty_area_rev,
  mas_find,
  mas_next,
  mas_reset,
  mt_prev,
  mt_for_each,
  mtree_load,
  mtree_store_range,
  ULONG_MAX
} from '../maple/maple_tree'
import {
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_NORESERVE,
  MAP_POPULATE,
  MAP_PRIVATE,
  MAP_SHARED,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  VM_ACCOUNT,
  VM_DATA_DEFAULT_FLAGS,
  VM_EXEC,
  VM_GROWSDOWN,
  VM_HUGETLB,
  VM_HUGEPAGE,
  VM_NOHUGEPAGE,
  VM_DONTEXPAND,
  VM_PFNMAP as VM_PFNMAP_FLAG,
  VM_IGNORE_MERGE,
  VM_LOCKED,
  VM_LOCKED_MASK,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_NORESERVE,
  VM_READ,
  VM_SHARED,
  VM_SOFTDIRTY,
  VM_SPECIAL,
  VM_STACK,
  VM_WRITE,
  calcVmFlagBits,
  calcVmProtBits
} from './vm_flags'

export const PAGE_SIZE = 4096
export const PMD_SIZE = 2 * 1024 * 1024
/** TASK_SIZE_MAX with 4-level paging (DEFAULT_MAP_WINDOW): the top of user space, one page short of 2^47. */
export const TASK_SIZE = 0x7ffffffff000
/** vm.mmap_min_addr's default (CONFIG_DEFAULT_MMAP_MIN_ADDR = 65536 on x86). */
export const MMAP_MIN_ADDR = 65536
/** stack_guard_gap: 256 pages (mm/mmap.c), kept free below a VM_GROWSDOWN mapping. */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE
/** vm.max_map_count's default: DEFAULT_MAX_MAP_COUNT = USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN. */
export const DEFAULT_MAX_MAP_COUNT = 65530

export const pageAlign = (v: number): number => Math.ceil(v / PAGE_SIZE) * PAGE_SIZE
const offsetInPage = (v: number): number => v % PAGE_SIZE

/** A file as a mapping sees it: /proc/PID/maps prints dev and inode, and the path. */
export interface VmFile {
  path: string
  inode: number
  /** "fe:00": the block device holding it, as maps prints MAJOR:MINOR. */
  dev: string
  size: number
  /** Opened for writing too (FMODE_WRITE): decides VM_MAYWRITE of a MAP_SHARED mapping. */
  writable: boolean
}

/** The name a special mapping gives itself ([vdso], [vvar], [vvar_vclock]). */
export type SpecialName = '[vdso]' | '[vvar]' | '[vvar_vclock]'

export interface Vma {
  vm_start: number
  vm_end: number
  vm_flags: number
  /** In pages: the file offset, or for anonymous memory the address >> PAGE_SHIFT at creation. */
  vm_pgoff: number
  vm_file: VmFile | null
  /** The anon_vma's address once one exists (the first anonymous fault); null before. */
  anon_vma: bigint | null
  /**
   * The VMA's anon_vma_chain, newest first: a link to its own anon_vma and, for a VMA a fork
   * copied, one to each anon_vma of its parent's chain.
   */
  anon_vma_chain?: AnonVmaLink[]
  special: SpecialName | null
  /** The vm_area_struct slab object. */
  ptr: bigint
}

/** One anon_vma_chain object: a VMA's link to an anon_vma. */
export interface AnonVmaLink {
  anonVma: bigint
  /** The anon_vma_chain slab object. */
  ptr: bigint
}

/**
 * vma_had_uncowed_parents(): a VMA a fork copied links its parent's anon_vmas too (its chain is
 * not singular); merging another VMA into it is refused, to keep the anon_vma root lock's load down.
 */
// mm/vma.c: vma_had_uncowed_parents()
const hadUncowedParents = (v: Vma | null): boolean => !!v && !!v.anon_vma && (v.anon_vma_chain?.length ?? 0) !== 1

/** What the last operation did to the VMAs, for the panes' change marks. */
export type VmaChange = 'new' | 'split' | 'merged' | 'changed'

/** Where the address space's memory comes from: the slab caches and the overcommit state. */
export interface MmEnv {
  /** A new vm_area_struct (vm_area_alloc()); returns its address. */
  allocVma(): bigint
  /** vm_area_free(), after unlink_anon_vmas(): the VMA's anon_vma link goes with it. */
  freeVma(vma: Vma): void
  /**
   * anon_vma_clone(): `dst`, a copy of `src` (a split, a move, a merge that takes its anon_vma),
   * links every anon_vma of src's chain with links of its own.
   */
  anonVmaClone(dst: Vma, src: Vma): void
  /** __vm_enough_memory(): charge `pages` to Committed_AS, or refuse with -ENOMEM (false). */
  enoughMemory(mm: MmStruct, pages: number): boolean
  /** vm_unacct_memory(). */
  unacct(pages: number): void
  maxMapCount(): number
  /** The page tables' part of munmap, mprotect and mremap (mm/memory.c, mm/mprotect.c). */
  zap(mm: MmStruct, start: number, end: number, locked: boolean): void
  /** MADV_FREE's page work on [start, end): true if an entry changed (the TLB must forget the range). */
  lazyfree(mm: MmStruct, start: number, end: number): boolean
  /** MADV_WILLNEED's work on [start, end) of a VMA: a file's pages read into the page cache. */
  willneed(vma: Vma, start: number, end: number): void
  /** Returns how many tables it freed. */
  freePgtables(mm: MmStruct, start: number, end: number): number
  /** flush_tlb_mm_range(): every CPU that may cache [start, end) of mm forgets it. */
  flush(mm: MmStruct, start: number, end: number, freedTables: boolean): void
  changeProtection(mm: MmStruct, start: number, end: number, flags: number): void
  movePages(mm: MmStruct, from: number, to: number, len: number): void
  /** Fault a range in (MAP_POPULATE, MAP_LOCKED, mlock), and lock or unlock what is mapped there. */
  /** __mm_populate(): false where it met a VMA it may not fault in (PROT_NONE) and stopped. */
  populate(mm: MmStruct, start: number, end: number): boolean
  mlockRange(mm: MmStruct, start: number, end: number, lock: boolean): void
  /** vma_adjust_trans_huge(): a THP mapped by a PMD across a new VMA boundary at addr is split. */
  splitHugeAt(mm: MmStruct, addr: number): void
  /** A maple_node slab object, and its free. */
  allocNode(): bigint
  freeNode(ptr: bigint): void
  /** shmem_zero_setup(): the shmem file behind a shared anonymous mapping. */
  shmemFile(len: number): VmFile
}

export type Errno = 'EINVAL' | 'ENOMEM' | 'EEXIST' | 'EACCES' | 'EPERM' | 'EOVERFLOW' | 'EAGAIN' | 'EFAULT' | 'ENOENT'
export type SysResult = { ok: true; value: number } | { ok: false; errno: Errno }
const ok = (value: number): SysResult => ({ ok: true, value })
const fail = (errno: Errno): SysResult => ({ ok: false, errno })

export class MmStruct {
  readonly mm_mt = new MapleTree<Vma>(MM_MT_FLAGS)
  map_count = 0
  mm_users = 1
  mm_count = 1
  total_vm = 0
  locked_vm = 0
  pinned_vm = 0
  data_vm = 0
  exec_vm = 0
  stack_vm = 0
  hiwater_vm = 0
  hiwater_rss = 0
  def_flags = 0
  mmap_base = 0
  task_size = TASK_SIZE
  start_code = 0
  end_code = 0
  start_data = 0
  end_data = 0
  start_brk = 0
  brk = 0
  start_stack = 0
  arg_start = 0
  arg_end = 0
  env_start = 0
  env_end = 0
  exe_file: VmFile | null = null
  binfmt: string | null = null
  /** The PGD's frame. */
  pgd = 0
  /** Bytes of page tables below the PGD (mm_pgtables_bytes(): status VmPTE). */
  pgtables_bytes = 0
  /** mm->context.ctx_id and tlb_gen (arch/x86/include/asm/mmu.h), and mm_cpumask(). */
  ctxId = 0
  tlbGen = 0
  readonly cpumask = new Set<number>()
  /** The RSS counters: MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS. */
  readonly rss = { anon: 0, file: 0, shmem: 0, swap: 0 }
  /** The maple_node slab objects the tree's nodes live in, one per node. */
  private readonly nodeObjs: bigint[] = []
  /** Changes of the last operation: VMA → what happened; removed ranges. */
  readonly changes = new Map<Vma, VmaChange>()
  readonly removed: { start: number; end: number }[] = []
  /** Bumped by every change, for the views. */
  generation = 0

  constructor(
    readonly ptr: bigint,
    readonly env: MmEnv
  ) {}

  // ---- lookups (include/linux/mm.h, mm/mmap.c) -------------------------------------------

  /** find_vma(): the first VMA ending above addr. */
  findVma(addr: number): Vma | null {
    const c = this.lastVma
    if (c && this.lastVmaGen === this.treeGen && addr >= c.vm_start && addr < c.vm_end) return c
    const mas = MA_STATE(this.mm_mt, BigInt(addr), BigInt(addr))
    const v = mas_find(mas, ULONG_MAX)
    if (v && addr >= v.vm_start) this.remember(v)
    return v
  }

  /** vma_lookup(): the VMA containing addr. */
  vmaLookup(addr: number): Vma | null {
    const c = this.lastVma
    if (c && this.lastVmaGen === this.treeGen && addr >= c.vm_start && addr < c.vm_end) return c
    const v = mtree_load(this.mm_mt, BigInt(addr))
    if (v) this.remember(v)
    return v
  }

  /**
   * The VMA the last lookup found, valid until the tree changes: successive faults in one VMA
   * skip the tree walk (as the per-thread vmacache did before the maple tree; the tree itself is
   * walked exactly as the kernel walks it whenever it is consulted).
   */
  private lastVma: Vma | null = null
  private lastVmaGen = -1
  private treeGen = 0
  private remember(v: Vma): void {
    this.lastVma = v
    this.lastVmaGen = this.treeGen
  }

  /** find_vma_intersection(): the first VMA overlapping [start, end). */
  findVmaIntersection(start: number, end: number): Vma | null {
    const mas = MA_STATE(this.mm_mt, BigInt(start), BigInt(start))
    return mas_find(mas, BigInt(end - 1))
  }

  /** The VMA ending at or below addr (vma_prev of a walk at addr). */
  vmaBefore(addr: number): Vma | null {
    if (addr === 0) return null
    return mtree_load(this.mm_mt, BigInt(addr - 1)) ?? mt_prev(this.mm_mt, BigInt(addr - 1), 0n)
  }

  /** Every VMA in address order. */
  vmas(): Vma[] {
    const out: Vma[] = []
    for (const { entry } of mt_for_each(this.mm_mt, 0n, ULONG_MAX)) out.push(entry)
    return out
  }

  /** The VMAs overlapping [start, end), in order. */
  vmasIn(start: number, end: number): Vma[] {
    const out: Vma[] = []
    for (const { entry } of mt_for_each(this.mm_mt, BigInt(start), BigInt(end - 1))) out.push(entry)
    return out
  }

  // ---- tree stores -------------------------------------------------------------------------

  /** vma_iter_store(): the VMA's range now points to it. */
  private store(vma: Vma): void {
    const r = mtree_store_range(this.mm_mt, BigInt(vma.vm_start), BigInt(vma.vm_end - 1), vma)
    if (r !== 0) throw new Error(`BUG: maple tree store failed (${r})`)
    this.treeGen++
    this.syncNodes()
  }

  private clear(start: number, end: number): void {
    const r = mtree_store_range(this.mm_mt, BigInt(start), BigInt(end - 1), null)
    if (r !== 0) throw new Error(`BUG: maple tree clear failed (${r})`)
    this.treeGen++
    this.syncNodes()
  }

  /**
   * Keep one maple_node slab object per node of the tree: the tree takes nodes from the
   * maple_node cache as it grows (mas_alloc_nodes()) and gives them back as it shrinks (ma_free_rcu()).
   */
  syncNodes(): void {
    while (this.nodeObjs.length < this.mm_mt.nodes) this.nodeObjs.push(this.env.allocNode())
    while (this.nodeObjs.length > this.mm_mt.nodes) this.env.freeNode(this.nodeObjs.pop()!)
  }

  private mark(vma: Vma, change: VmaChange): void {
    const was = this.changes.get(vma)
    // A VMA made by this operation stays "new" whatever happens to it next.
    if (was === 'new' || was === 'split') return
    this.changes.set(vma, change)
  }

  /** Start a new operation's change record. */
  beginChanges(): void {
    this.changes.clear()
    this.removed.length = 0
  }

  private newVma(start: number, end: number, flags: number, pgoff: number, file: VmFile | null): Vma {
    return { vm_start: start, vm_end: end, vm_flags: flags, vm_pgoff: pgoff, vm_file: file, anon_vma: null, special: null, ptr: this.env.allocVma() }
  }

  /** Insert a VMA that overlaps nothing (vma_link()). */
  link(vma: Vma, change: VmaChange = 'new'): void {
    this.store(vma)
    this.map_count++
    this.generation++
    this.changes.set(vma, change)
  }

  private dropVma(vma: Vma): void {
    this.env.freeVma(vma)
    this.changes.delete(vma)
  }

  // ---- accounting (mm/mmap.c, mm/util.c) ----------------------------------------------------

  /** vm_stat_account(): total_vm and one of exec_vm, stack_vm, data_vm. */
  vmStatAccount(flags: number, npages: number): void {
    this.total_vm += npages
    if ((flags & (VM_WRITE | VM_STACK | VM_EXEC)) === VM_EXEC) this.exec_vm += npages
    else if ((flags & VM_STACK) === VM_STACK) this.stack_vm += npages
    else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) === VM_WRITE) this.data_vm += npages
  }

  /** update_hiwater_vm(). */
  updateHiwaterVm(): void {
    if (this.hiwater_vm < this.total_vm) this.hiwater_vm = this.total_vm
  }

  // ---- merging and splitting (mm/vma.c) -------------------------------------------------------

  /**
   * is_mergeable_vma() + is_mergeable_anon_vma() + the pgoff rule, for `other` beside [start, end)
   * whose anonymous memory is `anonVma` (of the VMA `src` when an existing VMA merges).
   */
  // mm/vma.c: is_mergeable_vma(), is_mergeable_anon_vma()
  private mergeable(other: Vma, flags: number, file: VmFile | null, src: Vma | null, anonVma: bigint | null, pgoff: number, start: number, end: number, side: 'prev' | 'next'): boolean {
    if (((other.vm_flags ^ flags) & ~VM_IGNORE_MERGE) !== 0) return false
    if (other.vm_file !== file || other.special) return false
    if (!other.anon_vma && anonVma) {
      if (hadUncowedParents(src)) return false
    } else if (other.anon_vma && !anonVma) {
      if (hadUncowedParents(other)) return false
    } else if (other.anon_vma !== anonVma) return false
    if (side === 'prev') return other.vm_pgoff + (other.vm_end - other.vm_start) / PAGE_SIZE === pgoff
    return other.vm_pgoff === pgoff + (end - start) / PAGE_SIZE
  }

  /**
   * A new range [start, end) merged into its neighbours if they allow it: prev grows up, next
   * grows down, or prev swallows the range and next. Returns the VMA that now covers the range,
   * or null when it must be a new VMA.
   */
  // mm/vma.c: vma_merge_new_range() (can_vma_merge_left()/right(), vma_expand())
  mergeNewRange(start: number, end: number, flags: number, file: VmFile | null, pgoff: number, anonVma: bigint | null = null): Vma | null {
    if (flags & VM_SPECIAL) return null
    const prev = this.vmaBefore(start)
    const next = this.findVma(start)
    const left = !!prev && prev.vm_end === start && this.mergeable(prev, flags, file, null, anonVma, pgoff, start, end, 'prev')
    const right = !!next && next.vm_start === end && this.mergeable(next, flags, file, null, anonVma, pgoff, start, end, 'next')
    if (left && right && prev!.anon_vma && next!.anon_vma && prev!.anon_vma !== next!.anon_vma) {
      // Both sides cannot be merged: merge with prev only, as the kernel falls back to.
      return this.expand(prev!, prev!.vm_start, end)
    }
    if (left && right) {
      const n = next!
      this.clear(n.vm_start, n.vm_end)
      this.map_count--
      this.removed.push({ start: n.vm_start, end: n.vm_end })
      this.dropVma(n)
      this.adoptAnonVma(prev!, n)
      return this.expand(prev!, prev!.vm_start, n.vm_end)
    }
    if (left) return this.expand(prev!, prev!.vm_start, end)
    if (right) {
      const n = next!
      n.vm_pgoff -= (n.vm_start - start) / PAGE_SIZE
      return this.expand(n, start, n.vm_end)
    }
    return null
  }

  /**
   * A VMA that grows over a neighbour with anonymous pages takes its anon_vma (with a link of its
   * own), as vma_expand() → dup_anon_vma() does; the neighbour's link goes when it is freed.
   */
  // mm/vma.c: dup_anon_vma()
  private adoptAnonVma(dst: Vma, src: Vma): void {
    if (dst.anon_vma || !src.anon_vma) return
    dst.anon_vma = src.anon_vma
    this.env.anonVmaClone(dst, src)
  }

  /** vma_expand() / vma_shrink(): set a VMA's range and store it. */
  private expand(vma: Vma, start: number, end: number): Vma {
    if (end < vma.vm_end) this.clear(end, vma.vm_end)
    if (start > vma.vm_start) this.clear(vma.vm_start, start)
    vma.vm_start = start
    vma.vm_end = end
    this.store(vma)
    this.generation++
    this.mark(vma, 'merged')
    return vma
  }

  /**
   * Split a VMA at addr: a new VMA takes the part below addr (newBelow) or from addr up. Fails
   * with -ENOMEM at vm.max_map_count.
   */
  // mm/vma.c: __split_vma()
  split(vma: Vma, addr: number, newBelow: boolean): Vma | null {
    if (this.map_count >= this.env.maxMapCount()) return null
    this.env.splitHugeAt(this, addr)
    const nw: Vma = { ...vma, ptr: this.env.allocVma(), anon_vma_chain: undefined }
    this.env.anonVmaClone(nw, vma)
    if (newBelow) {
      nw.vm_end = addr
      vma.vm_pgoff += (addr - vma.vm_start) / PAGE_SIZE
      vma.vm_start = addr
    } else {
      nw.vm_start = addr
      nw.vm_pgoff += (addr - vma.vm_start) / PAGE_SIZE
      vma.vm_end = addr
    }
    this.store(vma)
    this.store(nw)
    this.map_count++
    this.generation++
    this.changes.set(nw, 'split')
    this.mark(vma, 'split')
    return nw
  }

  /**
   * Give [start, end) of `vma` new flags: merged into prev or next where the rules allow, the
   * VMA split otherwise. Returns the VMA that covers [start, end) now, or an errno.
   */
  // mm/vma.c: vma_modify_flags() → vma_modify() → vma_merge_existing_range(), split_vma()
  modifyFlags(vma: Vma, start: number, end: number, flags: number): Vma | Errno {
    const leftSide = start === vma.vm_start
    const rightSide = end === vma.vm_end
    const pgoff = vma.vm_pgoff + (start - vma.vm_start) / PAGE_SIZE
    if (!(flags & VM_SPECIAL) && !vma.special && (leftSide || rightSide)) {
      const prev = leftSide ? this.vmaBefore(start) : null
      const next = rightSide ? this.findVma(end) : null
      const mergeLeft = !!prev && prev.vm_end === start && this.mergeable(prev, flags, vma.vm_file, vma, vma.anon_vma, pgoff, start, end, 'prev')
      const mergeRight = !!next && next.vm_start === end && this.mergeable(next, flags, vma.vm_file, vma, vma.anon_vma, pgoff, start, end, 'next')
      const bothOk = mergeLeft && mergeRight && !(prev!.anon_vma && next!.anon_vma && prev!.anon_vma !== next!.anon_vma)
      if (bothOk) {
        // prev swallows the middle and next.
        const p = prev!
        const n = next!
        for (const v of [vma, n]) {
          this.clear(v.vm_start, v.vm_end)
          this.map_count--
          this.removed.push({ start: v.vm_start, end: v.vm_end })
          this.adoptAnonVma(p, v)
          this.dropVma(v)
        }
        return this.expand(p, p.vm_start, n.vm_end)
      }
      if (mergeLeft) {
        const p = prev!
        this.adoptAnonVma(p, vma)
        if (rightSide) {
          this.clear(vma.vm_start, vma.vm_end)
          this.map_count--
          this.removed.push({ start: vma.vm_start, end: vma.vm_end })
          this.dropVma(vma)
        } else {
          vma.vm_pgoff += (end - vma.vm_start) / PAGE_SIZE
          vma.vm_start = end
          this.store(vma)
          this.mark(vma, 'changed')
        }
        return this.expand(p, p.vm_start, end)
      }
      if (mergeRight) {
        const n = next!
        this.adoptAnonVma(n, vma)
        if (leftSide) {
          this.clear(vma.vm_start, vma.vm_end)
          this.map_count--
          this.removed.push({ start: vma.vm_start, end: vma.vm_end })
          this.dropVma(vma)
        } else {
          vma.vm_end = start
          this.store(vma)
          this.mark(vma, 'changed')
        }
        n.vm_pgoff = pgoff
        return this.expand(n, start, n.vm_end)
      }
    }
    if (vma.vm_start < start && !this.split(vma, start, true)) return 'ENOMEM'
    if (vma.vm_end > end && !this.split(vma, end, false)) return 'ENOMEM'
    vma.vm_flags = flags
    this.generation++
    // The VMA that was there before keeps its object: it is the one that changed.
    this.changes.set(vma, 'changed')
    return vma
  }

  /** A VMA that grows down now starts at newStart (the stack, grown at exec or by a fault). */
  // mm/mmap.c: expand_downwards()
  expandDownwards(vma: Vma, newStart: number): void {
    vma.vm_pgoff -= (vma.vm_start - newStart) / PAGE_SIZE
    vma.vm_start = newStart
    this.store(vma)
    this.generation++
  }

  // ---- placement (arch/x86/kernel/sys_x86_64.c, mm/mmap.c, mm/huge_memory.c) --------------------

  /** vm_start_gap(): a VMA that grows down keeps the guard gap free below it. */
  private startGap(vma: Vma): number {
    if (vma.vm_flags & VM_GROWSDOWN) return Math.max(vma.vm_start - STACK_GUARD_GAP, 0)
    return vma.vm_start
  }

  /**
   * The highest free range of `length` bytes below highLimit, aligned to alignMask + 1 at
   * alignOffset, that keeps clear of a growing stack's guard gap.
   */
  // mm/mmap.c: unmapped_area_topdown()
  unmappedAreaTopdown(length: number, lowLimit: number, highLimit: number, alignMask = 0, alignOffset = 0): number | null {
    const len = length + alignMask
    if (len < length) return null
    lowLimit = Math.max(lowLimit, MMAP_MIN_ADDR)
    for (;;) {
      if (highLimit - 1 < lowLimit) return null
      const mas = MA_STATE(this.mm_mt, 0n, 0n)
      if (mas_empty_area_rev(mas, BigInt(lowLimit), BigInt(highLimit - 1), BigInt(len)) !== 0) return null
      let gap = Number(mas.last) + 1 - length
      gap -= (((gap - alignOffset) % (alignMask + 1)) + (alignMask + 1)) % (alignMask + 1)
      const gapEnd = Number(mas.last)
      const next = mas_next(mas, ULONG_MAX)
      if (next && next.vm_flags & VM_GROWSDOWN) {
        if (this.startGap(next) <= gapEnd) {
          highLimit = this.startGap(next)
          mas_reset(mas)
          continue
        }
      }
      return gap
    }
  }

  /** Where a mapping goes when the caller gave no fixed address. */
  // arch/x86/kernel/sys_x86_64.c: arch_get_unmapped_area_topdown()
  private getUnmappedAreaTopdown(addr: number, len: number, pgoff: number, file: VmFile | null): number | null {
    if (len > TASK_SIZE - MMAP_MIN_ADDR) return null
    if (addr) {
      addr = pageAlign(addr)
      const vma = this.findVma(addr)
      const prev = this.vmaBefore(addr)
      if (TASK_SIZE - len >= addr && addr >= MMAP_MIN_ADDR && (!vma || addr + len <= this.startGap(vma)) && (!prev || addr >= prev.vm_end)) return addr
    }
    const r = this.unmappedAreaTopdown(len, PAGE_SIZE, this.mmap_base, 0, file ? pgoff * PAGE_SIZE : 0)
    if (r !== null) return r
    // A failed top-down search falls back to bottom-up from TASK_UNMAPPED_BASE (not modelled: the
    // lab never fills 128 TiB below mmap_base).
    return null
  }

  /**
   * get_unmapped_area(): MAP_FIXED takes the address as is; an anonymous private mapping whose
   * length is a multiple of 2 MiB and that has no hint is 2 MiB-aligned.
   */
  // mm/mmap.c: __get_unmapped_area(); mm/huge_memory.c: __thp_get_unmapped_area()
  getUnmappedArea(file: VmFile | null, addr: number, len: number, pgoff: number, flags: number): number | Errno {
    if (len > TASK_SIZE) return 'ENOMEM'
    if (flags & MAP_FIXED) {
      if (addr > TASK_SIZE - len) return 'ENOMEM'
      if (offsetInPage(addr)) return 'EINVAL'
      return addr
    }
    if (!file) pgoff = 0
    let r: number | null
    if (!file && !(flags & MAP_SHARED) && !addr && len % PMD_SIZE === 0) {
      // thp_get_unmapped_area_vmflags(): search len + 2 MiB, then align inside it.
      const padded = this.getUnmappedAreaTopdown(0, len + PMD_SIZE, 0, null)
      if (padded === null) r = this.getUnmappedAreaTopdown(addr, len, pgoff, file)
      else {
        const offSub = (((0 - padded) % PMD_SIZE) + PMD_SIZE) % PMD_SIZE
        r = offSub === 0 ? padded + PMD_SIZE : padded + offSub
      }
    } else {
      r = this.getUnmappedAreaTopdown(addr, len, pgoff, file)
    }
    if (r === null) return 'ENOMEM'
    if (r > TASK_SIZE - len) return 'ENOMEM'
    return r
  }

  // ---- mmap (mm/mmap.c, mm/vma.c) -----------------------------------------------------------

  /** accountable_mapping(): private writable memory without MAP_NORESERVE is charged to Committed_AS. */
  private accountable(flags: number): boolean {
    return (flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) === VM_WRITE && !(flags & VM_HUGETLB)
  }

  /**
   * mmap(2): checks, placement, then the mapping (replacing what MAP_FIXED covers). Returns the
   * address.
   */
  // mm/mmap.c: do_mmap() → mmap_region(); mm/vma.c: __mmap_region()
  doMmap(file: VmFile | null, addr: number, len: number, prot: number, flags: number, pgoff: number, overcommitNever: boolean): SysResult {
    if (!len) return fail('EINVAL')
    if (!(flags & MAP_FIXED)) addr = addr && addr < MMAP_MIN_ADDR ? pageAlign(MMAP_MIN_ADDR) : addr // round_hint_to_min()
    len = pageAlign(len)
    if (!len || len > TASK_SIZE) return fail('ENOMEM')
    if (pgoff + len / PAGE_SIZE < pgoff) return fail('EOVERFLOW')
    if (this.map_count > this.env.maxMapCount()) return fail('ENOMEM')
    if ((flags & (MAP_SHARED | MAP_PRIVATE)) === 0 || (flags & (MAP_SHARED | MAP_PRIVATE)) === (MAP_SHARED | MAP_PRIVATE)) return fail('EINVAL')
    if (flags & MAP_FIXED_NOREPLACE) flags |= MAP_FIXED
    const where = this.getUnmappedArea(file, addr, len, pgoff, flags)
    if (typeof where !== 'number') return fail(where)
    addr = where
    if (flags & MAP_FIXED_NOREPLACE && this.findVmaIntersection(addr, addr + len)) return fail('EEXIST')

    let vmFlags = calcVmProtBits(prot) | calcVmFlagBits(flags) | this.def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC
    if (file) {
      if (flags & MAP_SHARED) {
        if (prot & PROT_WRITE && !file.writable) return fail('EACCES')
        vmFlags |= VM_SHARED | VM_MAYSHARE
        if (!file.writable) vmFlags &= ~(VM_MAYWRITE | VM_SHARED)
      }
    } else if (flags & MAP_SHARED) {
      vmFlags |= VM_SHARED | VM_MAYSHARE
      pgoff = 0
      // mm/shmem.c: shmem_zero_setup() gives the mapping a file of its own.
      file = this.env.shmemFile(len)
    } else {
      pgoff = addr / PAGE_SIZE
    }
    if (flags & MAP_NORESERVE && !overcommitNever) vmFlags |= VM_NORESERVE
    const r = this.mmapRegion(file, addr, len, vmFlags, pgoff)
    // do_mmap() asks vm_mmap_pgoff() to populate locked and MAP_POPULATE mappings (mm_populate()).
    if (r.ok && (vmFlags & VM_LOCKED || flags & MAP_POPULATE)) this.env.populate(this, addr, addr + len)
    return r
  }

  // mm/vma.c: __mmap_region() (vms_gather_munmap_vmas() for what MAP_FIXED replaces)
  private mmapRegion(file: VmFile | null, addr: number, len: number, vmFlags: number, pgoff: number): SysResult {
    const end = addr + len
    // Whatever the range covers goes first (unmapped, unaccounted).
    if (this.findVmaIntersection(addr, end)) {
      const r = this.munmapRange(addr, end)
      if (!r.ok) return r
    }
    const pages = len / PAGE_SIZE
    if (this.accountable(vmFlags)) {
      if (!this.env.enoughMemory(this, pages)) return fail('ENOMEM')
      vmFlags |= VM_ACCOUNT
    }
    let vma = this.mergeNewRange(addr, end, vmFlags, file, pgoff)
    if (!vma) {
      if (this.map_count >= this.env.maxMapCount()) {
        if (vmFlags & VM_ACCOUNT) this.env.unacct(pages)
        return fail('ENOMEM')
      }
      vma = this.newVma(addr, end, vmFlags, pgoff, file)
      this.link(vma)
    }
    this.vmStatAccount(vmFlags, pages)
    if (vmFlags & VM_LOCKED) this.locked_vm += pages
    // New (or expanded) VMAs are soft-dirty: a tracker must see the range as written.
    vma.vm_flags |= VM_SOFTDIRTY
    this.updateHiwaterVm()
    return ok(addr)
  }

  // ---- munmap (mm/vma.c) --------------------------------------------------------------------

  /** munmap(2). */
  // mm/mmap.c: __vm_munmap() → do_vmi_munmap()
  munmap(start: number, len: number): SysResult {
    if (offsetInPage(start) || start > TASK_SIZE || len > TASK_SIZE - start) return fail('EINVAL')
    len = pageAlign(len)
    if (!len) return fail('EINVAL')
    return this.munmapRange(start, start + len)
  }

  /** Remove [start, end): split the VMAs at the edges, take out those inside, unaccount them. */
  // mm/vma.c: do_vmi_align_munmap() → vms_gather_munmap_vmas(), vms_complete_munmap_vmas()
  munmapRange(start: number, end: number): SysResult {
    const first = this.findVmaIntersection(start, end)
    if (!first) return ok(0)
    if (first.vm_start < start) {
      if (end < first.vm_end && this.map_count >= this.env.maxMapCount()) return fail('ENOMEM')
      if (!this.split(first, start, true)) return fail('ENOMEM')
    }
    const last = this.findVmaIntersection(Math.max(end - PAGE_SIZE, start), end)
    if (last && last.vm_end > end && !this.split(last, end, false)) return fail('ENOMEM')
    this.updateHiwaterVm()
    const gone = this.vmasIn(start, end)
    // unmap_region(): the pages first, then the page tables nothing maps any more.
    for (const v of gone) this.env.zap(this, v.vm_start, v.vm_end, (v.vm_flags & VM_LOCKED) !== 0)
    for (const v of gone) {
      const pages = (v.vm_end - v.vm_start) / PAGE_SIZE
      this.clear(v.vm_start, v.vm_end)
      this.map_count--
      this.vmStatAccount(v.vm_flags, -pages)
      if (v.vm_flags & VM_LOCKED) this.locked_vm -= pages
      if (v.vm_flags & VM_ACCOUNT) this.env.unacct(pages)
      this.removed.push({ start: v.vm_start, end: v.vm_end })
      this.dropVma(v)
    }
    const freed = this.env.freePgtables(this, start, end)
    this.env.flush(this, start, end, freed > 0)
    this.generation++
    return ok(0)
  }

  // ---- mprotect (mm/mprotect.c) -------------------------------------------------------------

  /** mprotect(2): new protections over [start, start + len), VMA by VMA; -ENOMEM at a hole. */
  // mm/mprotect.c: do_mprotect_pkey() → mprotect_fixup()
  mprotect(start: number, len: number, prot: number): SysResult {
    if (offsetInPage(start)) return fail('EINVAL')
    if (!len) return ok(0)
    len = pageAlign(len)
    const end = start + len
    if (end <= start) return fail('ENOMEM')
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) return fail('EINVAL')
    let vma = this.findVma(start)
    if (!vma || vma.vm_start >= end) return fail('ENOMEM')
    if (vma.vm_start > start) return fail('ENOMEM')
    const newBits = calcVmProtBits(prot)
    let nstart = start
    for (;;) {
      const newflags = newBits | (vma.vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC))
      // newflags >> 4 shifts VM_MAY% into the place of VM_%: asking for what may not be is -EACCES.
      if ((newflags & ~(newflags >> 4)) & (VM_READ | VM_WRITE | VM_EXEC)) return fail('EACCES')
      const tmp = Math.min(vma.vm_end, end)
      const r = this.mprotectFixup(vma, nstart, tmp, newflags)
      if (typeof r === 'string') return fail(r)
      nstart = tmp
      if (nstart >= end) return ok(0)
      // The VMA holding nstart now (a merge may have made it start lower); none is a hole.
      const next = this.vmaLookup(nstart)
      if (!next) return fail('ENOMEM')
      vma = next
    }
  }

  // mm/mprotect.c: mprotect_fixup()
  private mprotectFixup(vma: Vma, start: number, end: number, newflags: number): Vma | Errno {
    const oldflags = vma.vm_flags
    if ((newflags & ~VM_SOFTDIRTY) === (oldflags & ~VM_SOFTDIRTY)) return vma
    const pages = (end - start) / PAGE_SIZE
    let charged = 0
    // A private mapping made writable is charged now, unless it already was.
    if (newflags & VM_WRITE) {
      if (!(oldflags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED | VM_NORESERVE))) {
        if (!this.env.enoughMemory(this, pages)) return 'ENOMEM'
        charged = pages
        newflags |= VM_ACCOUNT
      }
    } else if (oldflags & VM_ACCOUNT && !vma.vm_file && !vma.anon_vma && !(oldflags & VM_SHARED)) {
      // Read-only anonymous memory never written: nothing to reserve any more.
      newflags &= ~VM_ACCOUNT
      charged = -pages
    }
    const r = this.modifyFlags(vma, start, end, newflags)
    if (typeof r === 'string') {
      if (charged > 0) this.env.unacct(charged)
      return r
    }
    if (charged < 0) this.env.unacct(-charged)
    this.env.changeProtection(this, start, end, newflags)
    this.env.flush(this, start, end, false)
    this.vmStatAccount(oldflags, -pages)
    this.vmStatAccount(newflags, pages)
    if ((oldflags & VM_LOCKED_MASK) !== (newflags & VM_LOCKED_MASK)) this.locked_vm += newflags & VM_LOCKED ? pages : -pages
    // A private locked VMA made writable is faulted in for writing now: copy-on-write broken at
    // once rather than by a major fault later.
    if ((oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) === VM_LOCKED && newflags & VM_WRITE) this.env.populate(this, start, end)
    return r
  }

  // ---- mlock (mm/mlock.c) -------------------------------------------------------------------

  /**
   * mlock(2) (`lock` true) and munlock(2): VM_LOCKED on every VMA of the range, split and merged
   * as needed, locked_vm counted; the range is rounded out to pages. -ENOMEM where the range has
   * a hole (after changing what lies before it). Root has CAP_IPC_LOCK: RLIMIT_MEMLOCK does not
   * apply. Special mappings (vdso, vvar) are skipped, as mlock_fixup() skips VM_SPECIAL.
   */
  // mm/mlock.c: do_mlock() / munlock → apply_vma_lock_flags() → mlock_fixup()
  mlock(start: number, len: number, lock: boolean): SysResult {
    len = pageAlign(len + offsetInPage(start))
    start -= offsetInPage(start)
    const end = start + len
    if (end < start) return fail('EINVAL')
    if (end === start) return ok(0)
    let vma = this.vmaLookup(start)
    if (!vma) return fail('ENOMEM')
    let nstart = start
    for (;;) {
      const tmp = Math.min(vma.vm_end, end)
      const newflags = (vma.vm_flags & ~VM_LOCKED_MASK) | (lock ? VM_LOCKED : 0)
      if (newflags !== vma.vm_flags && !(vma.vm_flags & VM_SPECIAL) && !vma.special) {
        const pages = (tmp - nstart) / PAGE_SIZE
        const was = vma.vm_flags
        const r = this.modifyFlags(vma, nstart, tmp, newflags)
        if (typeof r === 'string') return fail(r)
        if (!(newflags & VM_LOCKED)) this.locked_vm -= pages
        else if (!(was & VM_LOCKED)) this.locked_vm += pages
        this.env.mlockRange(this, nstart, tmp, lock)
      }
      nstart = tmp
      if (nstart >= end) {
        // do_mlock() then faults the whole range in (__mm_populate()), locked before or not: a
        // write fault breaks copy-on-write of pages shared since a fork.
        // A PROT_NONE part stays locked but fails the call: -EFAULT, which mlock reports as -ENOMEM
        // (__mlock_posix_error_return()).
        if (lock && !this.env.populate(this, start, end)) return fail('ENOMEM')
        return ok(0)
      }
      // The VMA holding nstart now (a merge may have made it start lower); none is a hole.
      const next = this.vmaLookup(nstart)
      if (!next) return fail('ENOMEM')
      vma = next
    }
  }

  // ---- madvise (mm/madvise.c) -----------------------------------------------------------------

  /**
   * madvise(2): `hugepage`/`nohugepage` set VM_HUGEPAGE or VM_NOHUGEPAGE (splitting and merging
   * like any flag change); `dontneed` zaps the pages, `free` makes them lazily freeable;
   * `willneed` reads a file's pages into the page cache. Holes are skipped and reported as -ENOMEM at the end, as
   * madvise_walk_vmas() does.
   */
  // mm/madvise.c: do_madvise() → madvise_walk_vmas() → madvise_vma_behavior(), hugepage_madvise()
  madvise(start: number, lenIn: number, advice: 'dontneed' | 'willneed' | 'free' | 'hugepage' | 'nohugepage'): SysResult {
    if (offsetInPage(start)) return fail('EINVAL')
    const len = pageAlign(lenIn)
    if (lenIn && !len) return fail('EINVAL')
    const end = start + len
    if (end < start) return fail('EINVAL')
    if (end === start) return ok(0)
    let unmapped = false
    let vma = this.findVma(start)
    for (;;) {
      if (!vma) return fail('ENOMEM')
      if (start < vma.vm_start) {
        unmapped = true
        start = vma.vm_start
        if (start >= end) break
      }
      const tmp = Math.min(vma.vm_end, end)
      if (advice === 'dontneed' || advice === 'free') {
        // madvise_dontneed_free_valid_vma(): not on locked or PFN-mapped memory; MADV_FREE only on
        // private anonymous memory.
        if (vma.vm_flags & (VM_LOCKED | VM_PFNMAP_FLAG)) return fail('EINVAL')
        if (advice === 'free' && (vma.vm_file || vma.vm_flags & VM_SHARED)) return fail('EINVAL')
        // MADV_DONTNEED drops the pages now (the next touch faults a fresh zero-filled page);
        // MADV_FREE makes them clean and lazily freeable: reclaim may drop them unless they are
        // written again.
        if (advice === 'dontneed') {
          this.env.zap(this, start, tmp, false)
          this.env.flush(this, start, tmp, false)
        } else if (this.env.lazyfree(this, start, tmp)) this.env.flush(this, start, tmp, false)
      } else if (advice === 'willneed') {
        this.env.willneed(vma, start, tmp)
      } else if (advice === 'hugepage' || advice === 'nohugepage') {
        const newflags = advice === 'hugepage' ? (vma.vm_flags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE : (vma.vm_flags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE
        if (newflags !== vma.vm_flags) {
          const r = this.modifyFlags(vma, start, tmp, newflags)
          if (typeof r === 'string') return fail(r)
        }
      }
      start = tmp
      if (start >= end) break
      vma = this.findVma(start)
    }
    return unmapped ? fail('ENOMEM') : ok(0)
  }

  // ---- mremap (mm/mremap.c) -------------------------------------------------------------------

  /**
   * mremap(2): shrink in place; grow in place when the space after is free; otherwise move with
   * MREMAP_MAYMOVE (to `fixedAddr` with MREMAP_FIXED), or -ENOMEM.
   */
  // mm/mremap.c: SYSCALL_DEFINE5(mremap) → mremap_shrink/expand_in_place/move_vma()
  mremap(addr: number, oldLen: number, newLen: number, mayMove: boolean, fixedAddr: number | null): SysResult {
    if (fixedAddr !== null && !mayMove) return fail('EINVAL')
    if (offsetInPage(addr)) return fail('EINVAL')
    oldLen = pageAlign(oldLen)
    newLen = pageAlign(newLen)
    if (!newLen) return fail('EINVAL')
    if (addr + oldLen > TASK_SIZE || newLen > TASK_SIZE) return fail('EINVAL')
    if (fixedAddr !== null) {
      if (offsetInPage(fixedAddr) || fixedAddr + newLen > TASK_SIZE) return fail('EINVAL')
      // The ranges may not overlap.
      if (fixedAddr < addr + oldLen && addr < fixedAddr + newLen) return fail('EINVAL')
    }
    let vma = this.vmaLookup(addr)
    if (!vma) return fail('EFAULT')
    if (fixedAddr !== null && oldLen > newLen) {
      // mremap_to(): with MREMAP_FIXED what lies beyond new_len goes first (an munmap, across
      // VMAs and holes alike); only the rest must lie in one VMA.
      const r = this.munmapRange(addr + newLen, addr + oldLen)
      if (!r.ok) return r
      oldLen = newLen
      vma = this.vmaLookup(addr)!
    }
    if (fixedAddr === null && oldLen >= newLen) {
      if (oldLen > newLen) {
        const r = this.munmapRange(addr + newLen, addr + oldLen)
        if (!r.ok) return r
      }
      return ok(addr)
    }
    // vma_to_resize(): the old range must lie in one VMA, which must allow growing.
    if (oldLen > vma.vm_end - addr) return fail('EFAULT')
    if (newLen > oldLen && vma.vm_flags & (VM_DONTEXPAND | VM_PFNMAP_FLAG)) return fail('EFAULT')
    const delta = (newLen - oldLen) / PAGE_SIZE
    if (fixedAddr === null && oldLen === vma.vm_end - addr) {
      // vma_expandable(): nothing in the way (and no stack guard gap).
      const next = this.findVma(vma.vm_end)
      const newEnd = addr + newLen
      if ((!next || newEnd <= this.startGap(next)) && newEnd <= TASK_SIZE) {
        if (vma.vm_flags & VM_ACCOUNT && !this.env.enoughMemory(this, delta)) return fail('ENOMEM')
        this.expand(vma, vma.vm_start, newEnd)
        this.mark(vma, 'changed')
        this.vmStatAccount(vma.vm_flags, delta)
        if (vma.vm_flags & VM_LOCKED) this.locked_vm += delta
        this.updateHiwaterVm()
        // A locked mapping's new part is faulted in (mremap() → mm_populate()).
        if (vma.vm_flags & VM_LOCKED) this.env.populate(this, addr + oldLen, newEnd)
        return ok(addr)
      }
    }
    if (!mayMove) return fail('ENOMEM')
    // move_vma(): a new range (MREMAP_FIXED unmaps what is there first), the old one unmapped.
    const pgoff = vma.vm_pgoff + (addr - vma.vm_start) / PAGE_SIZE
    let to: number | Errno
    if (fixedAddr !== null) {
      const r = this.munmapRange(fixedAddr, fixedAddr + newLen)
      if (!r.ok) return r
      to = fixedAddr
    } else {
      to = this.getUnmappedArea(vma.vm_file, 0, newLen, pgoff, vma.vm_flags & VM_MAYSHARE ? MAP_SHARED : 0)
    }
    if (typeof to !== 'number') return fail(to)
    if (this.map_count >= this.env.maxMapCount() - 3) return fail('ENOMEM')
    const flags = vma.vm_flags
    const file = vma.vm_file
    const anon = vma.anon_vma
    // copy_vma(): anonymous memory never faulted (no anon_vma) takes the new address as pgoff.
    const newPgoff = !file && !anon ? to / PAGE_SIZE : pgoff
    if (flags & VM_ACCOUNT && delta > 0 && !this.env.enoughMemory(this, delta)) return fail('ENOMEM')
    // copy_vma(): merged into a neighbour at the destination when the rules allow.
    let moved = this.mergeNewRange(to, to + newLen, flags, file, newPgoff, anon)
    if (!moved) {
      moved = { ...vma, vm_start: to, vm_end: to + newLen, vm_pgoff: newPgoff, anon_vma: anon, ptr: this.env.allocVma(), anon_vma_chain: undefined }
      this.env.anonVmaClone(moved, vma)
      this.link(moved)
    }
    this.vmStatAccount(flags, newLen / PAGE_SIZE)
    if (flags & VM_LOCKED) this.locked_vm += newLen / PAGE_SIZE
    this.env.movePages(this, addr, to, oldLen)
    this.env.flush(this, addr, addr + oldLen, false)
    // The old range goes; its commitment moved with the pages (move_vma() clears VM_ACCOUNT on
    // it before the unmap), so what the unmap gives back is charged again.
    const r = this.munmapRange(addr, addr + oldLen)
    if (!r.ok) return r
    if (flags & VM_ACCOUNT) this.env.unacct(-oldLen / PAGE_SIZE)
    this.updateHiwaterVm()
    if (flags & VM_LOCKED && newLen > oldLen) this.env.populate(this, to + oldLen, to + newLen)
    return ok(to)
  }

  // ---- brk (mm/mmap.c) ----------------------------------------------------------------------

  /** brk(2): returns the break after the call (the old one when the call failed). */
  // mm/mmap.c: SYSCALL_DEFINE1(brk) → do_brk_flags()
  sysBrk(brk: number): number {
    const origbrk = this.brk
    if (brk < this.start_brk) return origbrk
    const newbrk = pageAlign(brk)
    const oldbrk = pageAlign(this.brk)
    if (oldbrk === newbrk) {
      this.brk = brk
      return this.brk
    }
    if (brk <= this.brk) {
      // Always allow shrinking brk.
      this.brk = brk
      this.munmapRange(newbrk, oldbrk)
      return this.brk
    }
    const next = this.findVma(oldbrk)
    if (next && newbrk + PAGE_SIZE > this.startGap(next)) return origbrk
    const brkvma = this.brk > this.start_brk ? this.vmaBefore(oldbrk) : null
    if (!this.doBrkFlags(brkvma && brkvma.vm_end === oldbrk ? brkvma : null, oldbrk, newbrk - oldbrk, 0)) return origbrk
    this.brk = brk
    return this.brk
  }

  /** Anonymous memory after the break (or the bss of an ELF segment): grow the VMA before or make one. */
  // mm/vma.c: do_brk_flags()
  doBrkFlags(vma: Vma | null, addr: number, len: number, flags: number): boolean {
    const pages = len / PAGE_SIZE
    flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | this.def_flags
    if (this.map_count > this.env.maxMapCount()) return false
    if (!this.env.enoughMemory(this, pages)) return false
    if (vma && vma.vm_end === addr && !vma.special && ((vma.vm_flags ^ flags) & ~VM_SOFTDIRTY) === 0 && !vma.vm_file) {
      this.expand(vma, vma.vm_start, addr + len)
    } else {
      vma = this.newVma(addr, addr + len, flags, addr / PAGE_SIZE, null)
      this.link(vma)
    }
    this.total_vm += pages
    this.data_vm += pages
    if (flags & VM_LOCKED) this.locked_vm += pages
    vma.vm_flags |= VM_SOFTDIRTY
    this.updateHiwaterVm()
    return true
  }
}

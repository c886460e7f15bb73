// Processes: task_struct with its mm_struct, made by `spawn` (a fork of the lab's shell and an
// execve of a built-in image) the way Linux 6.18 builds a new address space:
//   fs/exec.c: bprm_execve() → alloc_bprm() → bprm_mm_init() (mm_alloc(), the first stack page at
//     STACK_TOP_MAX), copy_string_kernel()/copy_strings() (filename, envp, argv onto it);
//   fs/binfmt_elf.c: load_elf_binary() → setup_new_exec() (arch_pick_mmap_layout()),
//     setup_arg_pages() (stack moved to stack_top and grown by 128 KiB), elf_load() of each
//     PT_LOAD at ELF_ET_DYN_BASE, load_elf_interp() (the loader, top-down below mmap_base),
//     arch_setup_additional_pages() (vdso and vvar), the brk at the end of the bss;
// then the program's own start-up (its loader and libc) replays as system calls (images.ts).
// Objects come from the slab caches: task_struct, mm_struct, vm_area_struct; the PGD is a
// page-table page of the buddy allocator with the kernel half copied from init_mm.

import { GFP_KERNEL, __GFP_ZERO } from '../page_alloc/gfp'
import { FrameUse } from '@shared/model/frames'
import { PGTY_table } from '../page_alloc/page_flags'
import type { Machine } from '../machine'
import { X86_FEATURE_PTI } from '../x86/pgtable'
import { CAT, CAT_STARTUP, FILES, LD_SO, SPAWN_ARGV, SPAWN_ENVP, type ElfImage, type PtLoad } from './images'
import { MmStruct, PAGE_SIZE, TASK_SIZE, pageAlign, type Errno, type MmEnv, type Vma, type VmFile } from './mm'
import { mtree_destroy, mtree_dup, mtree_erase } from '../maple/maple_tree'
import { Paging, isShmem } from './memory'
import { Cpus, type CpuState } from './cpus'
import {
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_PRIVATE,
  MAP_SHARED,
  protFromLetters,
  VM_ACCESS_FLAGS,
  VM_ACCOUNT,
  VM_DONTCOPY,
  VM_DONTDUMP,
  VM_LOCKED,
  VM_LOCKED_MASK,
  VM_DONTEXPAND,
  VM_EXEC,
  VM_IO,
  VM_MAYEXEC,
  VM_MAYREAD,
  VM_MAYWRITE,
  VM_PFNMAP,
  VM_READ,
  VM_SOFTDIRTY,
  VM_STACK_FLAGS
} from './vm_flags'

/** ELF_ET_DYN_BASE on x86-64: two thirds of the 47-bit window, page-aligned down by the loader. */
export const ELF_ET_DYN_BASE = Math.floor(TASK_SIZE / 3) * 2
/** RLIMIT_STACK's default soft limit (_STK_LIM): 8 MiB. */
export const STK_LIM = 8 * 1024 * 1024
/** mmap_rnd_bits on x86-64 (CONFIG_ARCH_MMAP_RND_BITS = 28). */
export const MMAP_RND_BITS = 28
/** STACK_RND_MASK on x86-64: 22 bits of pages (16 GiB). */
export const STACK_RND_MASK = 0x3fffff
/** The vDSO image of 6.18: [vvar] 4 pages, [vvar_vclock] 2 pages, then the 2 text pages. */
const VVAR_PAGES = 4
const VVAR_VCLOCK_PAGES = 2
const VDSO_TEXT_PAGES = 2

export interface Task {
  pid: number
  /** The VML handle that names it (`p1`). */
  handle: string | null
  ppid: number
  comm: string
  state: 'R' | 'S'
  kthread: boolean
  mm: MmStruct | null
  active_mm: MmStruct | null
  /** The task_struct slab object. */
  ptr: bigint
  segv: 'kill' | 'catch'
  /** Minor and major faults (/proc/PID/stat min_flt, maj_flt). */
  min_flt: number
  maj_flt: number
  /** Process group and session (a spawned process leads its own, as a shell's job does; children inherit them). */
  pgid: number
  sid: number
  /** task->flags: PF_FORKNOEXEC until an exec, PF_RANDOMIZE with ASLR, PF_KTHREAD… */
  flags: number
  /** task_cpu(): the CPU it last ran on (where a new task starts: its parent's). */
  cpu: number
}

/**
 * The auxiliary vector's entries on x86-64 6.18, AT_NULL included: AT_SYSINFO_EHDR,
 * AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM, AT_BASE, AT_FLAGS,
 * AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_RANDOM, AT_HWCAP2, AT_EXECFN,
 * AT_PLATFORM, AT_RSEQ_FEATURE_SIZE, AT_RSEQ_ALIGN, AT_NULL.
 */
const AUXV_ENTRIES = 23

/** task->flags bits (include/linux/sched.h). */
export const PF_FORKNOEXEC = 0x00000040
export const PF_NOFREEZE = 0x00008000
export const PF_KTHREAD = 0x00200000
export const PF_RANDOMIZE = 0x00400000

export class Processes {
  readonly tasks = new Map<number, Task>()
  private nextPid = 1
  /** The process the per-process panes show. */
  current: number | null = null
  /** Bumped by every change to the task list or any mm, for the views. */
  generation = 0

  /** Handles (and pids) of the processes that exited, to answer a command to one with ESRCH. */
  readonly exited = new Map<string, number>()

  /** The CPU the current system call runs on (the target process's), for the TLB flushes it makes. */
  syscallCpu: CpuState | null = null
  /** Page tables and faults of every process. */
  readonly paging: Paging
  /** The CPUs, their TLBs and what they run. */
  readonly cpus: Cpus

  constructor(private readonly m: Machine) {
    this.paging = new Paging(m)
    this.cpus = new Cpus(m)
  }

  byHandle(handle: string): Task | null {
    for (const t of this.tasks.values()) if (t.handle === handle) return t
    return null
  }

  /** A target as VML writes it: a handle (`p1`) or a pid. */
  resolve(target: string): Task | null {
    if (/^\d+$/.test(target)) return this.tasks.get(Number(target)) ?? null
    return this.byHandle(target)
  }

  /** The address-space environment of this machine: slab objects, overcommit, vm.max_map_count. */
  readonly env: MmEnv = {
    allocVma: () => this.slabAlloc('vm_area_struct'),
    freeVma: (vma) => {
      this.unlinkAnonVma(vma)
      this.slabFree('vm_area_struct', vma.ptr)
      // The shmem file of a shared anonymous mapping lives as long as some VMA maps it.
      if (vma.vm_file && isShmem(vma.vm_file) && !this.fileMapped(vma.vm_file, vma)) this.paging.releaseShmem(vma.vm_file)
    },
    anonVmaClone: (dst, src) => this.anonVmaClone(dst, src),
    enoughMemory: (mm, pages) => this.vmEnoughMemory(mm, pages),
    unacct: (pages) => {
      this.m.vmstat.committedAs -= pages
    },
    maxMapCount: () => this.m.sysctl.max_map_count,
    zap: (mm, start, end, locked) => this.paging.zapRange(mm, start, end, locked),
    lazyfree: (mm, start, end) => this.paging.lazyfreeRange(mm, start, end),
    willneed: (vma, start, end) => this.paging.willneed(vma, start, end),
    freePgtables: (mm, start, end) => this.paging.freePgtables(mm, start, end),
    flush: (mm, start, end, freedTables) => void this.cpus.flushRange(mm, start, end, freedTables, this.syscallCpu),
    changeProtection: (mm, start, end, flags) => this.paging.changeProtection(mm, start, end, flags),
    movePages: (mm, from, to, len) => this.paging.movePages(mm, from, to, len),
    populate: (mm, start, end) => this.paging.populate(mm, start, end),
    mlockRange: (mm, start, end, lock) => this.paging.mlockRange(mm, start, end, lock),
    splitHugeAt: (mm, addr) => this.paging.splitHugeEdges(mm, addr, addr),
    allocNode: () => this.slabAlloc('maple_node'),
    freeNode: (ptr) => this.slabFree('maple_node', ptr),
    // get_next_ino() numbers shmem's inodes; the shm mount is device 00:01.
    shmemFile: (len) => ({ path: '/dev/zero (deleted)', inode: this.nextIno++, dev: '00:01', size: len, writable: true })
  }
  private nextIno = 1
  /**
   * The files `file PATH SIZE` made, on the same disk as the built-in image (device fe:00), with
   * inode numbers after the image's highest.
   */
  readonly files = new Map<string, VmFile>()
  private nextDiskIno = Math.max(...Object.values(FILES).map((f) => f.inode)) + 1

  /** A file by path: one the lab made, or one of the built-in image. */
  file(path: string): VmFile | null {
    return this.files.get(path) ?? FILES[path] ?? null
  }

  /** `file PATH SIZE [mode=]`: create (or resize) a regular file; its pages come into the page cache when read. */
  createFile(path: string, size: number, writable: boolean): VmFile {
    const old = this.files.get(path)
    if (old) {
      old.size = size
      old.writable = writable
      return old
    }
    const f: VmFile = { path, inode: this.nextDiskIno++, dev: 'fe:00', size, writable }
    this.files.set(path, f)
    return f
  }
  /**
   * Each anon_vma: how many anon_vma_chain links point at it (its interval tree), how many VMAs
   * have it as their own (num_active_vmas), how many anon_vmas have it as parent, itself included
   * for a root (num_children), and its parent.
   */
  readonly anonVmas = new Map<bigint, { links: number; activeVmas: number; children: number; parent: bigint }>()

  /** Whether any VMA but `except` maps the file. */
  private fileMapped(file: VmFile, except: Vma): boolean {
    for (const t of this.tasks.values()) {
      if (!t.mm) continue
      for (const v of t.mm.vmas()) if (v !== except && v.vm_file === file) return true
    }
    return false
  }

  /** A new anon_vma_chain object linking `vma` to `anonVma`, at the head of its chain. */
  // mm/rmap.c: anon_vma_chain_link()
  private linkAnonVma(vma: Vma, anonVma: bigint): void {
    this.anonVmas.get(anonVma)!.links++
    ;(vma.anon_vma_chain ??= []).unshift({ anonVma, ptr: this.slabAlloc('anon_vma_chain') })
  }

  /** anon_vma_alloc(): a new anon_vma, a root until anon_vma_fork() gives it a parent. */
  private newAnonVma(parent: bigint | null): bigint {
    const ptr = this.slabAlloc('anon_vma')
    this.anonVmas.set(ptr, { links: 0, activeVmas: 0, children: 0, parent: parent ?? ptr })
    return ptr
  }

  /**
   * The anon_vma for a VMA's first anonymous page: an adjacent VMA's, when the two differ only
   * in access rights and pgoff follows on and the neighbour never came from a fork (so that
   * mprotect can merge them back later), otherwise a new one; the VMA links to it.
   */
  // mm/rmap.c: __anon_vma_prepare() → find_mergeable_anon_vma() → reusable_anon_vma()
  anonVmaPrepare(mm: MmStruct, vma: Vma): void {
    if (vma.anon_vma) return
    const compatible = (a: Vma, b: Vma) =>
      a.vm_end === b.vm_start && a.vm_file === b.vm_file && !((a.vm_flags ^ b.vm_flags) & ~(VM_ACCESS_FLAGS | VM_SOFTDIRTY)) &&
      b.vm_pgoff === a.vm_pgoff + (b.vm_start - a.vm_start) / PAGE_SIZE
    const reusable = (old: Vma, a: Vma, b: Vma) => (compatible(a, b) && old.anon_vma && old.anon_vma_chain?.length === 1 ? old.anon_vma : null)
    const next = mm.vmaLookup(vma.vm_end)
    const prev = mm.vmaBefore(vma.vm_start)
    let anonVma = (next && reusable(next, vma, next)) || (prev && reusable(prev, prev, vma)) || null
    if (!anonVma) {
      anonVma = this.newAnonVma(null)
      this.anonVmas.get(anonVma)!.children++ // self-parent link for a new root
    }
    vma.anon_vma = anonVma
    this.linkAnonVma(vma, anonVma)
    this.anonVmas.get(anonVma)!.activeVmas++
  }

  /**
   * `dst` (a copy of `src`) links every anon_vma of src's chain, oldest first; a VMA without an
   * anon_vma of its own (a fork's copy) takes one no VMA uses any more and that has at most one
   * child, rather than making a new one.
   */
  // mm/rmap.c: anon_vma_clone()
  private anonVmaClone(dst: Vma, src: Vma): void {
    dst.anon_vma_chain = undefined
    const chain = src.anon_vma_chain ?? []
    for (let i = chain.length - 1; i >= 0; i--) {
      const anonVma = chain[i]!.anonVma
      this.linkAnonVma(dst, anonVma)
      const st = this.anonVmas.get(anonVma)!
      if (!dst.anon_vma && src.anon_vma && st.children < 2 && st.activeVmas === 0) dst.anon_vma = anonVma
    }
    if (dst.anon_vma) this.anonVmas.get(dst.anon_vma)!.activeVmas++
  }

  /**
   * fork's copy of a VMA with anonymous pages links all its parent's anon_vmas, and gets an
   * anon_vma of its own whose parent is the parent VMA's (unless it reused one).
   */
  // mm/rmap.c: anon_vma_fork()
  private anonVmaFork(vma: Vma, pvma: Vma): void {
    if (!pvma.anon_vma) return
    vma.anon_vma = null
    this.anonVmaClone(vma, pvma)
    if (vma.anon_vma) return
    const anonVma = this.newAnonVma(pvma.anon_vma)
    this.anonVmas.get(anonVma)!.activeVmas++
    this.anonVmas.get(pvma.anon_vma)!.children++
    vma.anon_vma = anonVma
    this.linkAnonVma(vma, anonVma)
  }

  /**
   * The VMA's links go; an anon_vma no link points at any more is freed (its parent has a
   * child fewer).
   */
  // mm/rmap.c: unlink_anon_vmas() → put_anon_vma()
  private unlinkAnonVma(vma: Vma): void {
    const chain = vma.anon_vma_chain ?? []
    if (vma.anon_vma) this.anonVmas.get(vma.anon_vma)!.activeVmas--
    for (const l of chain) {
      const st = this.anonVmas.get(l.anonVma)!
      this.slabFree('anon_vma_chain', l.ptr)
      if (--st.links > 0) continue
      this.anonVmas.get(st.parent)!.children--
    }
    for (const l of chain) {
      const st = this.anonVmas.get(l.anonVma)
      if (!st || st.links > 0) continue
      this.anonVmas.delete(l.anonVma)
      this.slabFree('anon_vma', l.anonVma)
    }
    vma.anon_vma_chain = undefined
  }

  private slabAlloc(cache: string): bigint {
    const c = this.m.slub.byName.get(cache)
    if (!c) throw new Error(`BUG: no ${cache} cache`)
    const r = this.m.slub.alloc(c, GFP_KERNEL, 0)
    if ('failure' in r) throw new Error(`BUG: ${cache}: ${r.failure}`)
    return r.ptr
  }

  private slabFree(cache: string, ptr: bigint): void {
    const bug = this.m.slub.free(this.m.slub.byName.get(cache) ?? null, ptr, 0)
    if (bug) throw new Error(`BUG: ${bug}`)
  }

  /**
   * Whether `pages` more may be committed: always (mode 1), unless one request exceeds RAM and
   * swap (mode 0, the heuristic), or below CommitLimit less a reserve for the process (mode 2).
   * The lab's processes run as root: no admin reserve is kept from them.
   */
  // mm/util.c: __vm_enough_memory(), vm_commit_limit()
  vmEnoughMemory(mm: MmStruct, pages: number): boolean {
    const v = this.m.vmstat
    const s = this.m.sysctl
    v.committedAs += pages
    if (s.overcommit_memory === 1) return true
    if (s.overcommit_memory === 0) {
      if (pages > this.m.totalramPages() + this.m.totalSwapPages) {
        v.committedAs -= pages
        return false
      }
      return true
    }
    let allowed = this.commitLimit()
    allowed -= Math.min(Math.floor(mm.total_vm / 32), s.user_reserve_kbytes / 4)
    if (v.committedAs < allowed) return true
    v.committedAs -= pages
    return false
  }

  /** vm_commit_limit(): meminfo CommitLimit in pages. */
  commitLimit(): number {
    const s = this.m.sysctl
    const hugetlb = this.m.hugetlb.nr_hugepages * 512
    const allowed = s.overcommit_kbytes ? s.overcommit_kbytes / 4 : Math.floor(((this.m.totalramPages() - hugetlb) * s.overcommit_ratio) / 100)
    return allowed + this.m.totalSwapPages
  }

  /** mm_alloc(): an mm_struct from its cache, with its PGD. */
  // kernel/fork.c: mm_alloc() → mm_init() → mm_alloc_pgd() → arch/x86/mm/pgtable.c: pgd_alloc()
  private mmAlloc(): MmStruct {
    const mm = new MmStruct(this.slabAlloc('mm_struct'), this.env)
    mm.pgd = this.pgdAlloc()
    this.cpus.newContext(mm)
    return mm
  }

  /**
   * A PGD: one page, two under PTI (the kernel's and the user's copy, PGD_ALLOCATION_ORDER 1),
   * counted in PageTables; the kernel half (entries 256–511) copied from init_mm.
   */
  // arch/x86/mm/pgtable.c: pgd_alloc() → _pgd_alloc(), pgd_ctor() → clone_pgd_range()
  private pgdAlloc(): number {
    const order = X86_FEATURE_PTI ? 1 : 0
    const r = this.m.pageAlloc.allocPages(GFP_KERNEL | __GFP_ZERO, order, 0)
    if ('failure' in r) throw new Error(`BUG: no memory for a PGD: ${r.failure}`)
    const pt = this.m.pgtables
    for (let i = 0; i < 1 << order; i++) {
      this.m.memmap.use[r.pfn + i] = FrameUse.PGTABLE
      this.m.memmap.page_type[r.pfn + i] = PGTY_table
    }
    const pgd = new BigUint64Array(512)
    for (let i = 256; i < 512; i++) pgd[i] = pt.pgd[i]!
    pt.tables.set(r.pfn, pgd)
    if (X86_FEATURE_PTI) pt.tables.set(r.pfn + 1, new BigUint64Array(512))
    this.m.vmstat.modNode('NR_PAGETABLE', 1 << order)
    return r.pfn
  }

  /** `spawn`: a new process running `image` (fork of the shell + execve), ready at its first command. */
  spawn(handle: string | null, imagePath: string, segv: 'kill' | 'catch'): Task | Errno {
    const image = imagePath === CAT.file.path ? CAT : null
    if (!image) return 'EACCES'
    const mm = this.mmAlloc()
    const task: Task = {
      pid: this.nextPid++,
      handle,
      ppid: 0,
      comm: image.file.path.slice(image.file.path.lastIndexOf('/') + 1),
      state: 'S',
      kthread: false,
      mm,
      active_mm: mm,
      ptr: this.slabAlloc('task_struct'),
      segv,
      min_flt: 0,
      maj_flt: 0,
      pgid: 0,
      sid: 0,
      // begin_new_exec(): PF_FORKNOEXEC goes; setup_new_exec() → PF_RANDOMIZE with ASLR.
      flags: this.m.config.aslr ? PF_RANDOMIZE : 0,
      cpu: 0
    }
    task.pgid = task.sid = task.pid
    this.tasks.set(task.pid, task)
    const r = this.exec(mm, image)
    if (r) return r
    mm.beginChanges()
    for (const v of mm.vmas()) mm.changes.set(v, 'new')
    this.current = task.pid
    this.generation++
    return task
  }

  /**
   * A task made by fork/clone (copy_process()): its parent's process group, session and flags
   * with PF_FORKNOEXEC, on its parent's CPU; a kernel thread (kthreadd's child) has none of them.
   */
  // kernel/fork.c: copy_process(), copy_process() → p->flags |= PF_FORKNOEXEC
  private newTask(handle: string | null, comm: string, ppid: number, mm: MmStruct | null): Task {
    const parent = this.tasks.get(ppid)
    const task: Task = {
      pid: this.nextPid++,
      handle,
      ppid,
      comm,
      state: 'S',
      kthread: mm === null,
      mm,
      active_mm: mm,
      ptr: this.slabAlloc('task_struct'),
      segv: 'kill',
      min_flt: 0,
      maj_flt: 0,
      pgid: mm && parent ? parent.pgid : 0,
      sid: mm && parent ? parent.sid : 0,
      flags: mm ? (parent?.flags ?? 0) | PF_FORKNOEXEC : PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC,
      cpu: mm && parent ? parent.cpu : 0
    }
    this.tasks.set(task.pid, task)
    this.generation++
    return task
  }

  /**
   * fork(2): a child with a copy of the parent's address space. The maple tree is duplicated
   * node for node (__mt_dup()), each VMA copied (vm_area_dup()) but for VM_DONTCOPY ones; the
   * child's VMAs are not locked; private writable memory is charged again for the child.
   * (Copy-on-write of the pages comes with paging.)
   */
  // kernel/fork.c: copy_process() → copy_mm() → dup_mm() → dup_mmap()
  fork(parent: Task, handle: string): Task | Errno {
    const old = parent.mm!
    let charge = 0
    for (const v of old.vmas()) if (v.vm_flags & VM_ACCOUNT && !(v.vm_flags & VM_DONTCOPY)) charge += (v.vm_end - v.vm_start) / PAGE_SIZE
    if (!this.vmEnoughMemory(old, charge)) return 'ENOMEM'
    const mm = this.mmAlloc()
    // dup_mm() copies the mm_struct; mm_init() resets what is not inherited.
    for (const k of ['total_vm', 'data_vm', 'exec_vm', 'stack_vm', 'hiwater_vm', 'hiwater_rss', 'def_flags', 'mmap_base', 'task_size',
      'start_code', 'end_code', 'start_data', 'end_data', 'start_brk', 'brk', 'start_stack', 'arg_start', 'arg_end', 'env_start', 'env_end'] as const) {
      mm[k] = old[k]
    }
    mm.exe_file = old.exe_file
    mm.binfmt = old.binfmt
    // anon_vma_fork(): each child VMA with anonymous pages gets an anon_vma of its own.
    mtree_dup(old.mm_mt, mm.mm_mt, (v) => {
      const c: Vma = { ...v, vm_flags: v.vm_flags & ~VM_LOCKED_MASK, ptr: this.env.allocVma(), anon_vma: null, anon_vma_chain: undefined }
      this.anonVmaFork(c, v)
      return c
    })
    for (const v of mm.vmas()) {
      if (v.vm_flags & VM_DONTCOPY) {
        mtree_erase(mm.mm_mt, BigInt(v.vm_start))
        mm.vmStatAccount(v.vm_flags, -(v.vm_end - v.vm_start) / PAGE_SIZE)
        this.env.freeVma(v)
        continue
      }
      mm.map_count++
      mm.changes.set(v, 'new')
      // copy_page_range(): the child maps the parent's pages, copy-on-write.
      if (v.anon_vma) this.paging.copyRange(old, mm, v)
    }
    mm.syncNodes()
    // dup_mmap() ends with flush_tlb_mm(oldmm): the parent's pages are read-only now.
    this.cpus.flushRange(old, 0, TASK_SIZE, false, this.cpus.cpus[this.cpus.cpuOf(parent)] ?? null)
    const child = this.newTask(handle, parent.comm, parent.pid, mm)
    child.segv = parent.segv
    this.current = child.pid
    return child
  }

  /** clone(CLONE_VM): a thread sharing its parent's mm (mm_users + 1). */
  // kernel/fork.c: copy_mm() with CLONE_VM: mmget(oldmm)
  cloneVm(parent: Task, handle: string): Task {
    const mm = parent.mm!
    mm.mm_users++
    const t = this.newTask(handle, parent.comm, parent.pid, mm)
    t.segv = parent.segv
    return t
  }

  /** A kernel thread: no mm of its own; it borrows one (active_mm) when it runs. */
  // kernel/kthread.c: kthread_create() → kernel_thread()
  kthread(handle: string): Task {
    return this.newTask(handle, handle.slice(0, 15), 2, null)
  }

  /** exit(2): the task goes; its mm goes with the last user (exit_mmap), the mm_struct with the last reference. */
  // kernel/exit.c: do_exit() → exit_mm() → mmput() → __mmput() → exit_mmap(); mmdrop()
  exit(task: Task): void {
    const mm = task.mm
    // The task exits on the CPU it runs on (exit_mmap()'s flushes are that CPU's).
    const at = this.cpus.cpuOf(task)
    if (at >= 0) this.syscallCpu = this.cpus.cpus[at]!
    const last = mm !== null && mm.mm_users === 1
    this.cpus.taskGone(task, last ? mm : null)
    if (mm) this.mmput(mm)
    this.slabFree('task_struct', task.ptr)
    this.tasks.delete(task.pid)
    if (task.handle) this.exited.set(task.handle, task.pid)
    this.exited.set(String(task.pid), task.pid)
    if (this.current === task.pid) this.current = this.tasks.size ? [...this.tasks.keys()][this.tasks.size - 1]! : null
    this.generation++
  }

  /** execve(2) on a running task: a new mm is built; the old one is dropped. */
  // fs/exec.c: begin_new_exec() → exec_mmap()
  execImage(task: Task, imagePath: string): Errno | null {
    const image = imagePath === CAT.file.path ? CAT : null
    if (!image) return 'ENOENT'
    const mm = this.mmAlloc()
    const r = this.exec(mm, image)
    if (r) {
      this.mmput(mm)
      return r
    }
    const old = task.mm
    task.mm = task.active_mm = mm
    task.kthread = false
    task.flags = (task.flags & ~PF_FORKNOEXEC & ~PF_RANDOMIZE) | (this.m.config.aslr ? PF_RANDOMIZE : 0)
    task.comm = image.file.path.slice(image.file.path.lastIndexOf('/') + 1)
    // exec_mmap() → activate_mm(): the CPU running the task switches to the new mm at once.
    const at = this.cpus.cpuOf(task)
    if (at >= 0) {
      this.cpus.cpus[at]!.current = null
      this.cpus.run(at, task)
    }
    if (old) {
      if (old.mm_users === 1) this.cpus.mmGone(old)
      this.mmput(old)
    }
    mm.beginChanges()
    for (const v of mm.vmas()) mm.changes.set(v, 'new')
    this.current = task.pid
    this.generation++
    return null
  }

  // kernel/fork.c: mmput(), __mmput(); mm/mmap.c: exit_mmap(); arch/x86/mm/pgtable.c: pgd_free()
  private mmput(mm: MmStruct): void {
    if (--mm.mm_users > 0) return
    // exit_mmap(): unmap_vmas() then free_pgtables() over everything.
    const vmas = mm.vmas()
    for (const v of vmas) this.paging.zapRange(mm, v.vm_start, v.vm_end, (v.vm_flags & VM_LOCKED) !== 0)
    this.paging.freeAll(mm)
    mtree_destroy(mm.mm_mt)
    mm.syncNodes()
    for (const v of vmas) {
      if (v.vm_flags & VM_ACCOUNT) this.env.unacct((v.vm_end - v.vm_start) / PAGE_SIZE)
      this.env.freeVma(v)
    }
    mm.map_count = 0
    const order = X86_FEATURE_PTI ? 1 : 0
    for (let i = 0; i < 1 << order; i++) {
      this.m.memmap.page_type[mm.pgd + i] = 0
      this.m.memmap.use[mm.pgd + i] = FrameUse.ALLOCATED
      this.m.pgtables.tables.delete(mm.pgd + i)
    }
    this.m.vmstat.modNode('NR_PAGETABLE', -(1 << order))
    this.m.pageAlloc.freePages(mm.pgd, order, 0)
    // mmdrop(): the last reference frees the mm_struct.
    if (--mm.mm_count === 0) this.slabFree('mm_struct', mm.ptr)
  }

  /** The randomization the kernel would draw (arch_mmap_rnd() and friends); 0 without ASLR. */
  private rnd(bits: number): number {
    if (!this.m.config.aslr) return 0
    // Two draws make up to 30 random bits (below() takes a 32-bit ceiling).
    const hi = this.m.prng.below(1 << Math.max(bits - 15, 0))
    const lo = this.m.prng.below(1 << Math.min(bits, 15))
    return hi * (1 << Math.min(bits, 15)) + lo
  }

  /**
   * mmap_base for the top-down layout: below the stack's maximum size (rlimit, plus the stack's
   * random offset, plus the guard gap), clamped to [128 MiB, 5/6 of the address space], less the
   * mmap randomization.
   */
  // arch/x86/mm/mmap.c: arch_pick_mmap_layout() → mmap_base(), stack_maxrandom_size(), arch_rnd()
  private mmapBase(): number {
    const padding = (this.m.config.aslr ? STACK_RND_MASK * PAGE_SIZE : 0) + 256 * PAGE_SIZE
    let gap = STK_LIM + padding
    const gapMin = 128 * 1024 * 1024
    const gapMax = Math.floor(TASK_SIZE / 6) * 5
    gap = Math.min(Math.max(gap, gapMin), gapMax)
    return pageAlign(TASK_SIZE - gap - this.rnd(MMAP_RND_BITS) * PAGE_SIZE)
  }

  /** What execve builds, then the program's own start-up. Returns an errno if something failed. */
  // fs/binfmt_elf.c: load_elf_binary()
  private exec(mm: MmStruct, image: ElfImage): Errno | null {
    mm.mmap_base = this.mmapBase()
    // __bprm_mm_init() puts one stack page at STACK_TOP_MAX and copies the strings onto it;
    // setup_arg_pages() moves it down to the stack top (a random offset below with ASLR) and
    // grows it by 128 KiB. The page is made at its final place here: the same VMA and counts.
    const stackTop = pageAlign(TASK_SIZE - this.rnd(22) * PAGE_SIZE)
    const stack: Vma = {
      vm_start: stackTop - PAGE_SIZE,
      vm_end: stackTop,
      vm_flags: VM_SOFTDIRTY | VM_STACK_FLAGS,
      vm_pgoff: (stackTop - PAGE_SIZE) / PAGE_SIZE,
      vm_file: null,
      anon_vma: null,
      special: null,
      ptr: this.env.allocVma()
    }
    if (!this.vmEnoughMemory(mm, 1)) return 'ENOMEM'
    mm.link(stack)
    mm.stack_vm = mm.total_vm = 1
    let p = stackTop - 8
    p -= image.file.path.length + 1 // bprm->filename (AT_EXECFN)
    const strings = (list: string[]) => list.reduce((n, s) => n + s.length + 1, 0)
    p -= strings(SPAWN_ENVP)
    p -= strings(SPAWN_ARGV)
    const stackExpand = Math.min(STK_LIM, PAGE_SIZE + 128 * 1024)
    const grow = stackExpand / PAGE_SIZE - 1
    // expand_stack_locked() → expand_downwards() → acct_stack_growth()
    if (!this.vmEnoughMemory(mm, grow)) return 'ENOMEM'
    mm.expandDownwards(stack, stackTop - stackExpand)
    mm.vmStatAccount(stack.vm_flags, grow)
    mm.arg_start = p
    mm.arg_end = p + strings(SPAWN_ARGV)
    mm.env_start = mm.arg_end
    mm.env_end = mm.env_start + strings(SPAWN_ENVP)

    // The executable's PT_LOAD segments at ELF_ET_DYN_BASE (+ randomization).
    const loadBias = Math.floor((ELF_ET_DYN_BASE + this.rnd(MMAP_RND_BITS) * PAGE_SIZE) / PAGE_SIZE) * PAGE_SIZE
    const exe = this.loadSegments(mm, image, loadBias, true)
    if (typeof exe === 'string') return exe
    const interp = this.loadSegments(mm, LD_SO, 0, false)
    if (typeof interp === 'string') return interp
    mm.exe_file = image.file
    mm.binfmt = 'elf'
    let startCode = Infinity
    let endCode = 0
    let startData = 0
    let endData = 0
    let elfBrk = 0
    for (const s of image.loads) {
      if (s.flags.includes('x')) {
        startCode = Math.min(startCode, s.vaddr)
        endCode = Math.max(endCode, s.vaddr + s.filesz)
      }
      startData = Math.max(startData, s.vaddr)
      endData = Math.max(endData, s.vaddr + s.filesz)
      elfBrk = Math.max(elfBrk, s.vaddr + s.memsz)
    }
    mm.start_code = startCode + exe
    mm.end_code = endCode + exe
    mm.start_data = startData + exe
    mm.end_data = endData + exe
    this.mapVdso(mm)
    mm.start_stack = this.createElfTables(mm.arg_start, SPAWN_ARGV.length, SPAWN_ENVP.length)
    mm.start_brk = mm.brk = pageAlign(elfBrk + exe)
    // arch_randomize_brk(): up to 32 MiB further with ASLR.
    if (this.m.config.aslr) mm.start_brk = mm.brk = mm.brk + this.m.prng.below(8192) * PAGE_SIZE

    // The program's own start-up: its loader and libc.
    const results: number[] = []
    for (const c of CAT_STARTUP) {
      let r = 0
      if (c.call === 'brk') r = mm.sysBrk(mm.brk + c.delta)
      else if (c.call === 'mmap') {
        const flags =
          (c.flags.includes('shared') ? MAP_SHARED : MAP_PRIVATE) | (c.flags.includes('fixed') ? MAP_FIXED : 0) | (c.file ? 0 : MAP_ANONYMOUS)
        const addr = c.at ? results[c.at[0]]! + c.at[1] : 0
        const res = mm.doMmap(c.file ? FILES[c.file]! : null, addr, c.len, protFromLetters(c.prot), flags, (c.offset ?? 0) / PAGE_SIZE, this.m.sysctl.overcommit_memory === 2)
        if (!res.ok) return res.errno
        r = res.value
      } else if (c.call === 'mprotect') {
        const base = c.at[0] === 'exe' ? exe : c.at[0] === 'interp' ? interp : results[c.at[0]]!
        const res = mm.mprotect(base + c.at[1], c.len, protFromLetters(c.prot))
        if (!res.ok) return res.errno
      } else {
        const res = mm.munmap(results[c.at[0]]! + c.at[1], c.len)
        if (!res.ok) return res.errno
      }
      results.push(r)
    }
    return null
  }

  /**
   * The initial stack below the argument and environment strings: 16-byte aligned (8 KiB lower at
   * random with ASLR), the platform string "x86_64", 16 random bytes (AT_RANDOM), the auxiliary
   * vector (22 entries and AT_NULL on 6.18 x86-64, as LD_SHOW_AUXV lists them), the envp and argv
   * pointers and argc. Returns where argc lies: mm->start_stack, the program's first stack
   * pointer. (Checked on the reference: `env -i setarch -R cat /proc/self/stat` gives
   * arg_start 0x7fffffffefce, start_stack 0x7fffffffee10.)
   */
  // fs/binfmt_elf.c: create_elf_tables(); arch/x86/kernel/process.c: arch_align_stack()
  private createElfTables(argStart: number, argc: number, envc: number): number {
    let p = argStart
    if (this.m.config.aslr) p -= this.m.prng.below(8192)
    p -= p % 16
    p -= 'x86_64'.length + 1 // u_platform
    p -= 16 // u_rand_bytes
    p -= AUXV_ENTRIES * 2 * 8 // STACK_ADD(p, ei_index)
    const items = argc + 1 + (envc + 1) + 1
    const sp = p - items * 8 // STACK_ROUND()
    return sp - (sp % 16)
  }

  /**
   * Map an ELF image's PT_LOAD segments; returns the load bias. The first segment reserves the
   * whole span (total_mapping_size()) and gives back what it does not use; the others go at fixed
   * addresses; a bss beyond the file's last page is anonymous memory (vm_brk_flags()).
   */
  // fs/binfmt_elf.c: elf_load() → elf_map(), load_elf_interp()
  private loadSegments(mm: MmStruct, image: ElfImage, bias: number, fixedFirst: boolean): number | Errno {
    const loads = image.loads
    const first = loads[0]!
    const last = loads[loads.length - 1]!
    const totalSize = pageAlign(last.vaddr + last.memsz - (first.vaddr & ~(PAGE_SIZE - 1)))
    let loadBias = bias
    for (let i = 0; i < loads.length; i++) {
      const s: PtLoad = loads[i]!
      const pageOffset = s.vaddr % PAGE_SIZE
      const size = pageAlign(s.filesz + pageOffset)
      const off = s.offset - pageOffset
      const flags = MAP_PRIVATE | (i === 0 ? (fixedFirst ? MAP_FIXED_NOREPLACE : 0) : MAP_FIXED)
      const addr = i === 0 && !fixedFirst ? 0 : loadBias + s.vaddr - pageOffset
      const never = this.m.sysctl.overcommit_memory === 2
      let mapAddr: number
      if (i === 0) {
        const r = mm.doMmap(image.file, addr, totalSize, protFromLetters(s.flags), flags, off / PAGE_SIZE, never)
        if (!r.ok) return r.errno
        mapAddr = r.value
        if (totalSize > size) mm.munmap(mapAddr + size, totalSize - size)
        loadBias = mapAddr - (s.vaddr - pageOffset)
      } else {
        const r = mm.doMmap(image.file, addr, size, protFromLetters(s.flags), flags, off / PAGE_SIZE, never)
        if (!r.ok) return r.errno
        mapAddr = r.value
      }
      if (s.memsz > s.filesz) {
        const zeroStart = pageAlign(mapAddr + pageOffset + s.filesz)
        const zeroEnd = pageAlign(mapAddr + pageOffset + s.memsz)
        if (zeroEnd > zeroStart) mm.doBrkFlags(null, zeroStart, zeroEnd - zeroStart, s.flags.includes('x') ? VM_EXEC : 0)
      }
    }
    return loadBias
  }

  /** The vDSO: [vvar], [vvar_vclock] and [vdso], top-down like any mapping. */
  // arch/x86/entry/vdso/vma.c: map_vdso() → _install_special_mapping(), vdso_install_vvar_mapping()
  private mapVdso(mm: MmStruct): void {
    const size = (VVAR_PAGES + VVAR_VCLOCK_PAGES + VDSO_TEXT_PAGES) * PAGE_SIZE
    const addr = mm.getUnmappedArea(null, 0, size, 0, 0)
    if (typeof addr !== 'number') throw new Error('BUG: no room for the vDSO')
    const special = (start: number, pages: number, flags: number, name: Vma['special']): void => {
      const vma: Vma = {
        vm_start: start,
        vm_end: start + pages * PAGE_SIZE,
        vm_flags: flags | mm.def_flags | VM_DONTEXPAND | VM_SOFTDIRTY,
        vm_pgoff: 0,
        vm_file: null,
        anon_vma: null,
        special: name,
        ptr: this.env.allocVma()
      }
      mm.link(vma)
      mm.vmStatAccount(vma.vm_flags, pages)
    }
    const vvarFlags = VM_READ | VM_MAYREAD | VM_IO | VM_DONTDUMP | VM_PFNMAP
    special(addr + (VVAR_PAGES + VVAR_VCLOCK_PAGES) * PAGE_SIZE, VDSO_TEXT_PAGES, VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC, '[vdso]')
    special(addr, VVAR_PAGES, vvarFlags, '[vvar]')
    special(addr + VVAR_PAGES * PAGE_SIZE, VVAR_VCLOCK_PAGES, vvarFlags, '[vvar_vclock]')
  }
}


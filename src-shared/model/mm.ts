// What the Processes and VMA panes draw: processes (task_struct with its mm_struct) and one
// process's address space (its VMAs, the maple tree that holds them, the mm's counters).
// Addresses travel as lowercase hex strings: a 64-bit address does not fit a JSON number.

/** A leaf slot of a maple tree: the range [index, last] and what it holds (null for a gap). */
export interface MapleEntryView {
  kind: 'entry'
  index: string
  last: string
  /** The entry as the caller describes it (for the mm: the VMA's "start-end"); null for an empty range. */
  entry: string | null
}

export interface MapleNodeView {
  kind: 'node'
  /** The node's serial number in its tree (the kernel prints its address). */
  id: number
  type: 'maple_leaf_64' | 'maple_range_64' | 'maple_arange_64'
  /** The node's implied range. */
  min: string
  max: string
  /** The last slot in use. */
  end: number
  /** The pivots in use: pivot i bounds slot i; the last slot's bound may be implied (max). */
  pivots: string[]
  /** Slots 0..end: entries in a leaf, child nodes above. */
  slots: (MapleEntryView | MapleNodeView)[]
  /** maple_arange_64: the largest gap below each child, and which one is the largest. */
  gaps?: string[]
  maxGapSlot?: number
  /** This node's slot in its parent (0 for the root). */
  parentSlot: number
}

export interface MapleTreeView {
  flags: number
  height: number
  allocRange: boolean
  rcu: boolean
  /** maple_node objects the tree holds. */
  nodes: number
  /** Empty tree: null. A single entry at index 0 lives in the root pointer. */
  root: MapleEntryView | MapleNodeView | null
}

/** One task (a process or a kernel thread) as the Processes pane lists it. */
export interface ProcessRow {
  pid: number
  /** The VML handle that names it (`p1`), if any. */
  handle: string | null
  ppid: number
  comm: string
  /** /proc/PID/status State letter: R, S, Z… */
  state: string
  kthread: boolean
  /** The mm_struct's address (a slab object), null for a kernel thread. */
  mm: string | null
  /** active_mm: the mm whose page tables the task runs on (a kernel thread borrows one). */
  activeMm: string | null
  mmUsers: number
  mmCount: number
  /** /proc/PID/status VmSize and VmRSS, kB. */
  vmSizeKb: number
  vmRssKb: number
  mapCount: number
  /** task_cpu(): the CPU the task runs on, or last ran on (/proc/PID/stat processor). */
  cpu: number
  /** Minor and major page faults (/proc/PID/stat minflt, majflt). */
  minFlt: number
  majFlt: number
}

export interface ProcessesView {
  /** The process the other panes show (the target of the last process command, or the one picked). */
  current: number | null
  processes: ProcessRow[]
}

/** How the last command changed a VMA. */
export type VmaChange = 'new' | 'split' | 'merged' | 'changed' | 'removed'

export interface VmaRow {
  start: string
  end: string
  /** The perms column of /proc/PID/maps: `rw-p`. */
  perms: string
  /** vm_flags as hex, and its bits by name (VM_READ, VM_MAYWRITE, VM_ACCOUNT…). */
  flags: string
  flagNames: string[]
  /** vm_pgoff (in pages) as hex. */
  pgoff: string
  /** The path column of maps: a file path, `[heap]`, `[stack]`, `[vdso]`…, or "". */
  name: string
  file: { path: string; inode: number; dev: string } | null
  /** The anon_vma's address, null until the first anonymous fault (or for a file mapping). */
  anonVma: string | null
  /** What the last command did to it, if anything. */
  change: VmaChange | null
}

/** The mm_struct fields the seed shows, as numbers (counts) or hex strings (addresses). */
export interface MmFields {
  /** The mm_struct's address (a slab object of mm_struct). */
  addr: string
  mm_users: number
  mm_count: number
  map_count: number
  /** Pages. */
  total_vm: number
  locked_vm: number
  pinned_vm: number
  data_vm: number
  exec_vm: number
  stack_vm: number
  hiwater_vm: number
  hiwater_rss: number
  mmap_base: string
  task_size: string
  start_code: string
  end_code: string
  start_data: string
  end_data: string
  start_brk: string
  brk: string
  start_stack: string
  arg_start: string
  arg_end: string
  env_start: string
  env_end: string
  /** The PGD's frame (what CR3 holds while the process runs). */
  pgd: number
  /** The executable's path (exe_file) and its loader (binfmt). */
  exe_file: string | null
  binfmt: string | null
}

export interface VmaView {
  pid: number
  comm: string
  mm: MmFields
  vmas: VmaRow[]
  /** VMAs the last command removed (munmap, merges): their former ranges. */
  removed: { start: string; end: string }[]
  tree: MapleTreeView
}

/** One present entry of a page table. */
export interface PtEntryView {
  index: number
  /** The entry as 16 hex digits. */
  entry: string
  /** Its x86 bits by name (P, RW, US, PWT, PCD, A, D, PS, G, SPECIAL, NX; PROTNONE when P is clear). */
  flags: string[]
  /** The frame it points to: a lower table, or the page. */
  pfn: number
  /** The first virtual address the entry covers. */
  va: string
}

export interface PtTableView {
  level: 'PGD' | 'PUD' | 'PMD' | 'PTE'
  /** The table's frame. */
  pfn: number
  /** The first virtual address the table covers. */
  base: string
  /** The present entries (a PGD lists only the user half, 0–255). */
  entries: PtEntryView[]
}

/** One mapped user page, as /proc/PID/pagemap would describe it. */
export interface PagemapRow {
  va: string
  pfn: number
  /** What the frame is: anon, file, shmem, zero (the shared zero page), kernel (the vDSO). */
  kind: 'anon' | 'file' | 'shmem' | 'zero' | 'kernel'
  present: boolean
  swapped: boolean
  /** PageAnonExclusive: only this mapping holds the anonymous page (no copy-on-write pending). */
  exclusive: boolean
  softDirty: boolean
  writable: boolean
  dirty: boolean
  accessed: boolean
  /** How many mappings the page has (page_mapcount()). */
  mapcount: number
  /** Mapped by a PMD: the row stands for a 2 MiB page (a THP, or the huge zero page), 512 pages of pagemap. */
  huge?: boolean
}

export interface PageTableView {
  pid: number
  /** The PGD's frame; under PTI user mode runs on the next frame (userPgd). */
  pgd: number
  userPgd: number | null
  /** The tables of the user half, parents before children. */
  tables: PtTableView[]
  /** Tables per level (the PGD included). */
  counts: { pgd: number; pud: number; pmd: number; pte: number }
  /** mm_pgtables_bytes() (status VmPTE, in bytes). */
  pgtablesBytes: number
  pages: PagemapRow[]
}

/** One valid TLB entry. */
export interface TlbEntryView {
  set: number
  way: number
  /** The virtual address of the page (4 KiB, or 2 MiB when huge). */
  va: string
  pcid: number
  huge: boolean
  pfn: number
  writable: boolean
  nx: boolean
  dirty: boolean
}

export interface TlbArrayView {
  sets: number
  ways: number
  entries: TlbEntryView[]
}

/** A CPU's TLB counters (arch/x86/mm/tlb.c counts the flushes and IPIs; hits and walks are the hardware's). */
export interface TlbCounters {
  l1Hits: number
  stlbHits: number
  misses: number
  /** Page walks (one per miss; a walk that faults is retried after the fault). */
  walks: number
  /** Whole-TLB or whole-ASID flushes, and single-page invalidations (invlpg / invpcid). */
  fullFlushes: number
  pageFlushes: number
  ipisSent: number
  ipisReceived: number
  contextSwitches: number
}

export interface CpuView {
  id: number
  /** The task running, or null for the idle task (swapper/N). */
  current: { pid: number; comm: string; handle: string | null; kthread: boolean } | null
  /** cpu_tlbstate.loaded_mm: whose page tables CR3 holds (a process's handle or pid), null for init_mm. */
  loadedMm: string | null
  /** The PGD frame CR3 points at (init_mm's when loadedMm is null). */
  cr3Pfn: number
  asid: number
  /** Lazy TLB: a kernel thread runs on the previous mm's tables. */
  lazy: boolean
  /** The ASID slots (TLB_NR_DYN_ASIDS) and the mm each holds (by its context id), with PCID. */
  asids: { slot: number; ctxId: number; tlbGen: number; owner: string | null }[]
  counters: TlbCounters
  l1: TlbArrayView
  l1Huge: TlbArrayView
  stlb: TlbArrayView
}

export interface TlbView {
  pcid: boolean
  pti: boolean
  cpus: CpuView[]
}

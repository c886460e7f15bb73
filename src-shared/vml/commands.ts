// The VML commands this version simulates, with their argument shapes. One table serves the
// parser (argument counts and kinds are checked here, so a wrong count is a syntax error as the
// spec requires), Tab completion in the console and the VML reference pane.
// A command of the spec that is not simulated yet is refused with a message saying so.

export type ResultKind = 'address' | 'pointer' | 'pid' | 'pfn' | 'count' | 'status' | 'none'

export type ArgKind =
  /** A number, size or address expression (`64K`, `$buf+16K`). */
  | 'expr'
  /** A procfs path (`/proc/meminfo`, `/proc/p1/status`). */
  | 'path'
  /** A word from `choices`, or any identifier when there are none. */
  | 'word'
  /** A comparison operator of `expect`. */
  | 'op'
  /** A kernel object's name: letters, digits and `_ . - :` (`kmalloc-128`, `task_struct`). */
  | 'name'
  /** `+EXPR`, `-EXPR` (a change) or `EXPR` (a value): brk's argument. */
  | 'delta'
  /** A process: its handle (`p1`) or its pid. */
  | 'task'
  /** A sysctl key, with `=VALUE` to set it (`vm.overcommit_memory=2`). */
  | 'setting'
  /** A file of the host, absolute or relative to the working directory. */
  | 'file'

export interface ArgSpec {
  name: string
  kind: ArgKind
  optional?: boolean
  choices?: readonly string[]
}

export type OptionKind = 'size' | 'int' | 'onoff' | 'choice' | 'text' | 'expr'

export interface OptionSpec {
  kind: OptionKind
  choices?: readonly string[]
}

export interface CommandSpec {
  name: string
  /** One-line usage as the spec writes it. */
  usage: string
  /** What it does, in English; the renderer translates by command name. */
  summary: string
  /** The Linux counterpart, for the reference pane. */
  linux: string
  scope: 'global' | 'process'
  args: readonly ArgSpec[]
  flags?: readonly string[]
  options?: Readonly<Record<string, OptionSpec>>
  result: ResultKind
}

export const COMPARISON_OPS = ['==', '!=', '<', '<=', '>', '>='] as const
export type ComparisonOp = (typeof COMPARISON_OPS)[number]

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'machine',
    usage: 'machine [ram=SIZE] [cpus=N] [swap=SIZE] [aslr=on|off] [seed=N] [thp=always|madvise|never] [overcommit=0|1|2] [pcid=on|off]',
    summary: 'Reset the simulated machine with these settings (the others keep their defaults) and boot it.',
    linux: 'power-on: e820, memblock, zones, memblock_free_all',
    scope: 'global',
    args: [],
    options: {
      ram: { kind: 'size' },
      cpus: { kind: 'int' },
      swap: { kind: 'size' },
      aslr: { kind: 'onoff' },
      pcid: { kind: 'onoff' },
      seed: { kind: 'int' },
      thp: { kind: 'choice', choices: ['always', 'madvise', 'never'] },
      overcommit: { kind: 'choice', choices: ['0', '1', '2'] }
    },
    result: 'none'
  },
  {
    name: 'cat',
    usage: 'cat PATH',
    summary: 'Print a procfs file exactly as Linux 6.x prints it.',
    linux: 'read(2) of /proc',
    scope: 'global',
    args: [{ name: 'PATH', kind: 'path' }],
    result: 'none'
  },
  {
    name: 'expect',
    usage: 'expect PATH FIELD OP VALUE [kB]  |  expect $VAR OP VALUE',
    summary: 'Check a field of a procfs file or a variable; a failed check is reported and the script goes on.',
    linux: '(grading)',
    scope: 'global',
    // The shape depends on the first token: see bindExpect().
    args: [],
    result: 'none'
  },
  {
    name: 'alloc_pages',
    usage: 'alloc_pages ORDER [zone=dma|dma32|normal] [gfp=kernel|atomic|highuser_movable|…] [cpu=N]',
    summary:
      'Allocate 2^ORDER contiguous page frames from the buddy allocator (orders 0–3 and 9 through the per-CPU lists) and print the first pfn. gfp= takes GFP flags joined by | (GFP_KERNEL|__GFP_ZERO|__GFP_COMP); zone= is the highest zone allowed.',
    linux: 'alloc_pages(gfp, order) → __alloc_pages() → get_page_from_freelist()',
    scope: 'global',
    args: [{ name: 'ORDER', kind: 'expr' }],
    options: {
      zone: { kind: 'choice', choices: ['dma', 'dma32', 'normal'] },
      gfp: { kind: 'text' },
      cpu: { kind: 'int' }
    },
    result: 'pfn'
  },
  {
    name: 'free_pages',
    usage: 'free_pages PFN ORDER [cpu=N]',
    summary: 'Free a block that alloc_pages returned; a wrong pfn or order is refused with the bad page state Linux would report.',
    linux: '__free_pages(page, order) → free_frozen_pages() → __free_one_page()',
    scope: 'global',
    args: [
      { name: 'PFN', kind: 'expr' },
      { name: 'ORDER', kind: 'expr' }
    ],
    options: { cpu: { kind: 'int' } },
    result: 'none'
  },
  {
    name: 'kmalloc',
    usage: 'kmalloc SIZE [gfp=kernel|atomic|dma|…] [cpu=N]',
    summary:
      'Allocate SIZE bytes from the kmalloc caches (kmalloc-8 … kmalloc-8k; note: SLUB serves up to 8 KiB, two pages, from caches — larger sizes come straight from the page allocator as a compound page) and print the pointer in the direct map. kmalloc 0 returns ZERO_SIZE_PTR (0x10).',
    linux: 'kmalloc() → __do_kmalloc_node() → kmalloc_slab() / __kmalloc_large_node()',
    scope: 'global',
    args: [{ name: 'SIZE', kind: 'expr' }],
    options: { gfp: { kind: 'text' }, cpu: { kind: 'int' } },
    result: 'pointer'
  },
  {
    name: 'kfree',
    usage: 'kfree PTR [cpu=N]',
    summary: 'Free what kmalloc returned; NULL and ZERO_SIZE_PTR are no-ops. A double free or a pointer no allocator handed out is reported as SLUB debugging reports it, and nothing changes.',
    linux: 'kfree() → slab_free() / free_large_kmalloc()',
    scope: 'global',
    args: [{ name: 'PTR', kind: 'expr' }],
    options: { cpu: { kind: 'int' } },
    result: 'none'
  },
  {
    name: 'kmem_cache_create',
    usage: 'kmem_cache_create NAME SIZE [align=N]',
    summary: 'Create a slab cache of SIZE-byte objects; prints its layout (size with padding, objects per slab, slab order) as SLUB computes it.',
    linux: 'kmem_cache_create() → calculate_sizes(), calculate_order()',
    scope: 'global',
    args: [
      { name: 'NAME', kind: 'name' },
      { name: 'SIZE', kind: 'expr' }
    ],
    options: { align: { kind: 'int' } },
    result: 'pointer'
  },
  {
    name: 'kmem_cache_alloc',
    usage: 'kmem_cache_alloc NAME [cpu=N]',
    summary: 'Allocate one object from a slab cache (a kernel one such as task_struct, or one made with kmem_cache_create).',
    linux: 'kmem_cache_alloc() → slab_alloc_node()',
    scope: 'global',
    args: [{ name: 'NAME', kind: 'name' }],
    options: { cpu: { kind: 'int' } },
    result: 'pointer'
  },
  {
    name: 'kmem_cache_free',
    usage: 'kmem_cache_free NAME PTR [cpu=N]',
    summary: 'Free an object back to its cache.',
    linux: 'kmem_cache_free() → slab_free()',
    scope: 'global',
    args: [
      { name: 'NAME', kind: 'name' },
      { name: 'PTR', kind: 'expr' }
    ],
    options: { cpu: { kind: 'int' } },
    result: 'none'
  },
  {
    name: 'vmalloc',
    usage: 'vmalloc SIZE [cpu=N]',
    summary: 'Allocate SIZE bytes of virtually contiguous kernel memory: the lowest free range of the vmalloc area that fits, a guard page after it, one order-0 page per page (scattered), mapped into the kernel page tables.',
    linux: 'vmalloc() → __vmalloc_node_range() → alloc_vmap_area(), __vmalloc_area_node()',
    scope: 'global',
    args: [{ name: 'SIZE', kind: 'expr' }],
    options: { cpu: { kind: 'int' } },
    result: 'address'
  },
  {
    name: 'vfree',
    usage: 'vfree ADDR [cpu=N]',
    summary: 'Free a vmalloc area: its pages go back at once, its address range waits for a lazy purge ("unpurged vm_area" in /proc/vmallocinfo).',
    linux: 'vfree() → remove_vm_area() → free_vmap_area_noflush()',
    scope: 'global',
    args: [{ name: 'ADDR', kind: 'expr' }],
    options: { cpu: { kind: 'int' } },
    result: 'none'
  },
  {
    name: 'spawn',
    usage: 'spawn NAME [image=PATH] [segv=kill|catch]',
    summary: 'Start a process running a built-in program (/usr/bin/cat): the address space execve builds (the ELF segments at 0x555555554000 without ASLR, the loader, [vvar], [vdso], [stack]) and what its loader and libc map before main (libc, locale files, the first brk that makes [heap]). NAME becomes its handle.',
    linux: 'fork() of the shell, then execve() → load_elf_binary()',
    scope: 'global',
    args: [{ name: 'NAME', kind: 'word' }],
    options: { image: { kind: 'text' }, segv: { kind: 'choice', choices: ['kill', 'catch'] } },
    result: 'pid'
  },
  {
    name: 'fork',
    usage: 'fork PARENT CHILD',
    summary: 'fork(2): CHILD gets a copy of PARENT\'s address space (the maple tree duplicated node for node, every VMA copied but VM_DONTCOPY ones, locks not inherited, private writable memory charged again).',
    linux: 'fork() → copy_mm() → dup_mm() → dup_mmap()',
    scope: 'global',
    args: [
      { name: 'PARENT', kind: 'task' },
      { name: 'CHILD', kind: 'word' }
    ],
    result: 'pid'
  },
  {
    name: 'clone',
    usage: 'clone PARENT CHILD vm',
    summary: 'clone(CLONE_VM): a thread sharing PARENT\'s mm (mm_users + 1).',
    linux: 'clone(CLONE_VM) → copy_mm(): mmget()',
    scope: 'global',
    args: [
      { name: 'PARENT', kind: 'task' },
      { name: 'CHILD', kind: 'word' },
      { name: 'HOW', kind: 'word', choices: ['vm'] }
    ],
    result: 'pid'
  },
  {
    name: 'exec',
    usage: 'exec NAME PATH',
    summary: 'execve(2): the process gets a new address space built from the image (/usr/bin/cat); the old one is dropped.',
    linux: 'execve() → begin_new_exec() → exec_mmap(), load_elf_binary()',
    scope: 'global',
    args: [
      { name: 'NAME', kind: 'task' },
      { name: 'PATH', kind: 'path' }
    ],
    result: 'pid'
  },
  {
    name: 'exit',
    usage: 'exit NAME',
    summary: 'The process exits: its mm loses a user; the last user unmaps everything (exit_mmap) and frees the page tables; the last reference frees the mm_struct.',
    linux: 'do_exit() → exit_mm() → mmput() → exit_mmap()',
    scope: 'global',
    args: [{ name: 'NAME', kind: 'task' }],
    result: 'status'
  },
  {
    name: 'kthread',
    usage: 'kthread NAME',
    summary: 'A kernel thread: no mm of its own (mm = NULL); it borrows the previous task\'s mm (active_mm) when it runs.',
    linux: 'kthread_create() → kernel_thread()',
    scope: 'global',
    args: [{ name: 'NAME', kind: 'word' }],
    result: 'pid'
  },
  {
    name: 'run',
    usage: 'run NAME [cpu=N]',
    summary: 'A context switch: NAME runs on CPU N (0 by default; NAME idle for the idle task). A user process loads its PGD into CR3 — the TLB is flushed, unless PCID kept its entries (machine pcid=on) — and a kernel thread borrows the previous mm (lazy TLB).',
    linux: 'schedule() → context_switch() → switch_mm_irqs_off()',
    scope: 'global',
    args: [{ name: 'NAME', kind: 'task' }],
    options: { cpu: { kind: 'int' } },
    result: 'none'
  },
  {
    name: 'trace',
    usage: 'trace FILE [maps=FILE]',
    summary: "Replay a real memory-access trace (valgrind --tool=lackey --trace-mem=yes output, plain or zstd) through the process: every fetch, load, store and modify goes through its CPU's TLB, a page walk on a miss, and the page-fault path. The VMAs come from a captured /proc/PID/maps (maps=FILE) or, without one, an anonymous VMA over each 1 MiB the trace touches.",
    linux: 'the MMU and handle_mm_fault(), access by access',
    scope: 'process',
    args: [{ name: 'FILE', kind: 'file' }],
    options: { maps: { kind: 'text' } },
    result: 'count'
  },
  {
    name: 'file',
    usage: 'file PATH SIZE [mode=rw|r]',
    summary: 'Create a regular file of SIZE bytes on the disk (or resize one the lab made): mmap file=PATH maps it, its pages come into the page cache when first read (a major fault reading around), and writes through a shared mapping dirty them. mode=r makes it read-only: a shared writable mapping is refused with EACCES.',
    linux: 'open(O_CREAT) + ftruncate(); the page cache (mm/filemap.c)',
    scope: 'global',
    args: [
      { name: 'PATH', kind: 'path' },
      { name: 'SIZE', kind: 'expr' }
    ],
    options: { mode: { kind: 'choice', choices: ['rw', 'r'] } },
    result: 'count'
  },
  {
    name: 'mmap',
    usage: 'mmap LEN [PROT] [FLAGS…] [addr=EXPR] [file=PATH offset=N]',
    summary: 'Map LEN bytes (PROT none|r|w|x|rw|rx|rwx; FLAGS private|shared, anon, fixed, fixed_noreplace, populate, noreserve, growsdown, stack, locked): placed top-down below mmap_base, merged with a neighbour when Linux would, accounted in Committed_AS when private and writable.',
    linux: 'mmap(2) → do_mmap() → get_unmapped_area(), mmap_region()',
    scope: 'process',
    args: [
      { name: 'LEN', kind: 'expr' },
      { name: 'PROT', kind: 'word', optional: true, choices: ['none', 'r', 'w', 'x', 'rw', 'rx', 'wx', 'rwx'] }
    ],
    flags: ['private', 'shared', 'anon', 'fixed', 'fixed_noreplace', 'populate', 'noreserve', 'growsdown', 'stack', 'locked'],
    options: { addr: { kind: 'expr' }, file: { kind: 'text' }, offset: { kind: 'size' } },
    result: 'address'
  },
  {
    name: 'munmap',
    usage: 'munmap ADDR LEN',
    summary: 'Unmap [ADDR, ADDR+LEN): VMAs at the edges are split, the ones inside removed.',
    linux: 'munmap(2) → do_vmi_munmap()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr' }
    ],
    result: 'status'
  },
  {
    name: 'mprotect',
    usage: 'mprotect ADDR LEN PROT',
    summary: 'Change the protection of [ADDR, ADDR+LEN): a VMA is split where the range cuts it, and merged back with a neighbour that now matches.',
    linux: 'mprotect(2) → do_mprotect_pkey() → mprotect_fixup()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr' },
      { name: 'PROT', kind: 'word', choices: ['none', 'r', 'w', 'x', 'rw', 'rx', 'wx', 'rwx'] }
    ],
    result: 'status'
  },
  {
    name: 'mremap',
    usage: 'mremap ADDR OLDLEN NEWLEN [maymove] [fixed=ADDR]',
    summary: 'Resize a mapping: shrink in place, grow in place when the space after it is free, or move it (maymove; fixed= picks the destination).',
    linux: 'mremap(2) → vma_expandable(), move_vma()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr' },
      { name: 'NEWLEN', kind: 'expr' }
    ],
    flags: ['maymove'],
    options: { fixed: { kind: 'expr' } },
    result: 'address'
  },
  {
    name: 'madvise',
    usage: 'madvise ADDR LEN dontneed|willneed|free|hugepage|nohugepage',
    summary: 'Advise the kernel about a range: hugepage/nohugepage set VM_HUGEPAGE/VM_NOHUGEPAGE (splitting the VMA where the range cuts it); dontneed drops the pages (RSS falls, the next read sees zeros); free makes private anonymous pages clean and lazily freeable (LazyFree in smaps, moved to the file LRU through the CPU\'s batch of 31); holes give ENOMEM after the rest is done.',
    linux: 'madvise(2) → madvise_walk_vmas() → madvise_vma_behavior()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr' },
      { name: 'ADVICE', kind: 'word', choices: ['dontneed', 'willneed', 'free', 'hugepage', 'nohugepage'] }
    ],
    result: 'status'
  },
  {
    name: 'mlock',
    usage: 'mlock ADDR LEN',
    summary: 'Lock a range in memory: VM_LOCKED on its VMAs (split where the range cuts them), counted in VmLck.',
    linux: 'mlock(2) → apply_vma_lock_flags() → mlock_fixup()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr' }
    ],
    result: 'status'
  },
  {
    name: 'munlock',
    usage: 'munlock ADDR LEN',
    summary: 'Unlock a range: VM_LOCKED cleared, VMAs merged back where they match again.',
    linux: 'munlock(2) → apply_vma_lock_flags()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr' }
    ],
    result: 'status'
  },
  {
    name: 'read',
    usage: 'read ADDR [LEN]',
    summary: 'Read every page of [ADDR, ADDR+LEN) (one byte when LEN is absent), as the CPU does: a page with no PTE faults in — private anonymous memory maps the shared zero page — and an access the VMA does not allow is SIGSEGV.',
    linux: 'a load: MMU walk → #PF → do_user_addr_fault() → handle_mm_fault()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr', optional: true }
    ],
    result: 'count'
  },
  {
    name: 'write',
    usage: 'write ADDR [LEN] [value=N]',
    summary: 'Write every page of [ADDR, ADDR+LEN): a first write takes a zeroed page (RSS + 1), a write to the zero page or to a copy-on-write page copies it, the MMU sets the Dirty bit.',
    linux: 'a store: #PF → do_anonymous_page() / do_wp_page()',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr', optional: true }
    ],
    options: { value: { kind: 'int' } },
    result: 'count'
  },
  {
    name: 'fetch',
    usage: 'fetch ADDR [LEN]',
    summary: 'Execute from every page of [ADDR, ADDR+LEN): SIGSEGV unless the VMA is executable (the PTE has no NX bit).',
    linux: 'an instruction fetch: #PF with X86_PF_INSTR',
    scope: 'process',
    args: [
      { name: 'ADDR', kind: 'expr' },
      { name: 'LEN', kind: 'expr', optional: true }
    ],
    result: 'count'
  },
  {
    name: 'translate',
    usage: 'translate ADDR',
    summary: 'Walk the page tables as the MMU does for this process: CR3, then PGD, PUD, PMD and PTE (index from bits 47–39, 38–30, 29–21, 20–12, the entry and its bits), down to the physical address or the page fault the access would raise. Kernel addresses walk the kernel half every PGD copies from init_mm.',
    linux: 'the x86-64 4-level walk (arch/x86/include/asm/pgtable_types.h)',
    scope: 'process',
    args: [{ name: 'ADDR', kind: 'expr' }],
    result: 'address'
  },
  {
    name: 'brk',
    usage: 'brk [+N|-N|ADDR]',
    summary: 'Move the program break: grow or shrink [heap]; without an argument, print the current break.',
    linux: 'brk(2) → do_brk_flags()',
    scope: 'process',
    args: [{ name: 'ARG', kind: 'delta', optional: true }],
    result: 'address'
  },
  {
    name: 'sysctl',
    usage: 'sysctl KEY[=VALUE]',
    summary: 'Read or set a vm tunable: vm.overcommit_memory, vm.overcommit_ratio, vm.overcommit_kbytes, vm.max_map_count, vm.min_free_kbytes, vm.watermark_scale_factor, vm.swappiness, vm.drop_caches.',
    linux: '/proc/sys/vm/* (kernel/sysctl.c, mm/util.c, mm/page_alloc.c)',
    scope: 'global',
    args: [{ name: 'SETTING', kind: 'setting' }],
    result: 'count'
  },
  {
    name: 'drain_pages',
    usage: 'drain_pages',
    summary: "Give every CPU's per-CPU page lists back to the buddy allocator, as drain_all_pages() does before compaction or memory offlining.",
    linux: 'drain_all_pages(NULL)',
    scope: 'global',
    args: [],
    result: 'none'
  },
  {
    name: 'help',
    usage: 'help [COMMAND]',
    summary: 'List the commands, or show how to use one.',
    linux: '(console)',
    scope: 'global',
    args: [{ name: 'COMMAND', kind: 'word', optional: true }],
    result: 'none'
  }
]

/** Commands of the spec that a later version of the engine will simulate. */
export const PLANNED_COMMANDS: readonly string[] = [
  'swapon', 'swapoff'
]

const byName = new Map(COMMANDS.map((c) => [c.name, c]))

export function findCommand(name: string): CommandSpec | undefined {
  return byName.get(name)
}

/** Command names starting with `prefix`, for Tab completion. */
export function completeCommand(prefix: string): string[] {
  return COMMANDS.map((c) => c.name).filter((n) => n.startsWith(prefix))
}

/** The closest command name by edit distance, for "did you mean". */
export function closestCommand(name: string): string | null {
  let best: string | null = null
  let bestDist = Infinity
  for (const c of COMMANDS) {
    const d = editDistance(name, c.name)
    if (d < bestDist) {
      bestDist = d
      best = c.name
    }
  }
  return bestDist <= Math.max(2, Math.floor(name.length / 3)) ? best : null
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

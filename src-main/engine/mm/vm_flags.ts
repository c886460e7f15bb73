// vm_flags of a VMA (include/linux/mm.h, 6.18) and the mmap(2) constants of x86-64
// (include/uapi/asm-generic/mman-common.h, include/uapi/linux/mman.h).

export const VM_NONE = 0
export const VM_READ = 0x1
export const VM_WRITE = 0x2
export const VM_EXEC = 0x4
/** The access rights (include/linux/mm.h VM_ACCESS_FLAGS). */
export const VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC
export const VM_SHARED = 0x8
export const VM_MAYREAD = 0x10
export const VM_MAYWRITE = 0x20
export const VM_MAYEXEC = 0x40
export const VM_MAYSHARE = 0x80
export const VM_GROWSDOWN = 0x100
export const VM_UFFD_MISSING = 0x200
export const VM_PFNMAP = 0x400
export const VM_UFFD_WP = 0x1000
export const VM_LOCKED = 0x2000
export const VM_IO = 0x4000
export const VM_SEQ_READ = 0x8000
export const VM_RAND_READ = 0x10000
export const VM_DONTCOPY = 0x20000
export const VM_DONTEXPAND = 0x40000
export const VM_LOCKONFAULT = 0x80000
export const VM_ACCOUNT = 0x100000
export const VM_NORESERVE = 0x200000
export const VM_HUGETLB = 0x400000
export const VM_SYNC = 0x800000
export const VM_PAT = 0x1000000
export const VM_WIPEONFORK = 0x2000000
export const VM_DONTDUMP = 0x4000000
/**
 * VM_SOFTDIRTY is 0x8000000 with CONFIG_MEM_SOFT_DIRTY and VM_NONE without: the reference kernel
 * is built without it (its smaps VmFlags never show "sd"), so no VMA carries the bit.
 */
export const VM_SOFTDIRTY = 0
export const VM_MIXEDMAP = 0x10000000
export const VM_HUGEPAGE = 0x20000000
export const VM_NOHUGEPAGE = 0x40000000
export const VM_MERGEABLE = 0x80000000

export const VM_STACK = VM_GROWSDOWN
/** VM_DATA_DEFAULT_FLAGS on x86-64 (no READ_IMPLIES_EXEC): what brk and the stack get. */
export const VM_DATA_DEFAULT_FLAGS = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC
export const VM_STACK_DEFAULT_FLAGS = VM_DATA_DEFAULT_FLAGS
export const VM_STACK_FLAGS = VM_STACK | VM_STACK_DEFAULT_FLAGS | VM_ACCOUNT
/** Mappings that are never merged (vma_merge_new_range() gives up on them). */
export const VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP
/** Flags that may differ between two VMAs that merge (VM_IGNORE_MERGE). */
export const VM_IGNORE_MERGE = VM_SOFTDIRTY
export const VM_LOCKED_MASK = VM_LOCKED | VM_LOCKONFAULT

/** The names of the bits, in bit order, for the panes. */
export const VM_FLAG_NAMES: readonly [number, string][] = [
  [VM_READ, 'VM_READ'],
  [VM_WRITE, 'VM_WRITE'],
  [VM_EXEC, 'VM_EXEC'],
  [VM_SHARED, 'VM_SHARED'],
  [VM_MAYREAD, 'VM_MAYREAD'],
  [VM_MAYWRITE, 'VM_MAYWRITE'],
  [VM_MAYEXEC, 'VM_MAYEXEC'],
  [VM_MAYSHARE, 'VM_MAYSHARE'],
  [VM_GROWSDOWN, 'VM_GROWSDOWN'],
  [VM_UFFD_MISSING, 'VM_UFFD_MISSING'],
  [VM_PFNMAP, 'VM_PFNMAP'],
  [VM_UFFD_WP, 'VM_UFFD_WP'],
  [VM_LOCKED, 'VM_LOCKED'],
  [VM_IO, 'VM_IO'],
  [VM_SEQ_READ, 'VM_SEQ_READ'],
  [VM_RAND_READ, 'VM_RAND_READ'],
  [VM_DONTCOPY, 'VM_DONTCOPY'],
  [VM_DONTEXPAND, 'VM_DONTEXPAND'],
  [VM_LOCKONFAULT, 'VM_LOCKONFAULT'],
  [VM_ACCOUNT, 'VM_ACCOUNT'],
  [VM_NORESERVE, 'VM_NORESERVE'],
  [VM_HUGETLB, 'VM_HUGETLB'],
  [VM_SYNC, 'VM_SYNC'],
  [VM_PAT, 'VM_PAT'],
  [VM_WIPEONFORK, 'VM_WIPEONFORK'],
  [VM_DONTDUMP, 'VM_DONTDUMP'],
  [VM_MIXEDMAP, 'VM_MIXEDMAP'],
  [VM_HUGEPAGE, 'VM_HUGEPAGE'],
  [VM_NOHUGEPAGE, 'VM_NOHUGEPAGE'],
  [VM_MERGEABLE, 'VM_MERGEABLE']
]

export function vmFlagNames(flags: number): string[] {
  return VM_FLAG_NAMES.filter(([bit]) => (flags & bit) >>> 0 !== 0).map(([, n]) => n)
}

export const PROT_NONE = 0
export const PROT_READ = 0x1
export const PROT_WRITE = 0x2
export const PROT_EXEC = 0x4

export const MAP_SHARED = 0x01
export const MAP_PRIVATE = 0x02
export const MAP_FIXED = 0x10
export const MAP_ANONYMOUS = 0x20
export const MAP_GROWSDOWN = 0x100
export const MAP_DENYWRITE = 0x800
export const MAP_LOCKED = 0x2000
export const MAP_NORESERVE = 0x4000
export const MAP_POPULATE = 0x8000
export const MAP_STACK = 0x20000
export const MAP_FIXED_NOREPLACE = 0x100000

/** PROT_* from VML's letters (`rw`, `rx`, `none`…). */
export function protFromLetters(text: string): number {
  if (text === 'none') return PROT_NONE
  return (text.includes('r') ? PROT_READ : 0) | (text.includes('w') ? PROT_WRITE : 0) | (text.includes('x') ? PROT_EXEC : 0)
}

/** calc_vm_prot_bits(): PROT_* → VM_READ/WRITE/EXEC. */
// include/linux/mman.h
export function calcVmProtBits(prot: number): number {
  return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0)
}

/** calc_vm_flag_bits(): MAP_GROWSDOWN → VM_GROWSDOWN, MAP_LOCKED → VM_LOCKED (x86-64, no MAP_SYNC here). */
// include/linux/mman.h
export function calcVmFlagBits(flags: number): number {
  return (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) | (flags & MAP_LOCKED ? VM_LOCKED : 0)
}

/** The perms column of /proc/PID/maps: rwx and p/s (VM_MAYSHARE). */
// fs/proc/task_mmu.c: show_vma_header_prefix()
export function permsOf(flags: number): string {
  return (
    (flags & VM_READ ? 'r' : '-') + (flags & VM_WRITE ? 'w' : '-') + (flags & VM_EXEC ? 'x' : '-') + (flags & VM_MAYSHARE ? 's' : 'p')
  )
}

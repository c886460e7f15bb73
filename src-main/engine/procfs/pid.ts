// /proc/PID/maps, /proc/PID/status and /proc/PID/statm as Linux 6.18 prints them
// (fs/proc/task_mmu.c: show_map_vma(), task_mem(), task_statm(); fs/proc/array.c:
// proc_pid_status()). RSS is zero until pages are faulted in (the paging issue).

import type { Machine } from '../machine'
import { PAGE_SIZE, pageAlign, type MmStruct, type Vma } from '../mm/mm'
import type { Task } from '../mm/process'
import { PMD_SIZE } from '../mm/mm'
import { VM_LOCKED, permsOf } from '../mm/vm_flags'
import { thpAllowed } from '../mm/memory'
import { FrameUse } from '@shared/model/frames'
import { PG_dirty, PG_referenced, PG_swapbacked } from '../page_alloc/page_flags'

const hex8 = (v: number) => v.toString(16).padStart(8, '0')

/** The name column of maps: the file, a special mapping's name, [heap], [stack], or nothing. */
// fs/proc/task_mmu.c: get_vma_name()
export function vmaName(mm: MmStruct, vma: Vma): string {
  if (vma.vm_file) return vma.vm_file.path
  if (vma.special) return vma.special
  if (vma.vm_start <= mm.brk && vma.vm_end >= mm.start_brk) return '[heap]'
  if (vma.vm_start <= mm.start_stack && vma.vm_end >= mm.start_stack) return '[stack]'
  return ''
}

/** One maps line: the header padded to 72 columns before a name (seq_setwidth(), seq_pad()). */
// fs/proc/task_mmu.c: show_vma_header_prefix(), show_map_vma()
function mapsLine(start: string, end: string, perms: string, pgoff: number, dev: string, ino: number, name: string): string {
  const head = `${start}-${end} ${perms} ${hex8(pgoff)} ${dev} ${ino} `
  if (!name) return head
  return head.padEnd(72) + ' ' + name
}

export function renderMaps(mm: MmStruct): string {
  const lines = mm.vmas().map((v) =>
    mapsLine(
      hex8(v.vm_start),
      hex8(v.vm_end),
      permsOf(v.vm_flags),
      v.vm_file ? v.vm_pgoff * PAGE_SIZE : 0,
      v.vm_file?.dev ?? '00:00',
      v.vm_file?.inode ?? 0,
      vmaName(mm, v)
    )
  )
  // The gate VMA, outside the tree: the vsyscall page (vsyscall=xonly: execute-only, emulated).
  lines.push(mapsLine('ffffffffff600000', 'ffffffffff601000', '--xp', 0, '00:00', 0, '[vsyscall]'))
  return lines.join('\n') + '\n'
}

/** The executable part of the address space split into the program's text and the libraries'. */
function textLib(mm: MmStruct): { text: number; lib: number } {
  const text = Math.min(pageAlign(mm.end_code) - (mm.start_code - (mm.start_code % PAGE_SIZE)), mm.exec_vm * PAGE_SIZE)
  return { text, lib: mm.exec_vm * PAGE_SIZE - text }
}

/** The RSS counters (MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS). */
function rss(mm: MmStruct): { anon: number; file: number; shmem: number; swap: number } {
  return mm.rss
}

// fs/proc/task_mmu.c: task_mem()
function taskMem(mm: MmStruct): string {
  const r = rss(mm)
  const total = mm.total_vm
  const hiwaterVm = Math.max(total, mm.hiwater_vm)
  const totalRss = r.anon + r.file + r.shmem
  const hiwaterRss = Math.max(totalRss, mm.hiwater_rss)
  const { text, lib } = textLib(mm)
  const kb = (pages: number) => String(pages * 4).padStart(8)
  const bytesKb = (bytes: number) => String(bytes >> 10).padStart(8)
  return (
    `VmPeak:\t${kb(hiwaterVm)} kB\nVmSize:\t${kb(total)} kB\nVmLck:\t${kb(mm.locked_vm)} kB\nVmPin:\t${kb(mm.pinned_vm)} kB\n` +
    `VmHWM:\t${kb(hiwaterRss)} kB\nVmRSS:\t${kb(totalRss)} kB\nRssAnon:\t${kb(r.anon)} kB\nRssFile:\t${kb(r.file)} kB\n` +
    `RssShmem:\t${kb(r.shmem)} kB\nVmData:\t${kb(mm.data_vm)} kB\nVmStk:\t${kb(mm.stack_vm)} kB\nVmExe:\t${bytesKb(text)} kB\n` +
    `VmLib:\t${bytesKb(lib)} kB\nVmPTE:\t${bytesKb(mm.pgtables_bytes)} kB\nVmSwap:\t${kb(r.swap)} kB\nHugetlbPages:\t${kb(0)} kB\n`
  )
}

/** RLIMIT_SIGPENDING of init: max_threads / 2, with max_threads from RAM (fork_init()). */
// kernel/fork.c: set_max_threads(), fork_init()
export function sigpendingLimit(m: Machine): number {
  const THREAD_SIZE = 16384
  const maxThreads = Math.max(20, Math.floor((m.totalramPages() * PAGE_SIZE) / (THREAD_SIZE * 8)))
  return Math.floor(maxThreads / 2)
}

function cpuList(n: number): string {
  return n === 1 ? '0' : `0-${n - 1}`
}

// fs/proc/array.c: proc_pid_status() → task_state(), task_mem(), task_sig(), task_cap(), …
export function renderStatus(m: Machine, t: Task): string {
  const mm = t.mm
  const state = t.state === 'R' ? 'R (running)' : 'S (sleeping)'
  const cpus = m.config.cpus
  const mask = ((2 ** cpus - 1) >>> 0).toString(16)
  const zero = '0000000000000000'
  const caps = '000001ffffffffff'
  return (
    `Name:\t${t.comm.slice(0, 15)}\nUmask:\t0022\nState:\t${state}\nTgid:\t${t.pid}\nNgid:\t0\nPid:\t${t.pid}\nPPid:\t${t.ppid}\n` +
    `TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t \n` +
    `NStgid:\t${t.pid}\nNSpid:\t${t.pid}\nNSpgid:\t${t.pgid}\nNSsid:\t${t.sid}\nKthread:\t${t.kthread ? 1 : 0}\n` +
    (mm ? taskMem(mm) : '') +
    `CoreDumping:\t0\nTHP_enabled:\t${m.transparentHugepage === 'never' ? 0 : 1}\nuntag_mask:\t0xffffffffffffffff\nThreads:\t1\n` +
    `SigQ:\t0/${sigpendingLimit(m)}\nSigPnd:\t${zero}\nShdPnd:\t${zero}\nSigBlk:\t${zero}\nSigIgn:\t${t.kthread ? 'ffffffffffffffff' : zero}\nSigCgt:\t${sigCaught(t).toString(16).padStart(16, '0')}\n` +
    `CapInh:\t${zero}\nCapPrm:\t${caps}\nCapEff:\t${caps}\nCapBnd:\t${caps}\nCapAmb:\t${zero}\n` +
    `NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\nSpeculation_Store_Bypass:\tvulnerable\nSpeculationIndirectBranch:\talways enabled\n` +
    `Cpus_allowed:\t${mask}\nCpus_allowed_list:\t${cpuList(cpus)}\n` +
    `Mems_allowed:\t${Array.from({ length: 32 }, (_, i) => (i === 31 ? '00000001' : '00000000')).join(',')}\nMems_allowed_list:\t0\n` +
    `voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n`
  )
}

/** The signals a task catches: SIGSEGV (bit 10) under `segv=catch`, whose handler reports the fault. */
const sigCaught = (t: Task): number => (t.segv === 'catch' && !t.kthread ? 1 << (SIGSEGV - 1) : 0)
const SIGSEGV = 11
const SIGCHLD = 17
/** RLIM_INFINITY as an unsigned long. */
const RLIM_INFINITY = '18446744073709551615'

/**
 * /proc/PID/stat: the 52 fields ps and top read. What the lab does not simulate reads 0: CPU
 * times and the start time (no clock runs), pending and blocked signals, the terminal; a kernel
 * thread ignores every signal and has no address space.
 */
// fs/proc/array.c: do_task_stat()
export function renderStat(m: Machine, t: Task): string {
  const mm = t.mm
  const rssPages = mm ? mm.rss.anon + mm.rss.file + mm.rss.shmem : 0
  const f: (number | string)[] = [
    t.pid, `(${t.comm.slice(0, 15)})`, t.state, t.ppid, t.pgid, t.sid, 0, -1, t.flags >>> 0,
    t.min_flt, 0, t.maj_flt, 0, // cminflt and cmajflt: no parent here waits for its children
    0, 0, 0, 0, // utime stime cutime cstime
    20, 0, 1, 0, 0, // priority nice num_threads itrealvalue starttime
    mm ? mm.total_vm * PAGE_SIZE : 0, rssPages, RLIM_INFINITY,
    mm ? mm.start_code : 0, mm ? mm.end_code : 0, mm ? mm.start_stack : 0, 0, 0, // kstkesp kstkeip
    0, 0, t.kthread ? 0x7fffffff : 0, sigCaught(t), // signal blocked sigignore sigcatch
    t.state === 'R' ? 0 : 1, 0, 0, SIGCHLD, t.cpu, 0, 0, 0, 0, 0, // wchan nswap cnswap exit_signal processor rt_priority policy delayacct guest_time cguest_time
    ...(mm ? [mm.start_data, mm.end_data, mm.start_brk, mm.arg_start, mm.arg_end, mm.env_start, mm.env_end] : [0, 0, 0, 0, 0, 0, 0]),
    0 // exit_code
  ]
  return f.join(' ') + '\n'
}

/** /proc/PID/statm: size resident shared text lib data dt, in pages. */
// fs/proc/task_mmu.c: task_statm(); fs/proc/array.c: proc_pid_statm()
export function renderStatm(mm: MmStruct | null): string {
  if (!mm) return '0 0 0 0 0 0 0\n'
  const r = rss(mm)
  const shared = r.file + r.shmem
  const { text } = textLib(mm)
  return `${mm.total_vm} ${shared + r.anon} ${shared} ${Math.floor(text / PAGE_SIZE)} 0 ${mm.data_vm + mm.stack_vm} 0\n`
}


/** The two-letter names of vm_flags bits in smaps' VmFlags line, by bit number. */
// fs/proc/task_mmu.c: show_smap_vma_flags() (mnemonics[])
const MNEMONICS: Readonly<Record<number, string>> = {
  0: 'rd', 1: 'wr', 2: 'ex', 3: 'sh', 4: 'mr', 5: 'mw', 6: 'me', 7: 'ms', 8: 'gd', 9: 'um', 10: 'pf', 12: 'uw', 13: 'lo',
  14: 'io', 15: 'sr', 16: 'rr', 17: 'dc', 18: 'de', 19: 'lf', 20: 'ac', 21: 'nr', 22: 'ht', 23: 'sf', 24: 'ar', 25: 'wf',
  26: 'dd', 28: 'mm', 29: 'hg', 30: 'nh', 31: 'mg'
}

export function vmFlagsMnemonics(flags: number): string {
  let out = ''
  for (let bit = 0; bit < 32; bit++) if ((flags >>> bit) & 1 && MNEMONICS[bit]) out += MNEMONICS[bit] + ' '
  return out
}

/**
 * THPeligible: whether a PMD-sized THP could back part of this VMA: anonymous memory, not special,
 * a 2 MiB-aligned 2 MiB range inside it, and THP allowed for it by the mode (always, or madvise
 * with MADV_HUGEPAGE) and not refused with MADV_NOHUGEPAGE.
 */
// mm/huge_memory.c: __thp_vma_allowable_orders(), thp_vma_suitable_order()
function thpEligible(m: Machine, v: Vma): number {
  if (!thpAllowed(m, v)) return 0
  const haddr = Math.ceil(v.vm_start / PMD_SIZE) * PMD_SIZE
  return haddr + PMD_SIZE <= v.vm_end ? 1 : 0
}

const smapsLine = (label: string, kb: number) => `${(label + ':').padEnd(16)}${String(kb).padStart(8)} kB\n`

/** struct mem_size_stats: what smaps sums over a VMA's pages (bytes; PSS scaled by PSS_SHIFT). */
interface MemSizeStats {
  resident: number
  pss: number
  pss_dirty: number
  pss_anon: number
  pss_file: number
  pss_shmem: number
  shared_clean: number
  shared_dirty: number
  private_clean: number
  private_dirty: number
  referenced: number
  anonymous: number
  pss_locked: number
  swap: number
  anonymous_thp: number
  lazyfree: number
}

const PSS_SHIFT = 12
const emptyStats = (): MemSizeStats => ({
  resident: 0, pss: 0, pss_dirty: 0, pss_anon: 0, pss_file: 0, pss_shmem: 0, shared_clean: 0, shared_dirty: 0,
  private_clean: 0, private_dirty: 0, referenced: 0, anonymous: 0, pss_locked: 0, swap: 0, anonymous_thp: 0, lazyfree: 0
})

/**
 * Walk a VMA's PTEs and account each mapped page: resident, proportional (a page mapped n times
 * counts 1/n), shared or private, clean or dirty, referenced, anonymous, locked. The zero page
 * is not a "normal" page and counts nowhere.
 */
// fs/proc/task_mmu.c: smap_gather_stats() → smaps_pte_entry() → smaps_account()
function gatherStats(m: Machine, mm: MmStruct, v: Vma, mss: MemSizeStats): void {
  const mem = m.memmap
  for (let addr = v.vm_start; addr < v.vm_end; addr += PAGE_SIZE) {
    const w = m.procs.paging.walk(mm, addr)
    const pte = w[w.length - 1]!
    // pte_present(): P, or PROT_NONE (bit 8 with P clear); the zero page (special) is no normal
    // page. A PMD with PS set maps a THP (smaps_pmd_entry()): its page for this address counts.
    const huge = pte.level === 'PMD' && (pte.entry & 0x80n) !== 0n
    if ((pte.level !== 'PTE' && !huge) || !(pte.entry & 0x101n) || pte.entry & (1n << 9n)) continue
    const pfn = Number((pte.entry >> 12n) & 0xffffffffffn) + (huge ? (addr % (2 * 1024 * 1024)) / PAGE_SIZE : 0)
    const mapcount = m.procs.paging.pageMapcount(pfn)
    // smaps_account(): dirty in the entry or in the folio; referenced in the entry or the folio.
    const head = mem.compoundHead(pfn)
    const dirty = (pte.entry & (1n << 6n)) !== 0n || (mem.flags[head]! & (1 << PG_dirty)) !== 0
    const young = (pte.entry & (1n << 5n)) !== 0n || (mem.flags[head]! & (1 << PG_referenced)) !== 0
    const anon = mem.use[pfn] === FrameUse.ANON
    const shmem = mem.use[pfn] === FrameUse.SHMEM
    mss.resident += PAGE_SIZE
    if (young) mss.referenced += PAGE_SIZE
    if (anon) {
      mss.anonymous += PAGE_SIZE
      // MADV_FREE'd and not written since: reclaim could drop it.
      if (!(mem.flags[head]! & (1 << PG_swapbacked)) && !dirty) mss.lazyfree += PAGE_SIZE
    }
    if (anon && huge) mss.anonymous_thp += PAGE_SIZE
    // An integer division, as the kernel's (pss /= mapcount): three sharers leave a remainder.
    const pss = Math.floor((PAGE_SIZE << PSS_SHIFT) / Math.max(mapcount, 1))
    mss.pss += pss
    if (dirty) mss.pss_dirty += pss
    if (anon) mss.pss_anon += pss
    else if (shmem) mss.pss_shmem += pss
    else mss.pss_file += pss
    if (v.vm_flags & VM_LOCKED) mss.pss_locked += pss
    if (mapcount >= 2) {
      if (dirty) mss.shared_dirty += PAGE_SIZE
      else mss.shared_clean += PAGE_SIZE
    } else if (dirty) mss.private_dirty += PAGE_SIZE
    else mss.private_clean += PAGE_SIZE
  }
}

/** The memory lines of an smaps block (or of smaps_rollup, with the Pss_* split). */
// fs/proc/task_mmu.c: __show_smap()
function statLines(mss: MemSizeStats, rollup: boolean): string {
  const kb = (bytes: number) => Math.floor(bytes / 1024)
  const pssKb = (v: number) => Math.floor(v / 1024 / 2 ** PSS_SHIFT)
  let out = smapsLine('Rss', kb(mss.resident)) + smapsLine('Pss', pssKb(mss.pss)) + smapsLine('Pss_Dirty', pssKb(mss.pss_dirty))
  if (rollup) out += smapsLine('Pss_Anon', pssKb(mss.pss_anon)) + smapsLine('Pss_File', pssKb(mss.pss_file)) + smapsLine('Pss_Shmem', pssKb(mss.pss_shmem))
  out +=
    smapsLine('Shared_Clean', kb(mss.shared_clean)) + smapsLine('Shared_Dirty', kb(mss.shared_dirty)) +
    smapsLine('Private_Clean', kb(mss.private_clean)) + smapsLine('Private_Dirty', kb(mss.private_dirty)) +
    smapsLine('Referenced', kb(mss.referenced)) + smapsLine('Anonymous', kb(mss.anonymous))
  out += smapsLine('KSM', 0) + smapsLine('LazyFree', kb(mss.lazyfree)) + smapsLine('AnonHugePages', kb(mss.anonymous_thp))
  for (const c of ['ShmemPmdMapped', 'FilePmdMapped', 'Shared_Hugetlb', 'Private_Hugetlb']) out += smapsLine(c, 0)
  return out + smapsLine('Swap', kb(mss.swap)) + smapsLine('SwapPss', 0) + smapsLine('Locked', pssKb(mss.pss_locked))
}

// fs/proc/task_mmu.c: show_smap() → __show_smap(), show_smap_vma_flags()
export function renderSmaps(m: Machine, mm: MmStruct): string {
  const block = (header: string, size: number, v: Vma | null) => {
    const mss = emptyStats()
    if (v) gatherStats(m, mm, v, mss)
    return (
      header + '\n' + smapsLine('Size', size / 1024) + smapsLine('KernelPageSize', 4) + smapsLine('MMUPageSize', 4) + statLines(mss, false) +
      `THPeligible:    ${String(v ? thpEligible(m, v) : 0).padStart(8)}\nVmFlags: ${vmFlagsMnemonics(v ? v.vm_flags : 0x4)}\n`
    )
  }
  const lines = renderMaps(mm).trimEnd().split('\n')
  const vmas = mm.vmas()
  let out = ''
  vmas.forEach((v, i) => (out += block(lines[i]!, v.vm_end - v.vm_start, v)))
  // The gate VMA (vsyscall): execute-only, nothing resident.
  out += block(lines[lines.length - 1]!, PAGE_SIZE, null)
  return out
}

// fs/proc/task_mmu.c: show_smaps_rollup()
export function renderSmapsRollup(m: Machine, mm: MmStruct): string {
  const vmas = mm.vmas()
  if (!vmas.length) return ''
  const mss = emptyStats()
  for (const v of vmas) gatherStats(m, mm, v, mss)
  const head = mapsLine(hex8(vmas[0]!.vm_start), hex8(vmas[vmas.length - 1]!.vm_end), '---p', 0, '00:00', 0, '[rollup]')
  return head + '\n' + statLines(mss, true)
}

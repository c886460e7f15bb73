// The CPUs: what each runs, which mm its CR3 holds, its TLB, and the kernel's TLB management
// (arch/x86/mm/tlb.c, 6.18): switch_mm_irqs_off() and choose_new_asid() on a context switch,
// lazy TLB for kernel threads, flush_tlb_mm_range() → flush_tlb_multi() / flush_tlb_func() with
// should_flush_tlb() deciding which other CPUs get an IPI.

import type { Machine } from '../machine'
import { X86_FEATURE_PTI } from '../x86/pgtable'
import { PTI_USER_PCID_BIT, TLB_NR_DYN_ASIDS, TLB_SINGLE_PAGE_FLUSH_CEILING, Tlb } from '../x86/tlb'
import { PAGE_SIZE, type MmStruct } from './mm'
import type { Task } from './process'

export interface CpuState {
  id: number
  tlb: Tlb
  /** The task running; null when the CPU is idle (swapper/N, a kernel thread). */
  current: Task | null
  /** cpu_tlbstate.loaded_mm: the mm CR3 points at; null for init_mm. */
  loadedMm: MmStruct | null
  loadedAsid: number
  /** cpu_tlbstate.ctxs[]: which mm (ctx_id) each ASID slot holds, and up to which tlb_gen it is flushed. */
  ctxs: { ctxId: number; tlbGen: number }[]
  nextAsid: number
  /** cpu_tlbstate_shared.is_lazy: a kernel thread runs on the previous mm's tables. */
  isLazy: boolean
}

/** A flush's outcome, for the command's report. */
export interface FlushReport {
  local: 'none' | 'pages' | 'full'
  ipis: number[]
}

export class Cpus {
  readonly cpus: CpuState[]
  /** last_mm_ctx_id: every mm gets a new context id (init_mm has 1). */
  private lastCtxId = 1
  generation = 0

  constructor(private readonly m: Machine) {
    this.cpus = Array.from({ length: m.config.cpus }, (_, id) => ({
      id,
      tlb: new Tlb(),
      current: null,
      loadedMm: null,
      loadedAsid: 0,
      ctxs: Array.from({ length: TLB_NR_DYN_ASIDS }, (_, i) => ({ ctxId: i === 0 ? 1 : 0, tlbGen: 0 })),
      nextAsid: 1,
      isLazy: false
    }))
  }

  get pcid(): boolean {
    return this.m.config.pcid
  }

  /** init_new_context(): a new mm's context id. */
  // arch/x86/include/asm/mmu_context.h: init_new_context()
  newContext(mm: MmStruct): void {
    mm.ctxId = ++this.lastCtxId
    mm.tlbGen = 0
  }

  /** The PCID the user half of ASID `asid` runs with (0 without PCID). */
  // arch/x86/mm/tlb.c: kern_pcid(), user_pcid()
  userPcid(asid: number): number {
    if (!this.pcid) return 0
    return X86_FEATURE_PTI ? (asid + 1) | PTI_USER_PCID_BIT : asid + 1
  }

  kernPcid(asid: number): number {
    return this.pcid ? asid + 1 : 0
  }

  /** The CPU a task runs on, or -1. */
  cpuOf(task: Task): number {
    return this.cpus.findIndex((c) => c.current === task)
  }

  /**
   * The CPU a process command runs on: where the task runs, else CPU 0 after a context switch to
   * it (a process can only make system calls and touch memory while it runs).
   */
  ensureRunning(task: Task): CpuState {
    const at = this.cpuOf(task)
    if (at >= 0) return this.cpus[at]!
    this.run(0, task)
    return this.cpus[0]!
  }

  /**
   * A context switch on `cpuId` to `task` (null: the idle task). A kernel thread keeps the loaded
   * mm (lazy TLB); a user task loads its PGD into CR3 with an ASID, flushing it unless PCID
   * kept its entries up to date.
   */
  // kernel/sched/core.c: context_switch(); arch/x86/mm/tlb.c: switch_mm_irqs_off(), enter_lazy_tlb()
  run(cpuId: number, task: Task | null): { flushed: boolean; asid: number; lazy: boolean } {
    const cpu = this.cpus[cpuId]!
    const prev = cpu.current
    if (prev === task) return { flushed: false, asid: cpu.loadedAsid, lazy: cpu.isLazy }
    if (prev) prev.state = 'S'
    // The task leaves any other CPU it ran on.
    for (const c of this.cpus) if (c !== cpu && c.current === task && task) c.current = null
    cpu.current = task
    if (task) task.cpu = cpuId
    if (task) task.state = 'R'
    cpu.tlb.counters.contextSwitches++
    this.generation++
    const next = task?.mm ?? null
    if (!next) {
      // enter_lazy_tlb(): keep whatever mm is loaded.
      if (task) task.active_mm = cpu.loadedMm
      if (cpu.loadedMm) cpu.isLazy = true
      return { flushed: false, asid: cpu.loadedAsid, lazy: cpu.loadedMm !== null }
    }
    task!.active_mm = next
    const wasLazy = cpu.isLazy
    cpu.isLazy = false
    if (cpu.loadedMm === next) {
      // Back from lazy mode on the same mm: flush only if flushes were skipped meanwhile.
      const slot = cpu.ctxs[cpu.loadedAsid]!
      if (!wasLazy || slot.tlbGen === next.tlbGen) return { flushed: false, asid: cpu.loadedAsid, lazy: false }
      this.loadCr3(cpu, next, cpu.loadedAsid, true)
      return { flushed: true, asid: cpu.loadedAsid, lazy: false }
    }
    next.cpumask.add(cpu.id)
    const { asid, needFlush } = this.chooseNewAsid(cpu, next)
    this.loadCr3(cpu, next, asid, needFlush)
    return { flushed: needFlush, asid, lazy: false }
  }

  // arch/x86/mm/tlb.c: choose_new_asid()
  private chooseNewAsid(cpu: CpuState, next: MmStruct): { asid: number; needFlush: boolean } {
    if (!this.pcid) return { asid: 0, needFlush: true }
    for (let asid = 0; asid < TLB_NR_DYN_ASIDS; asid++) {
      if (cpu.ctxs[asid]!.ctxId !== next.ctxId) continue
      return { asid, needFlush: cpu.ctxs[asid]!.tlbGen < next.tlbGen }
    }
    let asid = cpu.nextAsid++
    if (asid >= TLB_NR_DYN_ASIDS) {
      asid = 0
      cpu.nextAsid = 1
    }
    return { asid, needFlush: true }
  }

  /**
   * CR3 ← the PGD and PCID. Without PCID every non-global entry goes; with PCID only the ASID's
   * (kernel and PTI user PCIDs) when the slot is being reused or is out of date.
   */
  // arch/x86/mm/tlb.c: load_new_mm_cr3(), invalidate_user_asid()
  private loadCr3(cpu: CpuState, next: MmStruct | null, asid: number, flush: boolean): void {
    cpu.loadedMm = next
    cpu.loadedAsid = asid
    if (next) {
      cpu.ctxs[asid] = { ctxId: next.ctxId, tlbGen: next.tlbGen }
    }
    if (!this.pcid) {
      cpu.tlb.flushAll(-1)
      return
    }
    if (flush) {
      cpu.tlb.flushAll(this.kernPcid(asid))
      if (X86_FEATURE_PTI) cpu.tlb.flushAll(this.userPcid(asid))
    }
  }

  /**
   * Invalidate [start, end) of mm everywhere it may be cached: locally, and by IPI on the other
   * CPUs of mm_cpumask that should_flush_tlb() picks (not lazy, running this mm) — all of them
   * when page tables were freed, since a lazy CPU's walker may still use them.
   */
  // arch/x86/mm/tlb.c: flush_tlb_mm_range() → flush_tlb_multi() / flush_tlb_func(), should_flush_tlb()
  flushRange(mm: MmStruct, start: number, end: number, freedTables: boolean, from: CpuState | null): FlushReport {
    let pages = Math.ceil((end - start) / PAGE_SIZE)
    if (pages > TLB_SINGLE_PAGE_FLUSH_CEILING) pages = Infinity
    mm.tlbGen++
    this.generation++
    const report: FlushReport = { local: 'none', ipis: [] }
    for (const cpu of this.cpus) {
      if (!mm.cpumask.has(cpu.id)) continue
      const local = cpu === from
      if (!local) {
        if (!freedTables && (cpu.isLazy || cpu.loadedMm !== mm)) continue
        cpu.tlb.counters.ipisReceived++
        if (from) from.tlb.counters.ipisSent++
        report.ipis.push(cpu.id)
      }
      const how = this.flushFunc(cpu, mm, start, pages)
      if (local) report.local = how
    }
    return report
  }

  // arch/x86/mm/tlb.c: flush_tlb_func()
  private flushFunc(cpu: CpuState, mm: MmStruct, start: number, pages: number): 'none' | 'pages' | 'full' {
    if (!cpu.loadedMm) return 'none'
    if (cpu.isLazy) {
      // A lazy CPU asked to flush (page tables were freed) drops the mm: switch to init_mm.
      cpu.isLazy = false
      cpu.loadedMm = null
      cpu.tlb.flushAll(this.pcid ? this.kernPcid(cpu.loadedAsid) : -1)
      return 'full'
    }
    if (cpu.loadedMm !== mm) {
      mm.cpumask.delete(cpu.id)
      return 'none'
    }
    const slot = cpu.ctxs[cpu.loadedAsid]!
    if (slot.tlbGen === mm.tlbGen) return 'none'
    const partial = pages !== Infinity && mm.tlbGen === slot.tlbGen + 1
    if (partial) {
      const first = Math.floor(start / PAGE_SIZE)
      for (let i = 0; i < pages; i++) {
        cpu.tlb.flushPage(this.kernPcid(cpu.loadedAsid), first + i)
        if (X86_FEATURE_PTI && this.pcid) cpu.tlb.flushPage(this.userPcid(cpu.loadedAsid), first + i)
      }
    } else {
      this.flushLoadedAsid(cpu)
    }
    slot.tlbGen = mm.tlbGen
    return partial ? 'pages' : 'full'
  }

  /** Every entry of the ASID a CPU has loaded: its kernel PCID and, under PTI, its user PCID (without PCID: all). */
  private flushLoadedAsid(cpu: CpuState): void {
    cpu.tlb.flushAll(this.pcid ? this.kernPcid(cpu.loadedAsid) : -1)
    if (X86_FEATURE_PTI && this.pcid) cpu.tlb.flushAll(this.userPcid(cpu.loadedAsid))
  }

  /** An mm that is gone (exec replaced it, its last user exited): CPUs that had it loaded fall back to init_mm. */
  mmGone(mm: MmStruct): void {
    for (const cpu of this.cpus) {
      if (cpu.loadedMm !== mm) continue
      this.flushLoadedAsid(cpu)
      cpu.loadedMm = null
      cpu.isLazy = false
    }
    this.generation++
  }

  /** The task exits: no CPU runs it any more; CPUs that had its mm loaded fall back to init_mm. */
  // kernel/exit.c: do_exit() → exit_mm(); arch/x86/mm/tlb.c: (mmdrop → the lazy CPUs' switch)
  taskGone(task: Task, mmGone: MmStruct | null): void {
    for (const cpu of this.cpus) if (cpu.current === task) cpu.current = null
    if (mmGone) this.mmGone(mmGone)
    else this.generation++
  }
}

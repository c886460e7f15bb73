// The engine's front door: one simulated machine, the script's variables, and the VML
// interpreter. The same class runs in the worker (the app, the browser host), in `vmlab run`,
// in tests and in benchmarks. Deterministic: same commands on the same machine give the same
// state, byte for byte (DESIGN.md), which is what lets a restarted worker replay a session.

import type { ScriptResult, ResetResult } from '@shared/ipc/contract'
import { DEFAULT_MACHINE, checkMachineConfig, type MachineConfig } from '@shared/model/machine'
import type { CommandResult } from '@shared/model/result'
import type { PageInfo, Snapshot, ViewName } from '@shared/model/snapshot'
import { parseLine, scriptLines, type Command } from '@shared/vml/parse'
import { VmlSyntaxError, stripComment } from '@shared/vml/syntax'
import { Machine } from './machine'
import { meminfo } from './procfs/meminfo'
import { allocPagesCommand, drainPagesCommand, freePagesCommand } from './shell/alloc_pages'
import { catCommand } from './shell/cat'
import { sysctlCommand } from './shell/sysctl'
import { traceCommand } from './shell/trace'
import { vfreeCommand, vmallocCommand } from './shell/vmalloc'
import { kfreeCommand, kmallocCommand, kmemCacheAllocCommand, kmemCacheCreateCommand, kmemCacheFreeCommand } from './shell/kmalloc'
import type { ShellContext } from './shell/context'
import { expectCommand } from './shell/expect'
import { helpCommand } from './shell/help'
import { machineCommand } from './shell/machine'
import { Interrupted, type Outcome } from './shell/outcome'
import { buddyView, framesView, machineView, pageInfo, pageTableView, processesView, slabView, tlbView, vmaView, vmallocView } from './views'
import { brkCommand, cloneCommand, fileCommand, runCommand, fetchCommand, readCommand, translateCommand, writeCommand, execCommand, exitCommand, forkCommand, kthreadCommand, madviseCommand, mlockCommand, mmapCommand, mprotectCommand, mremapCommand, munlockCommand, munmapCommand, spawnCommand } from './shell/process'

export interface EngineOptions {
  /** Check every subsystem's invariants after each command (CONFIG_DEBUG_VM). */
  debug?: boolean
  /** Polled between steps of a long command; true asks the engine to stop. */
  interrupt?: () => boolean
  /** `done` of `total` steps of the running script. */
  progress?: (done: number, total: number, label: string) => void
  /** Files a command may read (a trace): the host's file system; absent in a pure engine. */
  files?: FileSource
}

/** A readable file: chunks of bytes in order until read() returns 0. */
export interface FileReader {
  read(into: Uint8Array): number
  size: number
  close(): void
}

export interface FileSource {
  /** The file, or the error message of why not (ENOENT…). */
  open(path: string): FileReader | { error: string }
}

type Handler = (ctx: ShellContext, cmd: Command) => Outcome

const HANDLERS: Record<string, Handler> = {
  machine: machineCommand,
  sysctl: sysctlCommand,
  spawn: spawnCommand,
  fork: forkCommand,
  clone: cloneCommand,
  exec: execCommand,
  exit: exitCommand,
  kthread: kthreadCommand,
  run: runCommand,
  trace: traceCommand,
  file: fileCommand,
  mmap: mmapCommand,
  munmap: munmapCommand,
  mprotect: mprotectCommand,
  brk: brkCommand,
  read: readCommand,
  write: writeCommand,
  fetch: fetchCommand,
  translate: translateCommand,
  mremap: mremapCommand,
  madvise: madviseCommand,
  mlock: mlockCommand,
  munlock: munlockCommand,
  cat: catCommand,
  expect: expectCommand,
  help: helpCommand,
  alloc_pages: allocPagesCommand,
  free_pages: freePagesCommand,
  drain_pages: drainPagesCommand,
  kmalloc: kmallocCommand,
  kfree: kfreeCommand,
  kmem_cache_create: kmemCacheCreateCommand,
  kmem_cache_alloc: kmemCacheAllocCommand,
  kmem_cache_free: kmemCacheFreeCommand,
  vmalloc: vmallocCommand,
  vfree: vfreeCommand
}

export class Engine implements ShellContext {
  machine: Machine
  readonly vars = new Map<string, bigint>()
  private count = 0
  /** For each heavy view, the machine and the generation it was last computed from. */
  private readonly lastSent = new Map<ViewName, { machine: Machine; gen: number }>()

  constructor(private readonly opts: EngineOptions = {}) {
    // The first boot is not interruptible: there is no earlier machine to fall back on.
    this.machine = new Machine({ ...DEFAULT_MACHINE }, { debug: this.opts.debug })
  }

  get files(): FileSource | undefined {
    return this.opts.files
  }

  interrupted(): boolean {
    return this.opts.interrupt?.() ?? false
  }

  progress(done: number, total: number, label: string): void {
    this.opts.progress?.(done, total, label)
  }

  /** Commands executed since the session began (the status bar's command count). */
  get seq(): number {
    return this.count
  }

  boot(config: MachineConfig): void {
    this.machine = this.bootMachine(config)
  }

  /** Start the session over on a fresh machine: `engine.reset` (File ▸ New session). */
  reset(partial: Partial<MachineConfig> = {}): ResetResult {
    const config = { ...DEFAULT_MACHINE, ...partial }
    const bad = checkMachineConfig(config)
    if (bad) throw new RangeError(`reset: ${bad.key} ${bad.reason}`)
    this.machine = new Machine(config, { debug: this.opts.debug })
    this.vars.clear()
    this.count = 0
    return { seq: this.count, machine: { ...config } }
  }

  /** Parse and run one line. A syntax error is reported in the result and runs nothing. */
  exec(raw: string, line = 1): CommandResult {
    let cmd: Command | null
    try {
      cmd = parseLine(raw, line)
    } catch (e) {
      if (!(e instanceof VmlSyntaxError)) throw e
      return {
        line,
        command: stripComment(raw).trim(),
        ok: false,
        result: null,
        errno: null,
        output: e.message,
        diagnostic: { kind: 'syntax', line: e.line, col: e.col, message: e.reason }
      }
    }
    if (!cmd) return { line, command: '', ok: true, result: null, errno: null, output: '' }
    this.count++
    let out: Outcome
    try {
      out = HANDLERS[cmd.spec.name]!(this, cmd)
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e
      out = { ok: false, value: null, errno: 'EINTR', output: `${cmd.spec.name}: interrupted` }
    }
    if (this.opts.debug) this.machine.checkInvariants()
    if (out.ok && cmd.stmt.bind && out.value !== null) this.vars.set(cmd.stmt.bind.text, BigInt(out.value))
    const result: CommandResult = {
      line,
      command: cmd.stmt.text,
      ok: out.ok,
      result: formatResult(cmd, out.value),
      errno: out.errno,
      output: out.output
    }
    if (out.diagnostic) result.diagnostic = out.diagnostic
    return result
  }

  /**
   * Run a script line by line. A syntax error stops it (exit 2); a failed system call or check
   * does not. Between lines the interrupt is polled, so a long script can be cancelled; what ran
   * stays done, as in a shell. `executed` lists the lines that ran, for the session log.
   */
  execScript(text: string, onResult?: (r: CommandResult) => void): ScriptResult & { executed: string[] } {
    const lines = scriptLines(text)
    const results: CommandResult[] = []
    const executed: string[] = []
    let status: ScriptResult['status'] = 'done'
    let failedCheck = false
    for (let i = 0; i < lines.length; i++) {
      if (this.opts.interrupt?.()) {
        status = 'cancelled'
        break
      }
      this.opts.progress?.(i, lines.length, `line ${lines[i]!.line}`)
      const { raw, line } = lines[i]!
      const r = this.exec(raw, line)
      results.push(r)
      onResult?.(r)
      if (r.diagnostic?.kind === 'syntax') {
        status = 'syntax-error'
        break
      }
      executed.push(raw)
      if (r.diagnostic?.kind === 'expect') failedCheck = true
    }
    if (status === 'done') this.opts.progress?.(lines.length, lines.length, 'done')
    const exitCode = status === 'syntax-error' ? 2 : failedCheck ? 1 : 0
    return { results, seq: this.count, status, exitCode, executed }
  }

  /**
   * Compute the requested views of the current state; arrays are fresh copies, safe to transfer.
   * With `changedOnly`, the frame, buddy, slab and vmalloc views are left out when what they show
   * has not changed since the last snapshot that carried them (after `cat`, `help`, `expect`…,
   * or a kmalloc for the vmalloc view): the panes keep what they have, and a 1 M-frame array does
   * not cross the bridge for nothing.
   */
  snapshot(views: readonly ViewName[], changedOnly = false): Snapshot {
    const s: Snapshot = { seq: this.count }
    const m = this.machine
    // Each heavy view is recomputed only when the state it shows changed since it was last sent.
    const gens: Partial<Record<ViewName, number>> = {
      frames: m.pageAlloc.generation,
      buddy: m.pageAlloc.generation,
      slab: m.slub.generation,
      vmalloc: m.vmalloc.generation,
      processes: m.procs.generation,
      vma: m.procs.generation,
      pagetable: m.procs.generation,
      tlb: m.procs.generation + m.procs.cpus.generation
    }
    for (const v of views) {
      const gen = gens[v]
      if (gen !== undefined) {
        const last = this.lastSent.get(v)
        if (changedOnly && last && last.machine === m && last.gen === gen) continue
        this.lastSent.set(v, { machine: m, gen })
      }
      if (v === 'machine') s.machine = machineView(m)
      else if (v === 'meminfo') s.meminfo = meminfo(m)
      else if (v === 'frames') s.frames = framesView(m)
      else if (v === 'buddy') s.buddy = buddyView(m)
      else if (v === 'slab') s.slab = slabView(m)
      else if (v === 'vmalloc') s.vmalloc = vmallocView(m)
      else if (v === 'processes') s.processes = processesView(m)
      else if (v === 'vma') s.vma = vmaView(m)
      else if (v === 'pagetable') s.pagetable = pageTableView(m)
      else if (v === 'tlb') s.tlb = tlbView(m)
    }
    return s
  }

  /** Make a process the current one (`engine.select`): the VMA pane follows it. */
  select(pid: number): { current: number } | { error: string } {
    const t = this.machine.procs.tasks.get(pid)
    if (!t) return { error: `no process with pid ${pid}` }
    this.machine.procs.current = pid
    this.machine.procs.generation++
    return { current: pid }
  }

  /** One struct page decoded (`engine.page`); null past the last frame. */
  page(pfn: number): PageInfo | null {
    return pageInfo(this.machine, pfn)
  }

  /** A boot the interrupt can stop; the current machine stays if it does. */
  private bootMachine(config: MachineConfig): Machine {
    return new Machine(config, { debug: this.opts.debug, interrupt: this.opts.interrupt })
  }
}

function formatResult(cmd: Command, value: bigint | number | null): string | number | null {
  if (value === null) return null
  const kind = cmd.spec.result
  if (kind === 'address' || kind === 'pointer') return `0x${BigInt(value).toString(16)}`
  return Number(value)
}

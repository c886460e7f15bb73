// The main-process side of the engine worker. It starts the worker, sends it one request at a
// time (commands are serialized: the engine is a single kernel), keeps the session's log of
// what ran, and when the worker dies restarts it and replays the log, so the student loses at
// most the command that killed it. Cancellation sets a shared flag the worker polls.

import { Worker } from 'node:worker_threads'
import { BridgeError, type Events, type ExecResult, type ResetResult, type ScriptResult } from '@shared/ipc/contract'
import type { MachineConfig } from '@shared/model/machine'
import type { PageInfo, Snapshot, ViewName } from '@shared/model/snapshot'
import type { EngineEventName, EngineService, WithSnapshot } from './engineService'
import type { LogEntry, WorkerInit, WorkerMessage, WorkerReply, WorkerRequest } from './protocol'

type Pending = {
  req: WorkerRequest
  resolve: (reply: Extract<WorkerReply, { ok: true }>) => void
  reject: (e: Error) => void
}

type Listener = <E extends EngineEventName>(event: E, payload: Events[E]) => void

export interface EngineHostOptions {
  /** The built worker script (electron-vite `?modulePath`, or a test bundle). */
  workerPath: string
  /** Check every subsystem's invariants after each command (CONFIG_DEBUG_VM). */
  debug?: boolean
  /** Give up restarting after this many deaths in a row without a successful command. */
  maxRestarts?: number
}

export class EngineHost implements EngineService {
  private worker: Worker | null = null
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4))
  private readonly queue: Pending[] = []
  private inFlight: Pending | null = null
  private nextId = 1
  private readonly log: LogEntry[] = []
  private readonly listeners: Listener[] = []
  private restartsInARow = 0
  private disposed = false

  constructor(private readonly opts: EngineHostOptions) {
    this.spawn()
  }

  onEvent(listener: Listener): void {
    this.listeners.push(listener)
  }

  async exec(line: string, views: ViewName[]): Promise<WithSnapshot<ExecResult>> {
    const reply = await this.request({ id: 0, op: 'exec', line, views })
    for (const raw of reply.executed ?? []) this.log.push({ kind: 'line', raw })
    return { value: reply.value as ExecResult, snapshot: reply.snapshot! }
  }

  async execScript(text: string, views: ViewName[]): Promise<WithSnapshot<ScriptResult>> {
    const reply = await this.request({ id: 0, op: 'script', text, views })
    for (const raw of reply.executed ?? []) this.log.push({ kind: 'line', raw })
    return { value: reply.value as ScriptResult, snapshot: reply.snapshot! }
  }

  async snapshot(views: ViewName[]): Promise<Snapshot> {
    return (await this.request({ id: 0, op: 'snapshot', views })).value as Snapshot
  }

  async page(pfn: number): Promise<PageInfo | null> {
    return (await this.request({ id: 0, op: 'page', pfn })).value as PageInfo | null
  }

  async select(pid: number, views: ViewName[]): Promise<WithSnapshot<{ current: number }>> {
    const reply = await this.request({ id: 0, op: 'select', pid, views })
    this.log.push({ kind: 'select', pid })
    return { value: reply.value as { current: number }, snapshot: reply.snapshot! }
  }

  async reset(machine: Partial<MachineConfig>, views: ViewName[]): Promise<WithSnapshot<ResetResult>> {
    const reply = await this.request({ id: 0, op: 'reset', machine, views })
    // A reset starts the session over: nothing before it is needed to rebuild the state.
    this.log.length = 0
    this.log.push({ kind: 'reset', machine })
    return { value: reply.value as ResetResult, snapshot: reply.snapshot! }
  }

  cancel(): boolean {
    const dropped = this.queue.splice(0)
    for (const p of dropped) p.reject(new BridgeError('cancelled', 'cancelled before it started'))
    if (!this.inFlight) return dropped.length > 0
    // A replay rebuilds the state the student already had: it is never cut short.
    if (this.inFlight.req.op === 'replay') return dropped.length > 0
    Atomics.store(this.cancelFlag, 0, 1)
    return true
  }

  /** The number of log entries a restart would replay (for tests and the status bar). */
  get logLength(): number {
    return this.log.length
  }

  /** Test hook: the live worker, to kill it as a crash would. */
  get workerForTesting(): Worker | null {
    return this.worker
  }

  async dispose(): Promise<void> {
    this.disposed = true
    for (const p of this.queue.splice(0)) p.reject(new BridgeError('internal', 'the engine is shutting down'))
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
  }

  // ---- internals ---------------------------------------------------------------------

  private request(req: WorkerRequest): Promise<Extract<WorkerReply, { ok: true }>> {
    if (this.disposed) return Promise.reject(new BridgeError('internal', 'the engine is shut down'))
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    if (this.inFlight || !this.worker) return
    const next = this.queue.shift()
    if (!next) return
    next.req.id = this.nextId++
    this.inFlight = next
    Atomics.store(this.cancelFlag, 0, 0)
    this.worker.postMessage(next.req)
  }

  private spawn(): void {
    const init: WorkerInit = { cancel: this.cancelFlag.buffer as SharedArrayBuffer, debug: this.opts.debug ?? false }
    const worker = new Worker(this.opts.workerPath, {
      workerData: init,
      // The per-frame arrays live outside the JS heap; this bounds the rest, so a runaway
      // engine dies alone instead of taking the main process with it.
      resourceLimits: { maxOldGenerationSizeMb: 1024 }
    })
    this.worker = worker
    worker.on('message', (msg: WorkerMessage) => this.onMessage(worker, msg))
    worker.on('error', (err) => this.onDeath(worker, err.message))
    worker.on('exit', (code) => this.onDeath(worker, `the engine worker exited with code ${code}`))
  }

  private onMessage(worker: Worker, msg: WorkerMessage): void {
    if (worker !== this.worker) return
    if (msg.type === 'progress') {
      this.emit('progress', { done: msg.done, total: msg.total, label: msg.label })
      return
    }
    if (msg.type === 'log') {
      this.emit('log', { level: msg.level, message: msg.message })
      return
    }
    const p = this.inFlight
    if (!p || p.req.id !== msg.id) return
    this.inFlight = null
    if (msg.ok) {
      this.restartsInARow = 0
      p.resolve(msg)
      this.pump()
      return
    }
    p.reject(new BridgeError(msg.error.code, msg.error.message))
    if (msg.bug) {
      // The engine's state is suspect: rebuild it from the log without the failing command.
      void this.restart(worker, msg.error.message, null)
    } else this.pump()
  }

  private onDeath(worker: Worker, reason: string): void {
    if (worker !== this.worker || this.disposed) return
    const lost = this.inFlight
    this.inFlight = null
    lost?.reject(new BridgeError('engine-crashed', `${reason}; the engine was restarted and the session replayed`))
    void this.restart(worker, reason, lost ? describe(lost.req) : null)
  }

  private async restart(dead: Worker, reason: string, lost: string | null): Promise<void> {
    if (dead !== this.worker || this.disposed) return
    this.worker = null
    void dead.terminate()
    this.restartsInARow++
    if (this.restartsInARow > (this.opts.maxRestarts ?? 3)) {
      // The log itself kills the engine: start over from a fresh machine rather than loop.
      this.log.length = 0
      this.emit('log', { level: 'error', message: `the engine kept failing (${reason}); the session was reset to a fresh machine` })
    }
    this.spawn()
    const replay: WorkerRequest = { id: 0, op: 'replay', log: this.log.slice() }
    const replayed = this.log.length
    // The replay goes first, ahead of anything queued meanwhile.
    await new Promise<void>((resolve) => {
      this.queue.unshift({ req: replay, resolve: () => resolve(), reject: () => resolve() })
      this.pump()
    })
    this.emit('engine-restarted', { reason, replayed, lost })
  }

  private emit<E extends EngineEventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) l(event, payload)
  }
}

function describe(req: WorkerRequest): string {
  switch (req.op) {
    case 'exec':
      return req.line
    case 'script':
      return `a script of ${req.text.split('\n').length} lines`
    default:
      return req.op
  }
}

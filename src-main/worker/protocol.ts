// Messages between the main process (EngineHost) and the engine worker. Internal to src-main:
// the renderer never sees these, only the contract in src-shared/ipc.

import type { ErrorInfo } from '@shared/ipc/contract'
import type { MachineConfig } from '@shared/model/machine'
import type { Snapshot, ViewName } from '@shared/model/snapshot'

export interface WorkerInit {
  /** One Int32: set to 1 by the host to cancel the running command. */
  cancel: SharedArrayBuffer
  debug: boolean
}

/** What the session did, in order, so that a new worker can be brought to the same state. */
export type LogEntry = { kind: 'reset'; machine: Partial<MachineConfig> } | { kind: 'line'; raw: string } | { kind: 'select'; pid: number }

export type WorkerRequest =
  | { id: number; op: 'exec'; line: string; views: ViewName[] }
  | { id: number; op: 'script'; text: string; views: ViewName[] }
  | { id: number; op: 'snapshot'; views: ViewName[] }
  | { id: number; op: 'page'; pfn: number }
  | { id: number; op: 'select'; pid: number; views: ViewName[] }
  | { id: number; op: 'reset'; machine: Partial<MachineConfig>; views: ViewName[] }
  | { id: number; op: 'replay'; log: LogEntry[] }

export type WorkerReply =
  | { type: 'reply'; id: number; ok: true; value: unknown; snapshot?: Snapshot; executed?: string[] }
  /** `bug`: the engine broke an invariant (BUG_ON): its state can't be trusted, restart it. */
  | { type: 'reply'; id: number; ok: false; error: ErrorInfo; bug?: boolean }

export type WorkerNotice =
  | { type: 'progress'; id: number; done: number; total: number; label: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }

export type WorkerMessage = WorkerReply | WorkerNotice

/** The buffers of a snapshot's typed arrays, to transfer rather than copy. */
export function snapshotTransferables(s: Snapshot | undefined): ArrayBuffer[] {
  if (!s?.frames) return []
  const f = s.frames
  return [f.use.buffer, f.order.buffer, f.migratetype.buffer] as ArrayBuffer[]
}

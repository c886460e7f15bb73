// What the router needs from the engine, whoever runs it: the worker host in the app and the
// browser host, a fake in a router test.

import type { EventName, Events, ExecResult, ResetResult, ScriptResult } from '@shared/ipc/contract'
import type { MachineConfig } from '@shared/model/machine'
import type { PageInfo, Snapshot, ViewName } from '@shared/model/snapshot'

export interface WithSnapshot<T> {
  value: T
  /** The requested views right after the command, computed in the same turn of the engine. */
  snapshot: Snapshot
}

export type EngineEventName = Extract<EventName, 'progress' | 'log' | 'engine-restarted'>

export interface EngineService {
  exec(line: string, views: ViewName[]): Promise<WithSnapshot<ExecResult>>
  execScript(text: string, views: ViewName[]): Promise<WithSnapshot<ScriptResult>>
  snapshot(views: ViewName[]): Promise<Snapshot>
  /** One struct page decoded; null past the last frame. */
  page(pfn: number): Promise<PageInfo | null>
  /** Make a process the current one; rejects (invalid-params) when there is no such process. */
  select(pid: number, views: ViewName[]): Promise<WithSnapshot<{ current: number }>>
  reset(machine: Partial<MachineConfig>, views: ViewName[]): Promise<WithSnapshot<ResetResult>>
  /** Cancel the running command and the queued ones; false when nothing was running. */
  cancel(): boolean
  onEvent(listener: <E extends EngineEventName>(event: E, payload: Events[E]) => void): void
}

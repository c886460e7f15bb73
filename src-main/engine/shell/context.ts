// The state a command handler may act on: the machine, the script's variables, and a way to
// boot a new machine (`machine`).

import type { MachineConfig } from '@shared/model/machine'
import type { Machine } from '../machine'
import type { FileSource } from '../engine'

export interface ShellContext {
  readonly machine: Machine
  readonly vars: Map<string, bigint>
  /** Boot a new machine with `config` and make it current. */
  boot(config: MachineConfig): void
  /** The host's files, for commands that read one (trace); undefined in a pure engine. */
  readonly files?: FileSource
  /** Polled by long commands: true asks them to stop. */
  interrupted(): boolean
  /** Progress of a long command. */
  progress(done: number, total: number, label: string): void
}

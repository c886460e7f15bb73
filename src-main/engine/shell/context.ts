// The state a command handler may act on: the machine, the script's variables, and a way to
// boot a new machine (`machine`).

import type { MachineConfig } from '@shared/model/machine'
import type { Machine } from '../machine'

export interface ShellContext {
  readonly machine: Machine
  readonly vars: Map<string, bigint>
  /** Boot a new machine with `config` and make it current. */
  boot(config: MachineConfig): void
}

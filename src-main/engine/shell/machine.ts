// `machine [ram=…] [cpus=…] …`: reset the simulated machine and boot it (spec: "Machine").

import { DEFAULT_MACHINE, checkMachineConfig, type MachineConfig } from '@shared/model/machine'
import type { Command } from '@shared/vml/parse'
import type { ShellContext } from './context'
import { done, runtimeError, type Outcome } from './outcome'
import { memInitPrintInfo } from '../procfs/dmesg'

export function machineCommand(ctx: ShellContext, cmd: Command): Outcome {
  const config: MachineConfig = { ...DEFAULT_MACHINE }
  const o = cmd.options
  const num = (k: string): number | undefined => {
    const v = o[k]
    return v?.kind === 'number' ? (v.value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v.value)) : undefined
  }
  config.ram = num('ram') ?? config.ram
  config.cpus = num('cpus') ?? config.cpus
  config.swap = num('swap') ?? config.swap
  config.seed = num('seed') ?? config.seed
  if (o.aslr?.kind === 'bool') config.aslr = o.aslr.value
  if (o.pcid?.kind === 'bool') config.pcid = o.pcid.value
  if (o.thp?.kind === 'text') config.thp = o.thp.text as MachineConfig['thp']
  if (o.overcommit?.kind === 'text') config.overcommit = Number(o.overcommit.text) as MachineConfig['overcommit']
  const bad = checkMachineConfig(config)
  if (bad) {
    const given = o[bad.key]?.token
    const col = given ? given.col - bad.key.length - 1 : cmd.stmt.command.col
    return runtimeError(cmd.stmt.line, col, `machine: ${bad.key}=${given?.text ?? config[bad.key]} ${bad.reason}`)
  }
  ctx.boot(config)
  return done(memInitPrintInfo(ctx.machine))
}

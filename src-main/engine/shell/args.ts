// Reading a command's arguments when it runs: numbers (variables are bound by then) and the
// options several commands share.

import type { Command } from '@shared/vml/parse'
import { evalExpr } from '@shared/vml/syntax'
import type { ShellContext } from './context'
import { runtimeError, type Outcome } from './outcome'

/** The value of a numeric argument, or the runtime error of its line. */
export function argNumber(ctx: ShellContext, cmd: Command, name: string): number | Outcome {
  const a = cmd.args[name]!
  if (a.kind !== 'expr') return runtimeError(cmd.stmt.line, a.token.col, `${name} must be a number`)
  const v = evalExpr(a.expr, ctx.vars)
  if ('error' in v) return runtimeError(cmd.stmt.line, v.col, v.error)
  if (v.value > BigInt(Number.MAX_SAFE_INTEGER)) return runtimeError(cmd.stmt.line, a.token.col, `${name} ${a.token.text} is too large`)
  return Number(v.value)
}

export function cpuOption(ctx: ShellContext, cmd: Command): number | Outcome {
  const o = cmd.options.cpu
  if (!o || o.kind !== 'number') return 0
  const n = Number(o.value)
  if (o.value >= BigInt(ctx.machine.config.cpus)) {
    return runtimeError(cmd.stmt.line, o.token.col, `cpu=${o.token.text}: the machine has CPUs 0..${ctx.machine.config.cpus - 1}`)
  }
  return n
}


/** A pointer argument (any 64-bit value), or the runtime error of its line. */
export function argPointer(ctx: ShellContext, cmd: Command, name: string): bigint | Outcome {
  const a = cmd.args[name]!
  if (a.kind !== 'expr') return runtimeError(cmd.stmt.line, a.token.col, `${name} must be an address`)
  const v = evalExpr(a.expr, ctx.vars)
  if ('error' in v) return runtimeError(cmd.stmt.line, v.col, v.error)
  return v.value
}

// Reading a command's arguments when it runs: numbers (variables are bound by then) and the
// options several commands share.

import type { Command } from '@shared/vml/parse'
import { evalExpr } from '@shared/vml/syntax'
import type { ShellContext } from './context'
import { GFP_KERNEL, __GFP_DMA, __GFP_DMA32, parseGfp } from '../page_alloc/gfp'
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

/** The `gfp=` option (GFP_KERNEL when absent), or the runtime error of a name that is no flag. */
export function gfpOption(cmd: Command): number | Outcome {
  const g = cmd.options.gfp
  if (g?.kind !== 'text') return GFP_KERNEL
  const parsed = parseGfp(g.text)
  if ('bad' in parsed) {
    return runtimeError(cmd.stmt.line, g.token.col, `gfp: '${parsed.bad}' is not a GFP flag (GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_DMA, __GFP_ZERO, __GFP_COMP, __GFP_RECLAIMABLE, …)`)
  }
  return parsed.mask
}

/** GFP flags that name both DMA zones name none: the runtime error at `col`, or null. */
// include/linux/gfp.h: gfp_zone() (GFP_ZONE_BAD)
export function gfpZoneBad(cmd: Command, gfp: number, col: number): Outcome | null {
  return gfp & __GFP_DMA && gfp & __GFP_DMA32 ? runtimeError(cmd.stmt.line, col, 'GFP_DMA and GFP_DMA32 together name no zone (GFP_ZONE_BAD)') : null
}

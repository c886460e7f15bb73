// `expect PATH FIELD OP VALUE [kB]` and `expect $VAR OP VALUE`: the checks of labs and grading.
// A procfs field is read from the same text `cat` prints, as a grading script would parse it.
// With `kB` the value is compared with the number as printed; without a unit, a kB field is
// compared in bytes, so `expect /proc/meminfo MemFree >= 100M` means what it says.

import type { ComparisonOp } from '@shared/vml/commands'
import type { Command } from '@shared/vml/parse'
import { evalExpr } from '@shared/vml/syntax'
import { readProc } from '../procfs/procfs'
import type { ShellContext } from './context'
import { done, runtimeError, type Outcome } from './outcome'

export function expectCommand(ctx: ShellContext, cmd: Command): Outcome {
  const check = cmd.expect!
  const line = cmd.stmt.line
  const want = evalExpr(check.value, ctx.vars)
  if ('error' in want) return runtimeError(line, want.col, want.error)
  if (check.kind === 'var') {
    const have = ctx.vars.get(check.variable.text)
    if (have === undefined) return runtimeError(line, check.variable.col, `unbound variable $${check.variable.text}`)
    return verdict(cmd, compare(have, check.op, want.value), `$${check.variable.text} = ${hex(have)}`)
  }
  const r = readProc(ctx.machine, check.path.text)
  if ('errno' in r) return runtimeError(line, check.path.col, `${check.path.text}: ${r.message}`)
  const field = findField(r.text, check.field.text)
  if (!field) return runtimeError(line, check.field.col, `${check.path.text} has no field '${check.field.text}'`)
  const inBytes = check.unit === null && field.unit === 'kB'
  const have = inBytes ? field.value * 1024n : field.value
  return verdict(cmd, compare(have, check.op, want.value), `${check.field.text} is ${field.value}${field.unit ? ` ${field.unit}` : ''}`)
}

function verdict(cmd: Command, held: boolean, actual: string): Outcome {
  if (held) return done()
  const message = `expect failed: ${cmd.stmt.args.map((a) => a.text).join(' ')} (${actual})`
  return {
    ok: false,
    value: null,
    errno: null,
    output: `line ${cmd.stmt.line}: ${message}`,
    diagnostic: { kind: 'expect', line: cmd.stmt.line, col: cmd.stmt.command.col, message }
  }
}

function compare(a: bigint, op: ComparisonOp, b: bigint): boolean {
  switch (op) {
    case '==':
      return a === b
    case '!=':
      return a !== b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
  }
}

/**
 * `Name:   1234 kB` lines of meminfo-like files, or `name 1234` lines of /proc/vmstat (the first
 * such line: in /proc/zoneinfo, the first zone's).
 */
export function findField(text: string, name: string): { value: bigint; unit: string } | null {
  for (const l of text.split('\n')) {
    const colon = l.indexOf(':')
    if (colon >= 0 && l.slice(0, colon).trim() === name) {
      const m = /^\s*(-?\d+)\s*(kB)?\s*$/.exec(l.slice(colon + 1))
      if (!m) return null
      return { value: BigInt(m[1]!), unit: m[2] ?? '' }
    }
    const w = /^\s*(\S+)\s+(-?\d+)\s*$/.exec(l)
    if (w && w[1] === name) return { value: BigInt(w[2]!), unit: '' }
  }
  return null
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`
}

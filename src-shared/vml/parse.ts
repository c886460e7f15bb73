// VML parser: a source line → a command with its arguments checked against the command table.
// Everything here is a syntax check (spec: an unknown command or a wrong argument count stops
// the script with `line N:C: …`); values that need variables are evaluated when the command runs.

import {
  COMMANDS,
  COMPARISON_OPS,
  PLANNED_COMMANDS,
  closestCommand,
  findCommand,
  type ArgSpec,
  type CommandSpec,
  type ComparisonOp,
  type OptionSpec
} from './commands'
import { VmlSyntaxError, isIdentifier, parseExpr, parseNumberText, splitStatement, stripComment, type Expr, type Statement, type Token } from './syntax'

export type ArgValue =
  | { kind: 'expr'; token: Token; expr: Expr }
  | { kind: 'delta'; token: Token; sign: 1 | -1 | 0; expr: Expr }
  | { kind: 'text'; token: Token; text: string }

export type OptionValue =
  | { kind: 'number'; token: Token; value: bigint }
  | { kind: 'text'; token: Token; text: string }
  | { kind: 'bool'; token: Token; value: boolean }
  | { kind: 'expr'; token: Token; expr: Expr }

/** The parsed `expect`: a procfs field or a variable compared with a value. */
export type ExpectCheck =
  | { kind: 'field'; path: Token; field: Token; op: ComparisonOp; value: Expr; unit: 'kB' | null }
  | { kind: 'var'; variable: Token; op: ComparisonOp; value: Expr }

export interface Command {
  stmt: Statement
  spec: CommandSpec
  /** Positional arguments by name (`PATH`, `ADDR`, …). */
  args: Record<string, ArgValue>
  flags: Set<string>
  options: Record<string, OptionValue>
  expect: ExpectCheck | null
}

/** Parse one line; null for a blank or comment-only line. Throws VmlSyntaxError. */
export function parseLine(raw: string, line: number): Command | null {
  const stmt = splitStatement(raw, line)
  if (!stmt) return null
  const spec = findCommand(stmt.command.text)
  if (!spec) throw unknownCommand(stmt)
  if (spec.scope === 'process' && !stmt.target)
    throw new VmlSyntaxError(line, stmt.command.col, `${spec.name} acts on a process: write a target first (p1: ${spec.name} …)`)
  if (spec.scope === 'global' && stmt.target)
    throw new VmlSyntaxError(line, stmt.target.col, `${spec.name} is not process-scoped: remove '${stmt.target.name}:'`)
  if (stmt.bind && spec.result === 'none')
    throw new VmlSyntaxError(line, stmt.bind.col, `${spec.name} has no result to bind to $${stmt.bind.text}`)
  const cmd: Command = { stmt, spec, args: {}, flags: new Set(), options: {}, expect: null }
  if (spec.name === 'expect') cmd.expect = bindExpect(stmt)
  else bindArgs(cmd)
  return cmd
}

function unknownCommand(stmt: Statement): VmlSyntaxError {
  const name = stmt.command.text
  if (PLANNED_COMMANDS.includes(name))
    return new VmlSyntaxError(stmt.line, stmt.command.col, `'${name}' is part of VML but this version of the engine does not simulate it yet`)
  const near = closestCommand(name)
  const hint = near ? `did you mean '${near}'? ` : ''
  return new VmlSyntaxError(
    stmt.line,
    stmt.command.col,
    `unknown command '${name}': ${hint}commands are ${COMMANDS.map((c) => c.name).join(', ')}`
  )
}

function bindArgs(cmd: Command): void {
  const { stmt, spec } = cmd
  const positional: Token[] = []
  for (const tok of stmt.args) {
    const eq = tok.text.indexOf('=')
    if (eq > 0 && isIdentifier(tok.text.slice(0, eq))) {
      const key = tok.text.slice(0, eq)
      const opt = spec.options?.[key]
      if (!opt) throw new VmlSyntaxError(stmt.line, tok.col, `${spec.name} has no option '${key}'${optionList(spec)}`)
      if (key in cmd.options) throw new VmlSyntaxError(stmt.line, tok.col, `option '${key}' is given twice`)
      cmd.options[key] = bindOption(stmt.line, key, opt, { text: tok.text.slice(eq + 1), col: tok.col + eq + 1 })
    } else if (spec.flags?.includes(tok.text)) {
      cmd.flags.add(tok.text)
    } else {
      positional.push(tok)
    }
  }
  const required = spec.args.filter((a) => !a.optional).length
  if (positional.length < required || positional.length > spec.args.length) {
    const at = positional[spec.args.length] ?? stmt.command
    const want = required === spec.args.length ? `${required}` : `${required} to ${spec.args.length}`
    throw new VmlSyntaxError(
      stmt.line,
      at.col,
      `${spec.name} takes ${want} argument${spec.args.length === 1 ? '' : 's'}, got ${positional.length}: ${spec.usage}`
    )
  }
  positional.forEach((tok, i) => {
    const a = spec.args[i]!
    cmd.args[a.name] = bindArg(stmt.line, spec, a, tok)
  })
}

function optionList(spec: CommandSpec): string {
  const keys = Object.keys(spec.options ?? {})
  return keys.length ? ` (options: ${keys.join(', ')})` : ''
}

function bindArg(line: number, spec: CommandSpec, a: ArgSpec, tok: Token): ArgValue {
  switch (a.kind) {
    case 'expr':
      return { kind: 'expr', token: tok, expr: parseExpr(tok, line) }
    case 'delta': {
      const sign = tok.text.startsWith('+') ? 1 : tok.text.startsWith('-') ? -1 : 0
      const rest = sign ? { text: tok.text.slice(1), col: tok.col + 1 } : tok
      return { kind: 'delta', token: tok, sign, expr: parseExpr(rest, line) }
    }
    case 'path':
      if (!tok.text.startsWith('/')) throw new VmlSyntaxError(line, tok.col, `${a.name} must be an absolute path such as /proc/meminfo`)
      return { kind: 'text', token: tok, text: tok.text }
    case 'op':
      if (!(COMPARISON_OPS as readonly string[]).includes(tok.text))
        throw new VmlSyntaxError(line, tok.col, `'${tok.text}' is not a comparison: use ${COMPARISON_OPS.join(' ')}`)
      return { kind: 'text', token: tok, text: tok.text }
    case 'name':
      if (!/^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(tok.text) || tok.text.length > 64)
        throw new VmlSyntaxError(line, tok.col, `'${tok.text}' is not a cache name (letters, digits, _ . - :)`)
      return { kind: 'text', token: tok, text: tok.text }
    case 'file':
      return { kind: 'text', token: tok, text: tok.text }
    case 'setting':
      if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+(=\S+)?$/.test(tok.text)) throw new VmlSyntaxError(line, tok.col, `'${tok.text}' is not a sysctl: KEY or KEY=VALUE, such as vm.overcommit_memory=2`)
      return { kind: 'text', token: tok, text: tok.text }
    case 'task':
      if (!/^([A-Za-z_][A-Za-z0-9_]*|\d+)$/.test(tok.text)) throw new VmlSyntaxError(line, tok.col, `'${tok.text}' is not a process: a handle (p1) or a pid`)
      return { kind: 'text', token: tok, text: tok.text }
    case 'word':
      if (a.choices && !a.choices.includes(tok.text))
        throw new VmlSyntaxError(line, tok.col, `${spec.name}: ${a.name} is one of ${a.choices.join(', ')}, not '${tok.text}'`)
      if (!a.choices && !isIdentifier(tok.text)) throw new VmlSyntaxError(line, tok.col, `'${tok.text}' is not a name`)
      return { kind: 'text', token: tok, text: tok.text }
  }
}

function bindOption(line: number, key: string, opt: OptionSpec, v: Token): OptionValue {
  switch (opt.kind) {
    case 'size':
    case 'int': {
      const n = parseNumberText(v.text)
      if ('error' in n) throw new VmlSyntaxError(line, v.col + n.at, `${key}: ${n.error}`)
      return { kind: 'number', token: v, value: n.value }
    }
    case 'onoff':
      if (v.text !== 'on' && v.text !== 'off') throw new VmlSyntaxError(line, v.col, `${key} is on or off, not '${v.text}'`)
      return { kind: 'bool', token: v, value: v.text === 'on' }
    case 'text':
      if (v.text.length === 0) throw new VmlSyntaxError(line, v.col, `${key} needs a value`)
      return { kind: 'text', token: v, text: v.text }
    case 'expr':
      if (v.text.length === 0) throw new VmlSyntaxError(line, v.col, `${key} needs a value`)
      return { kind: 'expr', token: v, expr: parseExpr(v, line) }
    case 'choice':
      if (!opt.choices?.includes(v.text))
        throw new VmlSyntaxError(line, v.col, `${key} is one of ${opt.choices?.join(', ')}, not '${v.text}'`)
      return { kind: 'text', token: v, text: v.text }
  }
}

// expect PATH FIELD OP VALUE [kB]   |   expect $VAR OP VALUE
function bindExpect(stmt: Statement): ExpectCheck {
  const a = stmt.args
  const usage = 'expect PATH FIELD OP VALUE [kB]  or  expect $VAR OP VALUE'
  const op = (tok: Token | undefined): ComparisonOp => {
    if (!tok) throw new VmlSyntaxError(stmt.line, stmt.command.col, `expect needs a comparison: ${usage}`)
    if (!(COMPARISON_OPS as readonly string[]).includes(tok.text))
      throw new VmlSyntaxError(stmt.line, tok.col, `'${tok.text}' is not a comparison: use ${COMPARISON_OPS.join(' ')}`)
    return tok.text as ComparisonOp
  }
  const first = a[0]
  if (!first) throw new VmlSyntaxError(stmt.line, stmt.command.col, `expect needs arguments: ${usage}`)
  if (first.text.startsWith('$')) {
    const name = first.text.slice(1)
    if (!isIdentifier(name)) throw new VmlSyntaxError(stmt.line, first.col, `'${first.text}' is not a variable`)
    if (a.length !== 3) throw new VmlSyntaxError(stmt.line, (a[3] ?? first).col, `expect takes 3 arguments here: ${usage}`)
    return { kind: 'var', variable: { text: name, col: first.col }, op: op(a[1]), value: parseExpr(a[2]!, stmt.line) }
  }
  if (!first.text.startsWith('/')) throw new VmlSyntaxError(stmt.line, first.col, `expect checks a /proc file or a $variable: ${usage}`)
  if (a.length < 4 || a.length > 5) {
    throw new VmlSyntaxError(stmt.line, (a[5] ?? a[a.length - 1] ?? first).col, `expect takes 4 or 5 arguments here: ${usage}`)
  }
  const unitTok = a[4]
  if (unitTok && unitTok.text !== 'kB') throw new VmlSyntaxError(stmt.line, unitTok.col, `the unit after the value is kB, not '${unitTok.text}'`)
  return {
    kind: 'field',
    path: first,
    field: a[1]!,
    op: op(a[2]),
    value: parseExpr(a[3]!, stmt.line),
    unit: unitTok ? 'kB' : null
  }
}

/** The non-blank lines of a script, with their 1-based numbers. */
export function scriptLines(text: string): { line: number; raw: string }[] {
  const out: { line: number; raw: string }[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    if (stripComment(raw).trim().length > 0) out.push({ line: i + 1, raw })
  })
  return out
}

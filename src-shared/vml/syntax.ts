// VML lexical layer (../shared/spec/vml.md, "Lexical rules"): comments, tokens with their
// columns, numbers with binary suffixes and `_` separators, `$variables`, address expressions,
// targets (`p1:`) and bindings (`a = …`). Pure: no Node, DOM or engine imports.

/** A syntax error names the 1-based line and column: `line 3:14: …`. */
export class VmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    readonly reason: string
  ) {
    super(`line ${line}:${col}: ${reason}`)
    this.name = 'VmlSyntaxError'
  }
}

export interface Token {
  text: string
  /** 1-based column of the token's first character in the source line. */
  col: number
}

export interface Target {
  /** A process handle (`p1`) or a numeric pid (`1234`). */
  name: string
  pid: number | null
  col: number
}

/** A line split into its parts, before the command's own arguments are checked. */
export interface Statement {
  line: number
  /** The line's text with the comment stripped and surrounding blanks trimmed. */
  text: string
  target: Target | null
  bind: Token | null
  command: Token
  args: Token[]
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/
const MAX_U64 = (1n << 64n) - 1n

export function isIdentifier(s: string): boolean {
  return IDENT.test(s)
}

/** Strip a `#` comment; VML has no strings, so the first `#` always starts one. */
export function stripComment(raw: string): string {
  const hash = raw.indexOf('#')
  return hash < 0 ? raw : raw.slice(0, hash)
}

/** Split a line into tokens separated by spaces or tabs, keeping 1-based columns. */
export function tokenize(raw: string): Token[] {
  const tokens: Token[] = []
  const re = /[^ \t\r\n]+/g
  for (let m = re.exec(raw); m; m = re.exec(raw)) tokens.push({ text: m[0], col: m.index + 1 })
  return tokens
}

/**
 * Split one source line into target, binding, command and argument tokens.
 * Returns null for a blank or comment-only line. Both binding orders mean the same:
 * `p1: a = mmap 64K` and `a = p1: mmap 64K`.
 */
export function splitStatement(raw: string, line: number): Statement | null {
  const body = stripComment(raw)
  const tokens = tokenize(body)
  if (tokens.length === 0) return null
  const text = body.trim()
  let target: Target | null = null
  let bind: Token | null = null
  let i = 0
  // At most one target and one binding, in either order.
  for (let pass = 0; pass < 2; pass++) {
    const t = tokens[i]
    if (!target && t && t.text.endsWith(':')) {
      target = parseTarget(t, line)
      i++
      continue
    }
    if (!bind && t && tokens[i + 1]?.text === '=') {
      if (!isIdentifier(t.text))
        throw new VmlSyntaxError(line, t.col, `'${t.text}' is not a variable name (letters, digits and _, not starting with a digit)`)
      bind = t
      i += 2
      continue
    }
  }
  const command = tokens[i]
  if (!command) {
    const last = tokens[tokens.length - 1]!
    throw new VmlSyntaxError(line, last.col + last.text.length, 'a command is missing')
  }
  if (command.text === '=' || command.text.endsWith(':')) {
    throw new VmlSyntaxError(line, command.col, `unexpected '${command.text}': write [TARGET:] [NAME =] COMMAND ARGS…`)
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(command.text)) {
    throw new VmlSyntaxError(line, command.col, `'${command.text}' is not a command name`)
  }
  const args = tokens.slice(i + 1)
  const stray = args.find((a) => a.text === '=')
  if (stray) throw new VmlSyntaxError(line, stray.col, "unexpected '=': a binding goes before the command (`a = mmap 64K`)")
  return { line, text, target, bind, command, args }
}

function parseTarget(t: Token, line: number): Target {
  const name = t.text.slice(0, -1)
  if (/^[0-9]+$/.test(name)) {
    const pid = Number(name)
    if (!Number.isSafeInteger(pid) || pid <= 0) throw new VmlSyntaxError(line, t.col, `'${name}' is not a valid pid`)
    return { name, pid, col: t.col }
  }
  if (!isIdentifier(name))
    throw new VmlSyntaxError(line, t.col, `'${t.text}' is not a target: write a process handle or a pid followed by ':' (p1:)`)
  return { name, pid: null, col: t.col }
}

/**
 * Parse a number: decimal `4096`, hex `0x7f00`, with `_` between digits and an optional
 * binary suffix K, M or G (case-insensitive, K = 1024). Returns the value as an unsigned
 * 64-bit bigint, or a reason string and the offset of the offending character.
 */
export function parseNumberText(s: string): { value: bigint } | { error: string; at: number } {
  let i = 0
  let radix = 10
  if (/^0[xX]/.test(s)) {
    radix = 16
    i = 2
  }
  const digitRe = radix === 16 ? /[0-9a-fA-F]/ : /[0-9]/
  let digits = ''
  const start = i
  for (; i < s.length; i++) {
    const c = s[i]!
    if (digitRe.test(c)) digits += c
    else if (c === '_') {
      if (i === start || !digitRe.test(s[i + 1] ?? '')) return { error: "'_' must stand between two digits", at: i }
    } else break
  }
  if (digits.length === 0) return { error: radix === 16 ? 'hex digits expected after 0x' : 'a number was expected', at: i }
  let value = BigInt((radix === 16 ? '0x' : '') + digits)
  if (i < s.length) {
    const suffix = s[i]!.toUpperCase()
    const shift = suffix === 'K' ? 10n : suffix === 'M' ? 20n : suffix === 'G' ? 30n : -1n
    if (shift < 0n || i !== s.length - 1) {
      return { error: `unexpected '${s.slice(i)}' after the number (sizes take K, M or G)`, at: i }
    }
    value <<= shift
  }
  if (value > MAX_U64) return { error: 'the number does not fit in 64 bits', at: 0 }
  return { value }
}

export type Term =
  | { sign: 1 | -1; kind: 'num'; value: bigint; col: number }
  | { sign: 1 | -1; kind: 'var'; name: string; col: number }

/** An address expression: terms joined by `+`/`-` with no spaces (`$buf+16K`). */
export interface Expr {
  text: string
  col: number
  terms: Term[]
}

export function parseExpr(tok: Token, line: number): Expr {
  const s = tok.text
  const terms: Term[] = []
  let i = 0
  let sign: 1 | -1 = 1
  if (s.length === 0) throw new VmlSyntaxError(line, tok.col, 'an expression was expected')
  while (i < s.length) {
    let j = i
    if (s[j] === '$') j++
    while (j < s.length && s[j] !== '+' && s[j] !== '-') j++
    const part = s.slice(i, j)
    const col = tok.col + i
    if (part.length === 0) throw new VmlSyntaxError(line, col, `a number or $variable was expected in '${s}'`)
    if (part.startsWith('$')) {
      const name = part.slice(1)
      if (!isIdentifier(name)) throw new VmlSyntaxError(line, col, `'${part}' is not a variable name`)
      terms.push({ sign, kind: 'var', name, col })
    } else {
      const n = parseNumberText(part)
      if ('error' in n) throw new VmlSyntaxError(line, col + n.at, n.error)
      terms.push({ sign, kind: 'num', value: n.value, col })
    }
    if (j < s.length) {
      sign = s[j] === '+' ? 1 : -1
      if (j === s.length - 1) throw new VmlSyntaxError(line, tok.col + j + 1, `a term was expected after '${s[j]}'`)
    }
    i = j + 1
  }
  return { text: s, col: tok.col, terms }
}

/** Variables of a script: `$name` → value. Global to the script (spec: Binding). */
export type Variables = ReadonlyMap<string, bigint>

export type EvalResult = { value: bigint } | { error: string; col: number }

/** Evaluate an expression modulo 2^64, as addresses wrap in a 64-bit register. */
export function evalExpr(e: Expr, vars: Variables): EvalResult {
  let acc = 0n
  for (const t of e.terms) {
    let v: bigint
    if (t.kind === 'num') v = t.value
    else {
      const bound = vars.get(t.name)
      if (bound === undefined) return { error: `unbound variable $${t.name}`, col: t.col }
      v = bound
    }
    acc = t.sign > 0 ? acc + v : acc - v
  }
  return { value: BigInt.asUintN(64, acc) }
}

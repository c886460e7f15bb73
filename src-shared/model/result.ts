// What one VML command produced. The first six fields are exactly the JSON line of
// `vmlab run --json` (../shared/spec/vml.md, "Headless runner"); `diagnostic` adds the
// position of a syntax or evaluation error for the console, and is never printed as JSON.

export interface CommandResult {
  line: number
  command: string
  ok: boolean
  /** An address or pointer as lowercase hex (`"0x7ffff7ff0000"`), a pid/pfn/count, or null. */
  result: string | number | null
  /** The errno's name (`"EINVAL"`) when a system call failed, else null. */
  errno: string | null
  output: string
  diagnostic?: Diagnostic
}

export interface Diagnostic {
  /** `syntax` stops a script (exit 2); `runtime` fails only its own line; `expect` is a failed check. */
  kind: 'syntax' | 'runtime' | 'expect'
  line: number
  col: number
  message: string
}

/** The six fields of the spec's JSON line, in the spec's order. */
export function toJsonLine(r: CommandResult): string {
  return JSON.stringify({ line: r.line, command: r.command, ok: r.ok, result: r.result, errno: r.errno, output: r.output })
}

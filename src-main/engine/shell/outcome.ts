// What a command handler returns to the interpreter. Kernel errors are values (`-errno` in
// Linux, `errno` here); a handler throws only for a broken invariant of the engine (BUG_ON).

import type { Diagnostic } from '@shared/model/result'

export interface Outcome {
  ok: boolean
  /** The primary result: an address/pointer (bigint) or a pid/pfn/count (number). */
  value: bigint | number | null
  errno: string | null
  output: string
  diagnostic?: Diagnostic
}

export function done(output = '', value: bigint | number | null = null): Outcome {
  return { ok: true, value, errno: null, output }
}

/** A failed system call prints its errno as Linux names it: `mmap: -EINVAL`. */
export function errno(command: string, name: string, detail?: string): Outcome {
  return { ok: false, value: null, errno: name, output: detail ?? `${command}: -${name}` }
}

/** A line that could not run (an unbound variable, a bad value): fails alone, the script goes on. */
export function runtimeError(line: number, col: number, message: string): Outcome {
  return {
    ok: false,
    value: null,
    errno: null,
    output: `line ${line}:${col}: ${message}`,
    diagnostic: { kind: 'runtime', line, col, message }
  }
}

/** Thrown by the engine when the caller's interrupt() asked it to stop. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted')
    this.name = 'Interrupted'
  }
}

// `cat PATH`: a procfs file in the exact format of Linux 6.x, or the error cat(1) would print.

import type { Command } from '@shared/vml/parse'
import { readProc } from '../procfs/procfs'
import type { ShellContext } from './context'
import { done, errno, type Outcome } from './outcome'

export function catCommand(ctx: ShellContext, cmd: Command): Outcome {
  const path = cmd.args.PATH!.kind === 'text' ? cmd.args.PATH!.text : ''
  const r = readProc(ctx.machine, path)
  if ('errno' in r) return errno('cat', r.errno, `cat: ${path}: ${r.message}`)
  return done(r.text)
}

// `help [COMMAND]`: the command table, as the console's first teacher.

import { COMMANDS, findCommand, PLANNED_COMMANDS } from '@shared/vml/commands'
import type { Command } from '@shared/vml/parse'
import type { ShellContext } from './context'
import { done, runtimeError, type Outcome } from './outcome'

export function helpCommand(_ctx: ShellContext, cmd: Command): Outcome {
  const arg = cmd.args.COMMAND
  if (arg?.kind === 'text') {
    const spec = findCommand(arg.text)
    if (!spec) {
      const why = PLANNED_COMMANDS.includes(arg.text) ? 'is not simulated by this version yet' : 'is not a command'
      return runtimeError(cmd.stmt.line, arg.token.col, `'${arg.text}' ${why}`)
    }
    return done(`${spec.usage}\n  ${spec.summary}\n  Linux: ${spec.linux}`)
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  const lines = COMMANDS.map((c) => `${c.name.padEnd(width)}  ${c.summary}`)
  return done(`${lines.join('\n')}\n\nhelp COMMAND shows its arguments.`)
}

// `vmlab`: the headless runner (../shared/spec/vml.md, "Headless runner").
//   vmlab run FILE.vml [--json]     exit 0: checks held, 1: a check failed, 2: usage or syntax error
// The engine runs in this process, unchanged: the same class the app's worker runs.

import { nodeFiles } from '../worker/nodeFiles'
import { readFileSync } from 'node:fs'
import { toJsonLine, type CommandResult } from '@shared/model/result'
import { Engine } from '../engine/engine'
import pkg from '../../package.json'

const USAGE = `usage: vmlab run FILE.vml [--json]
  Runs a VML script on the simulated Linux ${'6.18'} x86-64 machine with no window.
  --json     one JSON object per command: {"line","command","ok","result","errno","output"}
  exit status: 0 all checks held, 1 a check failed, 2 a usage or syntax error`

export function runCli(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const args = argv.slice()
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    ;(args.length === 0 ? err : out)(USAGE)
    return args.length === 0 ? 2 : 0
  }
  if (args[0] === '--version') {
    out(`vmlab ${pkg.version}`)
    return 0
  }
  if (args[0] !== 'run') {
    err(`vmlab: unknown command '${args[0]}'\n${USAGE}`)
    return 2
  }
  const json = args.includes('--json')
  const unknown = args.slice(1).find((a) => a.startsWith('-') && a !== '--json')
  if (unknown) {
    err(`vmlab run: unknown option '${unknown}'\n${USAGE}`)
    return 2
  }
  const files = args.slice(1).filter((a) => !a.startsWith('-'))
  if (files.length !== 1) {
    err(`vmlab run: exactly one script file is needed\n${USAGE}`)
    return 2
  }
  let text: string
  try {
    text = readFileSync(files[0]!, 'utf8')
  } catch (e) {
    err(`vmlab run: cannot read ${files[0]}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)
    return 2
  }
  const engine = new Engine({ debug: process.env.VMLAB_DEBUG_VM === '1', files: nodeFiles })
  const r = engine.execScript(text, (res) => print(res, json, out, err))
  return r.exitCode
}

function print(r: CommandResult, json: boolean, out: (s: string) => void, err: (s: string) => void): void {
  if (r.diagnostic?.kind === 'syntax') {
    err(`${r.output}`)
    return
  }
  if (json) {
    out(toJsonLine(r))
    return
  }
  if (r.diagnostic?.kind === 'runtime') err(r.output)
  else if (r.output) out(r.output.replace(/\n$/, ''))
  else if (r.result !== null) out(String(r.result))
}

if (require.main === module) {
  process.exitCode = runCli(
    process.argv.slice(2),
    (s) => process.stdout.write(`${s}\n`),
    (s) => process.stderr.write(`${s}\n`)
  )
}

// `p1: trace FILE [maps=FILE]`: a lackey memory trace replayed through a process (trace/replay.ts).

import type { Command } from '@shared/vml/parse'
import { TraceReplay } from '../trace/replay'
import { parseMapsInto } from '../trace/maps'
import type { ShellContext } from './context'
import { done, errno, runtimeError, type Outcome } from './outcome'
import { Interrupted } from './outcome'

const CHUNK = 1 << 16

function readAll(ctx: ShellContext, path: string): string | { error: string } {
  const f = ctx.files!.open(path)
  if ('error' in f) return f
  // A maps file is ASCII: paths, hex numbers, brackets.
  let text = ''
  const buf = new Uint8Array(CHUNK)
  for (let n; (n = f.read(buf)); ) for (let i = 0; i < n; i++) text += String.fromCharCode(buf[i]!)
  f.close()
  return text
}

export function traceCommand(ctx: ShellContext, cmd: Command): Outcome {
  const t = cmd.stmt.target!
  const task = ctx.machine.procs.resolve(t.name)
  if (!task || !task.mm) return runtimeError(cmd.stmt.line, t.col, `no process '${t.name}': spawn one first`)
  if (!ctx.files) return errno('trace', 'ENOSYS', 'trace: this engine has no access to files')
  const a = cmd.args.FILE!
  const path = a.kind === 'text' ? a.text : ''
  ctx.machine.procs.current = task.pid
  task.mm.beginChanges()
  const maps = cmd.options.maps?.kind === 'text' ? cmd.options.maps.text : null
  if (maps) {
    const text = readAll(ctx, maps)
    if (typeof text !== 'string') return errno('trace', 'ENOENT', `trace: ${maps}: ${text.error}`)
    const r = parseMapsInto(task.mm, text)
    if ('error' in r) return runtimeError(cmd.stmt.line, cmd.options.maps!.token.col, `maps: ${r.error}`)
  }
  const f = ctx.files.open(path)
  if ('error' in f) return errno('trace', 'ENOENT', `trace: ${path}: ${f.error}`)
  const replay = new TraceReplay(ctx.machine, task, maps === null)
  const buf = new Uint8Array(CHUNK)
  let read = 0
  try {
    for (let n; (n = f.read(buf)); ) {
      replay.push(buf.subarray(0, n))
      read += n
      ctx.progress(read, f.size, `trace ${path}`)
      if (ctx.interrupted()) throw new Interrupted()
      if (replay.stats.segv) break
    }
    replay.finish()
  } catch (e) {
    if (e instanceof Interrupted) throw e
    // A damaged file: what was replayed stays replayed, as on a real machine.
    return errno('trace', 'EINVAL', `trace: ${path}: ${(e as Error).message} (after ${read.toLocaleString('en-US')} bytes)`)
  } finally {
    f.close()
  }
  const s = replay.stats
  ctx.machine.procs.generation++
  const data = s.loads + s.stores + s.modifies
  const pct = (x: number) => (s.translations ? `${((100 * x) / s.translations).toFixed(2)}%` : '—')
  const lines = [
    `${s.lines.toLocaleString('en-US')} line${s.lines === 1 ? '' : 's'}: ${s.fetches.toLocaleString('en-US')} instruction fetches, ${data.toLocaleString('en-US')} data accesses (${s.loads.toLocaleString('en-US')} loads, ${s.stores.toLocaleString('en-US')} stores, ${s.modifies.toLocaleString('en-US')} modifies)`,
    `${s.translations.toLocaleString('en-US')} translations: L1 TLB hits ${pct(s.l1Hits)}, STLB hits ${pct(s.stlbHits)}, page walks ${s.walks.toLocaleString('en-US')}`,
    `${s.minorFaults.toLocaleString('en-US')} minor faults, ${s.majorFaults} major; ${s.pagesTouched} pages touched` + (s.regionsMapped ? `; ${s.regionsMapped} anonymous 1 MiB regions mapped for it` : '')
  ]
  if (s.segv) return { ok: false, value: null, errno: null, output: [...lines, s.segv].join('\n') }
  return done(lines.join('\n'), data + s.fetches)
}

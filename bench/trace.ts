// Trace replay (issue 7): the committed real lackey trace through a process, with and without the
// cost of decompressing and parsing it; a synthetic trace that touches a fresh page on every access
// (the page-fault path); page faults per second.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Decompress } from 'fzstd'
import { DEFAULT_MACHINE } from '@shared/model/machine'
import { Machine } from '../src-main/engine/machine'
import { TraceReplay } from '../src-main/engine/trace/replay'

const TRACE = resolve(__dirname, '../../../../src-main/engine/trace/fixtures/small.lackey.zst')

function freshProcess(ram = 1024 ** 3) {
  const m = new Machine({ ...DEFAULT_MACHINE, ram })
  const t = m.procs.spawn('p1', '/usr/bin/cat', 'kill')
  if (typeof t === 'string') throw new Error(t)
  return { m, t }
}

/** The whole trace parsed into flat arrays (what the replay consumes batch by batch). */
function parseAll(file: Buffer): { addr: Float64Array; size: Uint16Array; kind: Uint8Array; n: number } {
  const cap = 12_000_000
  const addr = new Float64Array(cap)
  const size = new Uint16Array(cap)
  const kind = new Uint8Array(cap)
  let n = 0
  let k = -2
  let a = 0
  let s = 0
  let inSize = false
  const d = new Decompress((data) => {
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!
      if (c === 10) {
        if (k >= 0) {
          addr[n] = a
          size[n] = s || 1
          kind[n++] = k
        }
        k = -2
        a = 0
        s = 0
        inSize = false
      } else if (k === -1) continue
      else if (k === -2) {
        if (c !== 32) k = c === 73 ? 0 : c === 76 ? 1 : c === 83 ? 2 : c === 77 ? 3 : -1
      } else if (c === 44) inSize = true
      else if (c !== 32) {
        if (inSize) s = s * 10 + (c - 48)
        else a = a * 16 + (c <= 57 ? c - 48 : (c | 32) - 87)
      }
    }
  })
  d.push(new Uint8Array(file), true)
  return { addr, size, kind, n }
}

export function traceSection(): string {
  const file = readFileSync(TRACE)
  // 1. Parse included: the file's bytes pushed through the replay as the `trace` command does.
  const full = (() => {
    const { m, t } = freshProcess()
    const r = new TraceReplay(m, t, true)
    const t0 = performance.now()
    for (let off = 0; off < file.length; off += 1 << 16) r.push(new Uint8Array(file.subarray(off, off + (1 << 16))))
    const s = r.finish()
    return { s, ms: performance.now() - t0 }
  })()
  // 2. Parse excluded: the parsed accesses replayed again in a process whose pages are all mapped
  //    (the TLB-hit path), median of three.
  const parsed = parseAll(file)
  const { m, t } = freshProcess()
  const warm = new TraceReplay(m, t, true)
  const B = 1 << 16
  const replayAll = (r: TraceReplay) => {
    for (let off = 0; off < parsed.n; off += B) r.replay(parsed.addr.subarray(off), parsed.size.subarray(off), parsed.kind.subarray(off), Math.min(B, parsed.n - off))
  }
  replayAll(warm)
  const runs = [0, 1, 2].map(() => {
    const r = new TraceReplay(m, t, true)
    const t0 = performance.now()
    replayAll(r)
    return { ms: performance.now() - t0, s: r.stats }
  })
  runs.sort((a, b) => a.ms - b.ms)
  const hit = runs[1]!
  // 3. The fault path: a store to a fresh page on every access, each run in a fresh process on a
  //    fresh machine; one run first to warm the JIT up, then the median of three.
  const faultRun = () => {
    const { m, t } = freshProcess(4 * 1024 ** 3)
    const n = 300_000
    const addr = new Float64Array(n)
    for (let i = 0; i < n; i++) addr[i] = 0x100000000 + i * 4096
    const size = new Uint16Array(n).fill(8)
    const kind = new Uint8Array(n).fill(2)
    const r = new TraceReplay(m, t, true)
    const t0 = performance.now()
    for (let off = 0; off < n; off += B) r.replay(addr.subarray(off), size.subarray(off), kind.subarray(off), Math.min(B, n - off))
    return { ms: performance.now() - t0, s: r.stats, n }
  }
  faultRun()
  const faultRuns = [faultRun(), faultRun(), faultRun()].sort((a, b) => a.ms - b.ms)
  const faults = faultRuns[1]!
  const rate = (count: number, ms: number) => `${(count / (ms / 1000) / 1e6).toFixed(2)} M/s`
  return `## Trace replay (issue 7)

\`src-main/engine/trace/fixtures/small.lackey.zst\`: valgrind lackey's trace of \`gzip -6\`
(${full.s.lines.toLocaleString('en-US')} lines: ${full.s.fetches.toLocaleString('en-US')} instruction fetches and ${(full.s.loads + full.s.stores + full.s.modifies).toLocaleString('en-US')} data accesses), replayed
in a spawned process on the default CPU model (Skylake-class TLBs, no PCID). Targets on this
machine, parsing excluded: ≥ 40 M accesses/s on the TLB-hit path, ≥ 1 M minor faults/s.

| what | accesses | time | rate | |
|---|---|---|---|---|
| parse included (zstd decode + lackey parse + replay, first run: faults included) | ${full.s.lines.toLocaleString('en-US')} lines | ${full.ms.toFixed(0)} ms | ${rate(full.s.lines, full.ms)} lines | ${full.s.minorFaults} minor faults, L1 hits ${((100 * full.s.l1Hits) / full.s.translations).toFixed(2)}% |
| parse excluded, pages mapped (TLB-hit path), median of 3 | ${(hit.s.fetches + hit.s.loads + hit.s.stores + hit.s.modifies).toLocaleString('en-US')} | ${hit.ms.toFixed(0)} ms | ${rate(hit.s.fetches + hit.s.loads + hit.s.stores + hit.s.modifies, hit.ms)} | ${(hit.s.fetches + hit.s.loads + hit.s.stores + hit.s.modifies) / (hit.ms / 1000) >= 40e6 ? 'meets' : 'MISSES'} the 40 M/s target |
| a store to a fresh page on every access (the fault path), median of 3 after a warm-up run | ${faults.n.toLocaleString('en-US')} | ${faults.ms.toFixed(0)} ms | ${rate(faults.s.minorFaults, faults.ms)} minor faults | ${faults.s.minorFaults / (faults.ms / 1000) >= 1e6 ? 'meets' : 'MISSES'} the 1 M/s target |
`
}

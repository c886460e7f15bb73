// Round trip of a console command through the bridge: renderer → router → worker → snapshot
// back, over 1 000 commands on the default 256 MiB machine, for both transports:
//  - Electron IPC, measured on the router and the real engine worker without a window: the
//    request and every message back are passed through V8's structured clone (what Electron's
//    ipcRenderer.invoke / webContents.send do), the router publishes the snapshot event;
//  - WebSocket, measured in Chromium on the real renderer page served by the browser host,
//    through its `window.vmlab` bridge.
// A round trip ends when both the command's response and its `snapshot` event have arrived.
// Also the engine alone: boot times and the cost of one command in-process.

import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { chromium } from '@playwright/test'
import { DEFAULT_PREFS, type EventMessage, type Prefs, type ResponseMessage } from '@shared/ipc/contract'
import { Engine } from '../src-main/engine/engine'
import { Router } from '../src-main/ipc/router'
import { startHost } from '../src-main/host/server'
import { EngineHost } from '../src-main/worker/engineHost'
import { chromiumArgs, chromiumPath } from '../e2e/support/chromium'
import { frameMapSection } from './framemap'
import { machineLine, summarize } from './machine'
import { kernelAllocSection, pageAllocSection } from './page_alloc'
import { vmaSection } from './vma'
import { traceSection } from './trace'

const N = 1000
const WARMUP = 50
const COMMANDS = ['cat /proc/meminfo', 'help', 'expect /proc/meminfo MemTotal > 0']
/** Commands that change physical memory: the frame map and buddy views travel and are redrawn. */
const ALLOC_COMMANDS = ['p = alloc_pages 0', 'free_pages $p 0', 'q = alloc_pages 3', 'free_pages $q 3']
const ROOT = resolve(__dirname, '../../../..')

const workerPath = process.env.VMLAB_BENCH_WORKER
if (!workerPath) throw new Error('run through `npm run bench`')

function memoryPrefs() {
  let p: Prefs = structuredClone(DEFAULT_PREFS)
  return { get: () => p, set: (patch: Partial<Prefs>) => (p = { ...p, ...patch }) }
}

async function ipcPath(): Promise<number[]> {
  const engine = new EngineHost({ workerPath: workerPath! })
  const router = new Router({ engine, prefs: memoryPrefs(), info: { name: 'VM Lab', version: 'bench', host: 'electron', linux: '6.18' } })
  let onSnapshot: (() => void) | null = null
  router.attach({
    id: 'bench',
    send: (msg: EventMessage) => {
      const copy = deserialize(serialize(msg)) as EventMessage
      if (copy.event === 'snapshot') onSnapshot?.()
    }
  })
  const samples: number[] = []
  for (let i = 0; i < N + WARMUP; i++) {
    const t0 = performance.now()
    const gotSnapshot = new Promise<void>((r) => (onSnapshot = r))
    const req = deserialize(serialize({ id: i + 1, method: 'engine.exec', params: { line: COMMANDS[i % COMMANDS.length] } }))
    const res = deserialize(serialize(await router.handle('bench', req))) as ResponseMessage
    await gotSnapshot
    if (!res.ok) throw new Error(res.error.message)
    if (i >= WARMUP) samples.push(performance.now() - t0)
  }
  await engine.dispose()
  return samples
}

async function webSocketPath(commands: string[]): Promise<number[]> {
  const engine = new EngineHost({ workerPath: workerPath! })
  const router = new Router({ engine, prefs: memoryPrefs(), info: { name: 'VM Lab', version: 'bench', host: 'browser', linux: '6.18' } })
  const host = await startHost({ router, rendererDir: resolve(ROOT, 'out/renderer') })
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
  try {
    const page = await browser.newPage()
    await page.goto(host.url)
    await page.getByRole('textbox', { name: /VML command/ }).waitFor()
    return await page.evaluate(
      async ({ n, warmup, commands }) => {
        type Bridge = {
          request(m: string, p: unknown): Promise<{ result: { ok: boolean } }>
          on(e: string, l: () => void): () => void
        }
        const bridge = (globalThis as unknown as { vmlab: Bridge }).vmlab
        const out: number[] = []
        let onSnapshot: (() => void) | null = null
        bridge.on('snapshot', () => onSnapshot?.())
        for (let i = 0; i < n + warmup; i++) {
          const t0 = performance.now()
          const got = new Promise<void>((r) => (onSnapshot = r))
          const res = await bridge.request('engine.exec', { line: commands[i % commands.length] })
          await got
          if (!res.result.ok) throw new Error('command failed')
          if (i >= warmup) out.push(performance.now() - t0)
        }
        return out
      },
      { n: N, warmup: WARMUP, commands }
    )
  } finally {
    await browser.close()
    await host.close()
    await engine.dispose()
  }
}

function engineAlone(): string[] {
  const rows: string[] = []
  for (const ram of ['256M', '1G', '4G', '16G']) {
    const e = new Engine()
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now()
      const r = e.exec(`machine ram=${ram}`)
      times.push(performance.now() - t0)
      if (!r.ok) throw new Error(r.output)
    }
    rows.push(`| boot \`machine ram=${ram}\` | ${summarize(times).p50.toFixed(2)} ms (median of 5) |`)
  }
  const e = new Engine()
  const times: number[] = []
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now()
    e.exec('cat /proc/meminfo')
    times.push(performance.now() - t0)
  }
  const s = summarize(times)
  rows.push(`| \`cat /proc/meminfo\` in-process, 1 000 runs | p50 ${s.p50.toFixed(3)} ms, p95 ${s.p95.toFixed(3)} ms |`)
  return rows
}

function row(name: string, samples: number[]): string {
  const s = summarize(samples)
  const verdict = s.p95 <= 16 ? 'meets' : 'MISSES'
  return `| ${name} | ${samples.length} | ${s.p50.toFixed(2)} | ${s.p95.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.max.toFixed(2)} | ${verdict} the 16 ms target |`
}

async function main(): Promise<void> {
  const machine = machineLine()
  console.log(`machine: ${machine}`)
  const ipc = await ipcPath()
  console.log(row('Electron IPC path (router + worker, structured clone, no window)', ipc))
  const ws = await webSocketPath(COMMANDS)
  console.log(row('WebSocket path (Chromium page → browser host → worker)', ws))
  const wsAlloc = await webSocketPath(ALLOC_COMMANDS)
  console.log(row('WebSocket path, alloc_pages/free_pages', wsAlloc))
  const alone = engineAlone()
  alone.forEach((r) => console.log(r))
  const pageAlloc = pageAllocSection()
  console.log(pageAlloc)
  const frameMap = await frameMapSection(process.env.VMLAB_BENCH_FRAMEMAP!)
  const kernelAlloc = kernelAllocSection()
  console.log(kernelAlloc)
  const vma = vmaSection()
  console.log(vma)
  const trace = traceSection()
  console.log(trace)
  const md = `# Benchmark results

Written by \`npm run bench\` (bench/run.js); do not edit by hand. Targets live here, never in tests.

Machine: ${machine}
Date: ${new Date().toISOString().slice(0, 10)}

## Console command round trip (issue 3)

Renderer → router → engine worker → snapshot back, on the default 256 MiB machine, commands
cycling through \`${COMMANDS.join('`, `')}\`; ${WARMUP} warm-up commands not counted. A round trip
ends when the command's response and its \`snapshot\` event (machine + meminfo views) have both
arrived. The renderer watches the machine, meminfo, frames and buddy views; the last two are sent
only after a command that changed physical memory. Target: p95 ≤ 16 ms (one frame).

| path | commands | p50 ms | p95 ms | p99 ms | max ms | |
|---|---|---|---|---|---|---|
${row('Electron IPC (router + worker, V8 structured clone both ways, no window)', ipc)}
${row('WebSocket (real renderer page in Chromium → browser host → worker)', ws)}
${row(`WebSocket, \`${ALLOC_COMMANDS.join('`, `')}\` (the frames and buddy views of 65 536 frames travel; the frame map and buddy panes redraw)`, wsAlloc)}

## Engine alone (in-process, no worker)

| what | time |
|---|---|
${alone.join('\n')}

${pageAlloc}
${frameMap}
${kernelAlloc}
${vma}
${trace}`
  writeFileSync(resolve(ROOT, 'bench/RESULTS.md'), md)
  console.log('wrote bench/RESULTS.md')
}

void main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})

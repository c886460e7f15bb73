#!/usr/bin/env node
// `npm run bench`: builds the benchmark entries (TypeScript, like the app) with rolldown and runs
// them with this Node. Results are printed and written to bench/RESULTS.md with the machine line.
'use strict'
const { mkdirSync } = require('node:fs')
const { resolve } = require('node:path')
const { spawnSync } = require('node:child_process')

const root = resolve(__dirname, '..')
const out = resolve(root, 'node_modules/.cache/vmlab/bench')

async function main() {
  const { build } = await import('rolldown')
  mkdirSync(out, { recursive: true })
  const alias = { '@shared': resolve(root, 'src-shared') }
  const entries = {
    'engine.worker': 'src-main/worker/engine.worker.ts',
    roundtrip: 'bench/roundtrip.ts'
  }
  // The frame map benchmark runs the engine and the pane's drawing code inside Chromium.
  await build({
    input: resolve(root, 'bench/framemap.page.ts'),
    platform: 'browser',
    resolve: { alias },
    output: { file: resolve(out, 'framemap.page.js'), format: 'iife' },
    logLevel: 'warn'
  })
  for (const [name, input] of Object.entries(entries)) {
    await build({
      input: resolve(root, input),
      platform: 'node',
      resolve: { alias },
      external: [/^node:/, 'playwright-core', '@playwright/test', 'bufferutil', 'utf-8-validate'],
      output: { file: resolve(out, `${name}.cjs`), format: 'cjs' },
      logLevel: 'warn'
    })
  }
  const r = spawnSync(process.execPath, [resolve(out, 'roundtrip.cjs')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VMLAB_BENCH_WORKER: resolve(out, 'engine.worker.cjs'), VMLAB_BENCH_FRAMEMAP: resolve(out, 'framemap.page.js') }
  })
  process.exit(r.status ?? 1)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

// Tests and benchmarks run TypeScript sources, but a worker_threads Worker needs a JavaScript
// file: this bundles the engine worker the way electron-vite does for the app (same entry, same
// alias), into node_modules/.cache, and returns its path.

import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'rolldown'

export async function bundleEngineWorker(root: string): Promise<string> {
  const outDir = resolve(root, 'node_modules/.cache/vmlab')
  mkdirSync(outDir, { recursive: true })
  const file = resolve(outDir, 'engine.worker.cjs')
  await build({
    input: resolve(root, 'src-main/worker/engine.worker.ts'),
    platform: 'node',
    resolve: { alias: { '@shared': resolve(root, 'src-shared') } },
    external: [/^node:/],
    output: { file, format: 'cjs' },
    logLevel: 'warn'
  })
  return file
}

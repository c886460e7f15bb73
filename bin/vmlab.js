#!/usr/bin/env node
// The `vmlab` command (package.json "bin"): runs the built CLI, building it first if needed.
'use strict'
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { spawnSync } = require('node:child_process')

const root = join(__dirname, '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('vmlab: building VM Lab first (npm run build)…\n')
  const r = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (r.status !== 0 || !existsSync(cli)) {
    process.stderr.write('vmlab: the build failed; run `npm run build` to see why\n')
    process.exit(2)
  }
}
// `vmlab run … | head`: a reader that stops early is no error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})
process.exitCode = require(cli).runCli(
  process.argv.slice(2),
  (s) => process.stdout.write(`${s}\n`),
  (s) => process.stderr.write(`${s}\n`)
)

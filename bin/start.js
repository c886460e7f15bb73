#!/usr/bin/env node
// `npm start`: builds VM Lab and opens it in Electron. Where no Electron binary can be had
// (it is downloaded from GitHub at install time, which offline lab machines cannot reach),
// it says so plainly and serves the same UI through the browser host instead.
'use strict'
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { spawnSync, spawn } = require('node:child_process')

const root = join(__dirname, '..')
const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

function electronBinary() {
  try {
    delete require.cache[require.resolve('electron')]
    const p = require('electron')
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}

let electron = electronBinary()
if (!electron) {
  // npm does not run Electron's download at install (package.json allowScripts); try it once now,
  // briefly: it works where GitHub is reachable and fails fast where it is not.
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { cwd: root, env, stdio: 'ignore', timeout: 60_000 })
  electron = electronBinary()
}

if (electron) {
  const child = spawn(electron, [root], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(
    '\nThe Electron runtime is not installed on this machine (npm downloads it from GitHub, which is not reachable here).\n' +
      'Serving the same VM Lab through the browser host instead: open the address below in a browser on this machine.\n'
  )
  const child = spawn(process.execPath, [join(root, 'out/main/host.js'), ...process.argv.slice(2)], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}

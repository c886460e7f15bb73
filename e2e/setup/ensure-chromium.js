#!/usr/bin/env node
// Before the end-to-end tests: make sure a Chromium is there. On Debian as root it installs
// Debian's chromium with apt (Playwright's own browser download cannot work offline);
// elsewhere it says what to do. PLAYWRIGHT_CHROMIUM_PATH overrides everything.
'use strict'
const { existsSync } = require('node:fs')
const { spawnSync } = require('node:child_process')

if (process.env.PLAYWRIGHT_CHROMIUM_PATH) {
  if (!existsSync(process.env.PLAYWRIGHT_CHROMIUM_PATH)) {
    console.error(`PLAYWRIGHT_CHROMIUM_PATH=${process.env.PLAYWRIGHT_CHROMIUM_PATH} does not exist`)
    process.exit(1)
  }
  process.exit(0)
}
if (existsSync('/usr/bin/chromium')) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const hasApt = existsSync('/usr/bin/apt-get')
if (isRoot && hasApt) {
  console.log('e2e: installing Debian chromium with apt-get (needed by the browser end-to-end tests)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0
  if (run(['update', '-qq']) && run(['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk', 'fonts-dejavu-core'])) process.exit(0)
  console.error('e2e: apt-get could not install chromium')
  process.exit(1)
}
console.error(
  'e2e: no Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.'
)
process.exit(1)

// Which Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_PATH, else Debian's
// /usr/bin/chromium, else Playwright's own (undefined lets Playwright pick it).
import { existsSync } from 'node:fs'

export function chromiumPath(): string | undefined {
  const env = process.env.PLAYWRIGHT_CHROMIUM_PATH
  if (env) return env
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  return undefined
}

// Offline machines: no background networking (its failures flood the log), no sandbox as root.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

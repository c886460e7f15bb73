// `npm run serve`: the browser host as a program. Prints the URL (with its token) to open.
//   node out/main/host.js [--port N] [--prefs FILE]

import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { appInfo } from '../app/info'
import { Router } from '../ipc/router'
import { FilePrefs } from '../session/prefs'
import { EngineHost } from '../worker/engineHost'
import { ENGINE_WORKER_PATH } from '../worker/workerPath'
import { startHost } from './server'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, prefs: { type: 'string' } },
    allowPositionals: false
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not ${values.port}`)
  const configHome = process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config')
  const prefs = new FilePrefs(values.prefs ?? process.env.VMLAB_PREFS ?? join(configHome, 'vmlab', 'prefs.json'))
  if (prefs.problem) console.warn(`warning: ${prefs.problem}`)
  const engine = new EngineHost({ workerPath: ENGINE_WORKER_PATH, debug: process.env.VMLAB_DEBUG_VM === '1' })
  const router = new Router({ engine, prefs, info: appInfo('browser') })
  const host = await startHost({ router, rendererDir: join(__dirname, '../renderer'), port })
  console.log(`VM Lab is serving at ${host.url}`)
  console.log('Open that address in a browser on this machine (the token in it is required). Ctrl-C stops.')
  const stop = (): void => {
    void host.close().then(() => engine.dispose()).then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(`vmlab serve: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})

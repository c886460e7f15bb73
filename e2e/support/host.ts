// Starts the built browser host (`node out/main/host.js`) as `npm run serve` does, with its own
// preferences file, and reads the URL with the token from what it prints.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface Host {
  url: string
  origin: string
  token: string
  prefsPath: string
  stop(): Promise<void>
}

const ROOT = resolve(__dirname, '../..')

export async function startHost(prefsPath = join(mkdtempSync(join(tmpdir(), 'vmlab-e2e-')), 'prefs.json')): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'out/main/host.js'), '--prefs', prefsPath], {
    cwd: ROOT,
    env: { ...process.env, VMLAB_DEBUG_VM: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser host did not start:\n${output}`)), 20_000)
    const onData = (d: Buffer): void => {
      output += d.toString()
      const m = /serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`the browser host exited (${code}):\n${output}`)))
  })
  const u = new URL(url)
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    prefsPath,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      })
  }
}

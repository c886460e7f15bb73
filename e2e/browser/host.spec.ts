// The browser host: it serves the app, and refuses a WebSocket without the per-run token.
import { expect, test } from '@playwright/test'
import WebSocket from 'ws'
import { startHost, type Host } from '../support/host'

let host: Host

test.beforeAll(async () => {
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
})

function connect(url: string, origin?: string): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {})
    ws.on('open', () => {
      ws.close()
      resolve({ opened: true })
    })
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }))
    ws.on('error', () => resolve({ opened: false }))
  })
}

test('serves the app with a strict Content-Security-Policy', async ({ request }) => {
  const res = await request.get(host.origin + '/')
  expect(res.status()).toBe(200)
  expect(await res.text()).toContain('<div id="app">')
  expect(res.headers()['content-security-policy']).toContain("default-src 'none'")
  expect((await request.get(host.origin + '/../../etc/passwd')).status()).not.toBe(200)
})

test('a WebSocket without the token, or with a wrong one, is refused', async () => {
  const base = host.origin.replace('http', 'ws') + '/bridge'
  expect(await connect(base)).toEqual({ opened: false, status: 401 })
  expect(await connect(`${base}?token=wrong`)).toEqual({ opened: false, status: 401 })
  // One character off (never the same character: a token that ends in x would otherwise stay right).
  const other = host.token.endsWith('x') ? 'y' : 'x'
  expect(await connect(`${base}?token=${host.token.slice(0, -1)}${other}`)).toEqual({ opened: false, status: 401 })
  // The right token from a foreign page is refused too.
  expect(await connect(`${base}?token=${host.token}`, 'http://evil.example')).toEqual({ opened: false, status: 403 })
  expect(await connect(`${base}?token=${host.token}`)).toEqual({ opened: true })
})

test('a hostile message gets an error answer and the session goes on', async () => {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge?token=${host.token}`)
  await new Promise((r) => ws.once('open', r))
  const replies: unknown[] = []
  ws.on('message', (d, binary) => {
    if (!binary) replies.push(JSON.parse(String(d)))
  })
  ws.send('{ not json')
  ws.send(JSON.stringify({ id: 1, method: 'engine.exec', params: { line: 42 } }))
  ws.send(Buffer.from([1, 2, 3]))
  ws.send(JSON.stringify({ id: 2, method: 'engine.exec', params: { line: 'cat /proc/meminfo' } }))
  await expect.poll(() => replies.filter((r) => (r as { id?: number }).id !== undefined).length).toBeGreaterThanOrEqual(4)
  const byId = (id: number) => replies.find((r) => (r as { id: number }).id === id) as { ok: boolean; error?: { code: string }; result?: { result: { output: string } } }
  expect(byId(1)).toMatchObject({ ok: false, error: { code: 'invalid-params' } })
  expect(replies.filter((r) => (r as { error?: { code: string } }).error?.code === 'bad-message')).toHaveLength(2)
  expect(byId(2).ok).toBe(true)
  expect(byId(2).result!.result.output).toContain('MemTotal:')
  ws.close()
})

// The browser host: the same router and engine worker as the app, behind a WebSocket on
// 127.0.0.1, serving the built renderer. It is how the end-to-end tests drive the real UI where
// no Electron binary can be installed, and how a teacher shows the lab in any browser.
// A WebSocket must present the per-run token (and come from this server's own page); any other
// connection is refused before it is upgraded.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { encodeMessage } from '@shared/ipc/codec'
import { MAX_SCRIPT_CHARS } from '@shared/ipc/contract'
import type { Router } from '../ipc/router'

export interface HostOptions {
  router: Router
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token (tests); a random one otherwise. */
  token?: string
}

export interface RunningHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon'
}

export function hostCsp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ws://127.0.0.1:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'"
  ].join('; ')
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const root = normalize(opts.rendererDir)
  let port = 0

  const server = createServer((req, res) => void serveFile(root, port, req, res))
  // A pasted script can be long; JSON escaping may double it. Nothing legitimate is larger.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_SCRIPT_CHARS + 4096 })
  let nextClient = 1

  server.on('upgrade', (req, socket, head) => {
    const refused = checkUpgrade(req, token, port)
    if (refused) {
      socket.write(`HTTP/1.1 ${refused}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(opts.router, ws, `ws:${nextClient++}`))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/** Why an upgrade is refused (an HTTP status line), or null to accept it. */
function checkUpgrade(req: IncomingMessage, token: string, port: number): string | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname !== '/bridge') return '404 Not Found'
  const given = Buffer.from(url.searchParams.get('token') ?? '')
  const want = Buffer.from(token)
  if (given.length !== want.length || !timingSafeEqual(given, want)) return '401 Unauthorized'
  // A page of another site open in the same browser must not drive the lab, even with a leaked URL.
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}`) return '403 Forbidden'
  return null
}

function attachSocket(router: Router, ws: WebSocket, id: string): void {
  router.attach({
    id,
    send: (msg) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeMessage(msg))
    }
  })
  ws.on('message', (data: RawData, isBinary: boolean) => {
    void (async () => {
      let msg: unknown
      try {
        // Requests are JSON text; nothing in the contract travels from the page as binary.
        if (isBinary) throw new Error('binary request')
        msg = JSON.parse(String(data))
      } catch {
        msg = { invalid: true }
      }
      const response = await router.handle(id, msg)
      if (ws.readyState === ws.OPEN) ws.send(encodeMessage(response))
    })()
  })
  ws.on('close', () => router.detach(id))
  ws.on('error', () => router.detach(id))
}

async function serveFile(root: string, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = {
    'Content-Security-Policy': hostCsp(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache'
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end()
    return
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
  } catch {
    res.writeHead(400, headers).end()
    return
  }
  const rel = pathname === '/' ? 'index.html' : pathname.slice(1)
  const file = normalize(join(root, rel))
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, headers).end()
    return
  }
  try {
    const body = await readFile(file)
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(req.method === 'HEAD' ? undefined : body)
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found')
  }
}

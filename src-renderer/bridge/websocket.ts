// The VmlabBridge over the browser host's WebSocket: the same type the Electron preload
// exposes, so nothing above this file knows which one it talks to.

import { decodeMessage } from '@shared/ipc/codec'
import { EventHub } from '@shared/ipc/eventHub'
import {
  BridgeError,
  type EventMessage,
  type EventName,
  type Events,
  type Method,
  type Params,
  type ResponseMessage,
  type Result,
  type VmlabBridge
} from '@shared/ipc/contract'

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }

export async function connectWebSocket(url: string): Promise<VmlabBridge> {
  const ws = new WebSocket(url)
  ws.binaryType = 'arraybuffer'
  const pending = new Map<number, Pending>()
  const events = new EventHub()
  let nextId = 1

  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true })
    ws.addEventListener('error', () => reject(new Error(`cannot connect to the VM Lab host at ${url.replace(/token=[^&]*/, 'token=…')}`)), {
      once: true
    })
  })

  ws.addEventListener('message', (ev: MessageEvent<string | ArrayBuffer>) => {
    const msg = decodeMessage(ev.data) as ResponseMessage | EventMessage
    if ('event' in msg) {
      events.emit(msg.event, msg.payload)
      return
    }
    const p = pending.get(msg.id)
    if (!p) return
    pending.delete(msg.id)
    if (msg.ok) p.resolve(msg.result)
    else p.reject(new BridgeError(msg.error.code, msg.error.message))
  })
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new BridgeError('internal', 'the connection to the VM Lab host was closed'))
    pending.clear()
    events.emit('log', { level: 'error', message: 'The connection to the VM Lab host was closed. Restart `npm run serve` and reload.' })
  })

  return {
    kind: 'websocket',
    request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new BridgeError('internal', 'not connected to the VM Lab host'))
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        ws.send(JSON.stringify({ id, method, params }))
      })
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      return events.on(event, listener)
    }
  }
}

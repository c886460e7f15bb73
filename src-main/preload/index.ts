// The preload: exposes exactly one object, `window.vmlab`, implementing the VmlabBridge of the
// contract over Electron IPC. It validates nothing itself (the router in main does) and
// exposes no Electron API: the page can only send contract requests and hear contract events.

import { contextBridge, ipcRenderer } from 'electron'
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '@shared/ipc/channels'
import type { EventMessage, EventName, Events, Method, Params, ResponseMessage, Result, VmlabBridge } from '@shared/ipc/contract'
import { encodeBridgeError } from '@shared/ipc/errors'
import { EventHub } from '@shared/ipc/eventHub'

const events = new EventHub()
let nextId = 1

ipcRenderer.on(EVENT_CHANNEL, (_event, msg: EventMessage) => events.emit(msg.event, msg.payload))

const bridge: VmlabBridge = {
  kind: 'electron',
  async request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const res = (await ipcRenderer.invoke(REQUEST_CHANNEL, { id: nextId++, method, params })) as ResponseMessage
    if (res.ok) return res.result as Result<M>
    throw new Error(encodeBridgeError(res.error.code, res.error.message))
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    return events.on(event, listener)
  }
}

contextBridge.exposeInMainWorld('vmlab', bridge)

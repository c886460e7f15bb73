// Which bridge the page uses: the Electron preload's `window.vmlab`, or, when the page was served
// by the browser host, a WebSocket to it. Either way the rest of the renderer sees a VmlabBridge,
// published as `window.vmlab` too so both hosts look the same from the page.

import type { VmlabBridge } from '@shared/ipc/contract'
import { connectWebSocket } from './websocket'

declare global {
  interface Window {
    vmlab?: VmlabBridge
  }
}

export async function openBridge(): Promise<VmlabBridge> {
  if (window.vmlab) return window.vmlab
  const token = new URLSearchParams(location.search).get('token')
  if (!token) throw new Error('This page needs the address printed by `npm run serve` (it carries an access token).')
  const bridge = await connectWebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`)
  window.vmlab = bridge
  return bridge
}

// The Electron main process: one window, the router, the engine worker, the native menu.
// The renderer reaches the engine only through the preload's `window.vmlab` and the router.

import { join } from 'node:path'
import { BrowserWindow, app, ipcMain } from 'electron'
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '@shared/ipc/channels'
import type { MenuAction } from '@shared/ipc/contract'
import { Router } from '../ipc/router'
import { FilePrefs } from '../session/prefs'
import { EngineHost } from '../worker/engineHost'
import { ENGINE_WORKER_PATH } from '../worker/workerPath'
import { appInfo } from './info'
import { buildMenu } from './menu'
import { hardenContents, hardenSession, isAppUrl } from './security'

const devServer = process.env.ELECTRON_RENDERER_URL

function createWindow(router: Router, prefs: FilePrefs): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'VM Lab',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  const clientId = `electron:${win.webContents.id}`
  router.attach({ id: clientId, send: (msg) => !win.isDestroyed() && win.webContents.send(EVENT_CHANNEL, msg) })
  win.on('closed', () => router.detach(clientId))
  win.once('ready-to-show', () => win.show())

  // The renderer carries out every menu action through the bridge, as the browser host's
  // menu bar does; the language also rebuilds this native menu (see prefs.onChange below).
  const onMenu = (action: MenuAction): void => router.broadcast('menu', { action })
  prefs.onChange((p) => buildMenu(p.locale, onMenu))
  buildMenu(prefs.get().locale, onMenu)

  if (devServer) void win.loadURL(devServer)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
  return win
}

async function main(): Promise<void> {
  hardenContents()
  await app.whenReady()
  hardenSession(devServer)
  const prefs = new FilePrefs(join(app.getPath('userData'), 'prefs.json'))
  const engine = new EngineHost({ workerPath: ENGINE_WORKER_PATH, debug: process.env.VMLAB_DEBUG_VM === '1' })
  const router = new Router({ engine, prefs, info: appInfo('electron') })
  if (prefs.problem) router.broadcast('log', { level: 'warn', message: prefs.problem })

  let win = createWindow(router, prefs)
  ipcMain.handle(REQUEST_CHANNEL, (event, msg: unknown) => {
    // Only our own page in our own window may talk to the router.
    const url = event.senderFrame?.url ?? ''
    if (event.sender !== win.webContents || !isAppUrl(url, devServer)) {
      return { id: -1, ok: false, error: { code: 'bad-message', message: 'request from an unknown sender' } }
    }
    return router.handle(`electron:${event.sender.id}`, msg)
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow(router, prefs)
  })
  app.on('window-all-closed', () => {
    void engine.dispose()
    app.quit()
  })
}

void main()

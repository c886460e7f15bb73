// Secure defaults from Electron's security checklist (docs/tutorial/security.md): a strict CSP,
// no navigation, no new windows, no permissions, and nothing loaded from the network. The app
// is offline by design: every request that is not for the app's own files is cancelled.

import { app, session, type WebContents } from 'electron'

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Vue and dockview set style attributes; no remote styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')

export function isAppUrl(url: string, devServer: string | undefined): boolean {
  if (url.startsWith('file://') || url.startsWith('devtools://')) return true
  return devServer !== undefined && url.startsWith(devServer)
}

export function hardenSession(devServer: string | undefined): void {
  const s = session.defaultSession
  s.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAppUrl(details.url, devServer) && !details.url.startsWith('data:') && !details.url.startsWith('blob:') })
  })
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  s.setPermissionCheckHandler(() => false)
}

export function hardenContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-navigate', (e) => e.preventDefault())
    contents.on('will-redirect', (e) => e.preventDefault())
    contents.on('will-attach-webview', (e) => e.preventDefault())
  })
}

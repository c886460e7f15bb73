// Electron's contextBridge keeps only the message of an Error it carries into the page, so the
// preload writes the router's error code into the message as `[code] message` and the
// renderer reads it back here. The WebSocket bridge builds BridgeErrors directly.

import { BridgeError, type ErrorCode } from './bridgeError'

const CODES: readonly ErrorCode[] = ['bad-message', 'unknown-method', 'invalid-params', 'cancelled', 'engine-crashed', 'internal']

export function encodeBridgeError(code: ErrorCode, message: string): string {
  return `[${code}] ${message}`
}

export function toBridgeError(e: unknown): BridgeError {
  if (e instanceof BridgeError) return e
  const text = e instanceof Error ? e.message : String(e)
  // contextBridge may prefix the message ("Error invoking remote method …: Error: …").
  const m = /\[([a-z-]+)\] ([\s\S]*)$/.exec(text)
  if (m && (CODES as readonly string[]).includes(m[1]!)) return new BridgeError(m[1] as ErrorCode, m[2]!)
  return new BridgeError('internal', text)
}

// The error a bridge request rejects with: the router's code and message, unchanged. In a file
// of its own so the preload can use it without the contract's schemas (zod).

export type ErrorCode = 'bad-message' | 'unknown-method' | 'invalid-params' | 'cancelled' | 'engine-crashed' | 'internal'

export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'BridgeError'
  }
}

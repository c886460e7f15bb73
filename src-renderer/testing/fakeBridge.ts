// A bridge for component tests: answers requests from a handler and lets the test emit events.
// The panes are what is under test; the real bridge and router have their own tests.
import type { EventName, Events, Method, Params, Result, VmlabBridge } from '@shared/ipc/contract'
import { EventHub } from '@shared/ipc/eventHub'

export type Handler = (method: Method, params: unknown) => unknown

export function fakeBridge(handler: Handler): VmlabBridge & { emit<E extends EventName>(e: E, p: Events[E]): void; calls: [Method, unknown][] } {
  const events = new EventHub()
  const calls: [Method, unknown][] = []
  return {
    kind: 'memory',
    calls,
    async request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      calls.push([method, params])
      return (await handler(method, params)) as Result<M>
    },
    on: <E extends EventName>(event: E, l: (p: Events[E]) => void) => events.on(event, l),
    emit: (event, payload) => events.emit(event, payload)
  }
}

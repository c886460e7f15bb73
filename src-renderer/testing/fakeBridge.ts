// A bridge for component tests: answers requests from a handler and lets the test emit events.
// The panes are what is under test; the real bridge and router have their own tests.
import type { EventName, Events, Method, Params, Result, VmlabBridge } from '@shared/ipc/contract'

export type Handler = (method: Method, params: unknown) => unknown

export function fakeBridge(handler: Handler): VmlabBridge & { emit<E extends EventName>(e: E, p: Events[E]): void; calls: [Method, unknown][] } {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: [Method, unknown][] = []
  return {
    kind: 'memory',
    calls,
    async request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      calls.push([method, params])
      return (await handler(method, params)) as Result<M>
    },
    on<E extends EventName>(event: E, l: (p: Events[E]) => void) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(l as (p: unknown) => void)
      return () => set.delete(l as (p: unknown) => void)
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload)
    }
  }
}

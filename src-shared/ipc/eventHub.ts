// Listeners of contract events, as every bridge keeps them (the preload, the WebSocket bridge,
// the test bridge): subscribe with on(), get an unsubscribe function back.

import type { EventName, Events } from './contract'

export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    const l = listener as (payload: unknown) => void
    set.add(l)
    return () => set.delete(l)
  }

  emit(event: EventName, payload: unknown): void {
    for (const l of this.listeners.get(event) ?? []) l(payload)
  }
}

// The main-side router: every message from a renderer comes through here, is checked against
// the contract (src-shared/ipc/contract.ts) and only then reaches the engine, the preferences
// or the app. A malformed message gets a typed error back, never an exception or a crash.
// Transports (Electron IPC, WebSocket, in-memory for tests) are thin adapters around it.

import {
  BridgeError,
  paramSchemas,
  requestEnvelope,
  type AppInfo,
  type ErrorInfo,
  type EventMessage,
  type EventName,
  type Events,
  type Method,
  type Params,
  type Prefs,
  type ResponseMessage,
  type Result
} from '@shared/ipc/contract'
import type { Snapshot, ViewName } from '@shared/model/snapshot'
import { z } from 'zod'
import type { EngineService } from '../worker/engineService'

/** One connected renderer: an Electron window or a browser tab. */
export interface Client {
  readonly id: string
  send(msg: EventMessage): void
}

export interface PrefsStore {
  get(): Prefs
  set(patch: Partial<Prefs>): Prefs
}

export interface RouterDeps {
  engine: EngineService
  prefs: PrefsStore
  info: AppInfo
}

export class Router {
  private readonly clients = new Map<string, { client: Client; views: ViewName[] }>()

  constructor(private readonly deps: RouterDeps) {
    deps.engine.onEvent((event, payload) => {
      if (event === 'engine-restarted') void this.afterRestart(payload as Events['engine-restarted'])
      else this.broadcast(event, payload)
    })
  }

  attach(client: Client): void {
    this.clients.set(client.id, { client, views: ['machine', 'meminfo'] })
  }

  detach(clientId: string): void {
    this.clients.delete(clientId)
  }

  broadcast<E extends EventName>(event: E, payload: Events[E]): void {
    for (const { client } of this.clients.values()) client.send({ event, payload })
  }

  /** Handle one raw message from `clientId`; always resolves to a response. */
  async handle(clientId: string, raw: unknown): Promise<ResponseMessage> {
    const env = requestEnvelope.safeParse(raw)
    if (!env.success) {
      const id = typeof (raw as { id?: unknown } | null)?.id === 'number' ? (raw as { id: number }).id : -1
      return fail(id, { code: 'bad-message', message: `not a request: ${z.prettifyError(env.error)}` })
    }
    const { id, method, params } = env.data
    if (!Object.hasOwn(paramSchemas, method)) {
      return fail(id, { code: 'unknown-method', message: `unknown method '${method.slice(0, 64)}'` })
    }
    const m = method as Method
    const parsed = paramSchemas[m].safeParse(params)
    if (!parsed.success) {
      return fail(id, { code: 'invalid-params', message: `${m}: ${z.prettifyError(parsed.error)}` })
    }
    try {
      const result = await this.dispatch(clientId, m, parsed.data as Params<Method>)
      return { id, ok: true, result }
    } catch (e) {
      if (e instanceof BridgeError) return fail(id, { code: e.code, message: e.message })
      return fail(id, { code: 'internal', message: e instanceof Error ? e.message : String(e) })
    }
  }

  private async dispatch(clientId: string, method: Method, params: Params<Method>): Promise<Result<Method>> {
    const { engine, prefs, info } = this.deps
    switch (method) {
      case 'engine.exec': {
        const p = params as Params<'engine.exec'>
        const { value, snapshot } = await engine.exec(p.line, this.watchedViews())
        this.publish(snapshot)
        return value
      }
      case 'engine.execScript': {
        const p = params as Params<'engine.execScript'>
        const { value, snapshot } = await engine.execScript(p.text, this.watchedViews())
        this.publish(snapshot)
        return value
      }
      case 'engine.snapshot':
        return engine.snapshot((params as Params<'engine.snapshot'>).views)
      case 'engine.page':
        return engine.page((params as Params<'engine.page'>).pfn)
      case 'engine.select': {
        const { value, snapshot } = await engine.select((params as Params<'engine.select'>).pid, this.watchedViews())
        this.publish(snapshot)
        return value
      }
      case 'engine.reset': {
        const { value, snapshot } = await engine.reset((params as Params<'engine.reset'>).machine ?? {}, this.watchedViews())
        this.publish(snapshot)
        return value
      }
      case 'engine.cancel':
        return { cancelled: engine.cancel() }
      case 'engine.watch': {
        const views = [...new Set((params as Params<'engine.watch'>).views)]
        const entry = this.clients.get(clientId)
        if (entry) entry.views = views
        return { views }
      }
      case 'app.info':
        return info
      case 'prefs.get':
        return prefs.get()
      case 'prefs.set':
        return prefs.set(params as Params<'prefs.set'>)
    }
  }

  /** The union of what the clients watch: one snapshot serves them all. */
  private watchedViews(): ViewName[] {
    const all = new Set<ViewName>()
    for (const { views } of this.clients.values()) for (const v of views) all.add(v)
    return [...all]
  }

  /** Send each client the views it watches out of one snapshot. */
  private publish(snapshot: Snapshot): void {
    for (const { client, views } of this.clients.values()) {
      const own: Snapshot = { seq: snapshot.seq }
      for (const v of views) if (snapshot[v] !== undefined) Object.assign(own, { [v]: snapshot[v] })
      client.send({ event: 'snapshot', payload: own })
    }
  }

  private async afterRestart(payload: Events['engine-restarted']): Promise<void> {
    this.broadcast('engine-restarted', payload)
    try {
      this.publish(await this.deps.engine.snapshot(this.watchedViews()))
    } catch {
      // A snapshot that fails right after a restart is reported by the next request.
    }
  }
}

function fail(id: number, error: ErrorInfo): ResponseMessage {
  return { id, ok: false, error }
}

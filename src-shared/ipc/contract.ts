// The one contract between the renderer and the main process (../shared/DESIGN.md, "One
// contract"). Every request names its parameters (with the runtime schema the router checks
// before anything runs) and its response type; every event names its payload. The Electron
// preload, the router, the WebSocket host and the renderer all speak exactly this; a feature
// adds an entry here, never a side channel.

import { z } from 'zod'
import { MACHINE_LIMITS, type MachineConfig } from '../model/machine'
import type { CommandResult } from '../model/result'
import { VIEW_NAMES, type PageInfo, type Snapshot } from '../model/snapshot'
import { BridgeError, type ErrorCode } from './bridgeError'

export { BridgeError, type ErrorCode }

/** A console line is short; a pasted lab script can be long, but not unbounded. */
export const MAX_LINE_CHARS = 4096
export const MAX_SCRIPT_CHARS = 1_000_000
export const MAX_LAYOUT_CHARS = 256 * 1024

export const LOCALES = ['en', 'zh-CN'] as const
export type Locale = (typeof LOCALES)[number]

const viewList = z.array(z.enum(VIEW_NAMES)).max(VIEW_NAMES.length)

export const machineInput = z
  .strictObject({
    ram: z.number().int().min(MACHINE_LIMITS.ramMin).max(MACHINE_LIMITS.ramMax),
    cpus: z.number().int().min(MACHINE_LIMITS.cpusMin).max(MACHINE_LIMITS.cpusMax),
    swap: z.number().int().min(0).max(MACHINE_LIMITS.swapMax),
    aslr: z.boolean(),
    seed: z.number().int().min(0).max(0xffffffff),
    thp: z.enum(['always', 'madvise', 'never']),
    overcommit: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    pcid: z.boolean()
  })
  .partial()

export const prefsSchema = z.strictObject({
  locale: z.enum(LOCALES),
  theme: z.enum(['system', 'light', 'dark']),
  /** UI.md's projector preset: larger type, thicker lines, higher contrast. */
  projector: z.boolean(),
  /** The dock layout as dockview serializes it; validated again by the renderer on load. */
  layout: z.record(z.string(), z.unknown()).nullable()
})
export type Prefs = z.infer<typeof prefsSchema>
export const DEFAULT_PREFS: Prefs = { locale: 'en', theme: 'system', projector: false, layout: null }

export const paramSchemas = {
  /** Run one console line. */
  'engine.exec': z.strictObject({ line: z.string().max(MAX_LINE_CHARS) }),
  /** Run a whole script (a lab, a paste); reports `progress` and can be cancelled. */
  'engine.execScript': z.strictObject({ text: z.string().max(MAX_SCRIPT_CHARS) }),
  /** Compute views of the current state. */
  'engine.snapshot': z.strictObject({ views: viewList.min(1) }),
  /** One struct page decoded (the frame map's tooltip); null when pfn is past the last frame. */
  'engine.page': z.strictObject({ pfn: z.number().int().min(0).max(2 ** 32) }),
  /**
   * Make a process the current one (what the VMA pane and the other per-process panes show).
   * Fails with a clear error when there is no such process.
   */
  'engine.select': z.strictObject({ pid: z.number().int().min(1).max(4194304) }),
  /** Boot a fresh machine (a new session); settings not given keep the app's defaults. */
  'engine.reset': z.strictObject({ machine: machineInput.optional() }),
  /** Stop the running command (and drop queued ones) at the next command boundary. */
  'engine.cancel': z.strictObject({}),
  /** Views this client wants in every `snapshot` event. */
  'engine.watch': z.strictObject({ views: viewList }),
  'app.info': z.strictObject({}),
  'prefs.get': z.strictObject({}),
  'prefs.set': prefsSchema.partial().refine((p) => p.layout === undefined || JSON.stringify(p.layout).length <= MAX_LAYOUT_CHARS, {
    message: `layout is larger than ${MAX_LAYOUT_CHARS} characters`
  })
} as const

export type Method = keyof typeof paramSchemas
export const METHODS = Object.keys(paramSchemas) as Method[]

export interface ExecResult {
  result: CommandResult
  seq: number
}

export interface ScriptResult {
  results: CommandResult[]
  seq: number
  /** `syntax-error` stopped at a line; `cancelled` stopped on request; both keep what ran. */
  status: 'done' | 'syntax-error' | 'cancelled'
  /** The headless runner's exit status: 0 checks held, 1 a check failed, 2 syntax error. */
  exitCode: 0 | 1 | 2
}

export interface ResetResult {
  seq: number
  machine: MachineConfig
}

export interface AppInfo {
  name: string
  version: string
  /** Where the renderer runs: the Electron app or a browser through the browser host. */
  host: 'electron' | 'browser'
  /** The Linux the engine follows. */
  linux: string
}

export interface Results {
  'engine.exec': ExecResult
  'engine.execScript': ScriptResult
  'engine.snapshot': Snapshot
  'engine.page': PageInfo | null
  'engine.select': { current: number }
  'engine.reset': ResetResult
  'engine.cancel': { cancelled: boolean }
  'engine.watch': { views: (typeof VIEW_NAMES)[number][] }
  'app.info': AppInfo
  'prefs.get': Prefs
  'prefs.set': Prefs
}

export type Params<M extends Method> = z.infer<(typeof paramSchemas)[M]>
export type Result<M extends Method> = Results[M]

// ---- events: main → renderer -------------------------------------------------------------

export const MENU_ACTIONS = [
  'session.new',
  'view.pane.console',
  'view.pane.meminfo',
  'view.pane.reference',
  'view.pane.frames',
  'view.pane.buddy',
  'view.pane.slab',
  'view.pane.vmalloc',
  'view.pane.processes',
  'view.pane.vma',
  'view.pane.pagetable',
  'view.pane.tlb',
  'view.resetLayout',
  'view.projector',
  'view.language.en',
  'view.language.zh-CN',
  'help.about',
  'help.reference'
] as const
export type MenuAction = (typeof MENU_ACTIONS)[number]

export interface Events {
  /** The watched views after every change of state (a command, a reset, a replay). */
  snapshot: Snapshot
  log: { level: 'info' | 'warn' | 'error'; message: string }
  /** A long command's progress: `done` of `total` steps. */
  progress: { done: number; total: number; label: string }
  /** The engine worker died and was restarted; the session's commands were replayed. */
  'engine-restarted': { reason: string; replayed: number; lost: string | null }
  /** A native menu item the renderer carries out (Electron only; the browser has its own bar). */
  menu: { action: MenuAction }
}
export type EventName = keyof Events
export const EVENT_NAMES: readonly EventName[] = ['snapshot', 'log', 'progress', 'engine-restarted', 'menu']

// ---- envelopes --------------------------------------------------------------------------

export interface RequestMessage {
  id: number
  method: string
  params: unknown
}

export interface ErrorInfo {
  code: ErrorCode
  message: string
}

export type ResponseMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ErrorInfo }

export interface EventMessage {
  event: EventName
  payload: unknown
}

export const requestEnvelope = z.strictObject({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(64),
  params: z.unknown()
})

/**
 * The bridge: one type, implemented over Electron IPC (the preload's `window.vmlab`) and over a
 * WebSocket (the browser host). The renderer only ever sees this.
 */
export interface VmlabBridge {
  readonly kind: 'electron' | 'websocket' | 'memory'
  request<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

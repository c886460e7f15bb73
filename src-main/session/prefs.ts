// The user's preferences (language, theme, dock layout), kept by the main process in one JSON
// file so they survive restarts in Electron (userData) and in the browser host (whose origin,
// and so its localStorage, changes with the port on every run). A corrupt or foreign file is
// set aside and the defaults are used: the app never fails to start over preferences.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { DEFAULT_PREFS, prefsSchema, type Prefs } from '@shared/ipc/contract'
import type { PrefsStore } from '../ipc/router'

export class FilePrefs implements PrefsStore {
  private prefs: Prefs
  private readonly listeners: ((p: Prefs) => void)[] = []
  /** Why the stored file was not used, when it was not; for a log line at start-up. */
  readonly problem: string | null = null

  constructor(private readonly path: string) {
    const loaded = load(path)
    this.prefs = loaded.prefs
    this.problem = loaded.problem
  }

  get(): Prefs {
    return structuredClone(this.prefs)
  }

  set(patch: Partial<Prefs>): Prefs {
    const next = prefsSchema.parse({ ...this.prefs, ...patch })
    this.prefs = next
    mkdirSync(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, JSON.stringify(next, null, 2))
    renameSync(tmp, this.path)
    for (const l of this.listeners) l(this.get())
    return this.get()
  }

  onChange(listener: (p: Prefs) => void): void {
    this.listeners.push(listener)
  }
}

function load(path: string): { prefs: Prefs; problem: string | null } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return { prefs: structuredClone(DEFAULT_PREFS), problem: null }
  }
  try {
    const parsed = prefsSchema.partial().safeParse(JSON.parse(text))
    if (parsed.success) return { prefs: { ...DEFAULT_PREFS, ...parsed.data }, problem: null }
    return { prefs: structuredClone(DEFAULT_PREFS), problem: `${path} is not a VM Lab preferences file; using defaults` }
  } catch {
    return { prefs: structuredClone(DEFAULT_PREFS), problem: `${path} is not valid JSON; using defaults` }
  }
}

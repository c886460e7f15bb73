// The console's transcript and history. Output is kept as Linux printed it; the pane only styles it.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import { MAX_SCRIPT_CHARS } from '@shared/ipc/contract'
import type { CommandResult } from '@shared/model/result'
import { completeCommand } from '@shared/vml/commands'
import { scriptLines } from '@shared/vml/parse'
import { useEngineStore } from './engine'

export type EntryKind = 'input' | 'output' | 'result' | 'error' | 'check' | 'info'

export interface Entry {
  id: number
  kind: EntryKind
  text: string
}

/** Older lines are dropped past this, so a long session stays light. */
const MAX_ENTRIES = 5000
const MAX_HISTORY = 500

export const useConsoleStore = defineStore('console', () => {
  const entries = ref<Entry[]>([])
  const history = ref<string[]>([])
  let cursor = -1
  let draft = ''
  let nextId = 1

  function push(kind: EntryKind, text: string): void {
    entries.value.push({ id: nextId++, kind, text })
    if (entries.value.length > MAX_ENTRIES) entries.value.splice(0, entries.value.length - MAX_ENTRIES)
  }

  function show(r: CommandResult): void {
    if (r.diagnostic?.kind === 'syntax' || r.diagnostic?.kind === 'runtime') push('error', r.output)
    else if (r.diagnostic?.kind === 'expect') push('check', r.output)
    else if (!r.ok) push('error', r.output || `${r.command}: failed`)
    else if (r.output) push('output', r.output.replace(/\n$/, ''))
    else if (r.result !== null) push('result', `= ${r.result}`)
  }

  /** The last submitted line's run: the next one waits for it, so each echo is followed by its own answer. */
  let tail: Promise<void> = Promise.resolve()

  function submit(line: string): Promise<void> {
    const text = line.trim()
    if (!text) return Promise.resolve()
    if (history.value[history.value.length - 1] !== text) history.value.push(text)
    if (history.value.length > MAX_HISTORY) history.value.shift()
    cursor = -1
    const run = tail.then(async () => {
      push('input', text)
      try {
        const { result } = await useEngineStore().exec(text)
        show(result)
      } catch (e) {
        push('error', e instanceof Error ? e.message : String(e))
      }
    })
    tail = run
    return run
  }

  /**
   * Run several lines at once (a paste, a lab): as a script, so it reports progress, can be
   * cancelled between lines, and stops at a syntax error as `vmlab run` does.
   */
  async function runScript(
    text: string,
    describe: (lines: number) => string,
    cancelled: (ran: number, total: number) => string,
    tooLong: (max: number) => string
  ): Promise<void> {
    if (text.length > MAX_SCRIPT_CHARS) {
      push('error', tooLong(MAX_SCRIPT_CHARS))
      return
    }
    const total = scriptLines(text).length
    if (total === 0) return
    push('info', describe(total))
    try {
      const r = await useEngineStore().execScript(text)
      for (const res of r.results) {
        push('input', res.command)
        show(res)
      }
      if (r.status === 'cancelled') push('info', cancelled(r.results.length, total))
    } catch (e) {
      push('error', e instanceof Error ? e.message : String(e))
    }
  }

  /** ↑ (-1) and ↓ (+1) through the history; returns the line to show. */
  function navigate(dir: -1 | 1, current: string): string {
    const h = history.value
    if (h.length === 0) return current
    if (cursor === -1) {
      if (dir === 1) return current
      draft = current
      cursor = h.length - 1
    } else {
      cursor += dir
      if (cursor >= h.length) {
        cursor = -1
        return draft
      }
      if (cursor < 0) cursor = 0
    }
    return h[cursor]!
  }

  /** Tab completion of the command name (the first word, after a target or binding). */
  function complete(line: string): { line: string; candidates: string[] } {
    const m = /^(\s*(?:\S+:\s+)?(?:[A-Za-z_]\w*\s*=\s*)?(?:\S+:\s+)?)([a-z_]*)$/.exec(line)
    if (!m) return { line, candidates: [] }
    const [, head, prefix] = m as unknown as [string, string, string]
    const candidates = completeCommand(prefix)
    if (candidates.length === 1) return { line: `${head}${candidates[0]} `, candidates }
    return { line: `${head}${commonPrefix(candidates) || prefix}`, candidates }
  }

  function clear(): void {
    entries.value = []
  }

  return { entries, history, push, show, submit, runScript, navigate, complete, clear }
})

function commonPrefix(words: string[]): string {
  if (words.length === 0) return ''
  let p = words[0]!
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1)
  return p
}

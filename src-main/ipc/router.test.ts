import { describe, expect, it } from 'vitest'
import { DEFAULT_PREFS, type EventMessage, type Prefs, type ResponseMessage } from '@shared/ipc/contract'
import { DEFAULT_MACHINE } from '@shared/model/machine'
import type { Snapshot, ViewName } from '@shared/model/snapshot'
import type { EngineService } from '../worker/engineService'
import { Router, type PrefsStore } from './router'

/** A stand-in engine that records what reached it: the router is what is under test here. */
function fakeEngine() {
  const calls: string[] = []
  let seq = 0
  const snap = (views: ViewName[]): Snapshot => ({ seq, ...(views.includes('machine') ? { machine: { config: DEFAULT_MACHINE, maxPfn: 1, totalramPages: 1, zones: [], reserved: [] } } : {}) })
  const engine: EngineService = {
    async exec(line, views) {
      calls.push(`exec ${line}`)
      seq++
      return { value: { result: { line: 1, command: line, ok: true, result: null, errno: null, output: '' }, seq }, snapshot: snap(views) }
    },
    async execScript(text, views) {
      calls.push(`script ${text}`)
      return { value: { results: [], seq, status: 'done', exitCode: 0 }, snapshot: snap(views) }
    },
    async snapshot(views) {
      calls.push(`snapshot ${views.join(',')}`)
      return snap(views)
    },
    async page(pfn) {
      calls.push(`page ${pfn}`)
      return null
    },
    async select(pid, views) {
      calls.push(`select ${pid}`)
      return { value: { current: pid }, snapshot: snap(views) }
    },
    async reset(machine, views) {
      calls.push(`reset ${JSON.stringify(machine)}`)
      seq = 0
      return { value: { seq, machine: { ...DEFAULT_MACHINE, ...machine } }, snapshot: snap(views) }
    },
    cancel: () => false,
    onEvent: () => {}
  }
  return { engine, calls }
}

function memoryPrefs(): PrefsStore {
  let p: Prefs = structuredClone(DEFAULT_PREFS)
  return { get: () => p, set: (patch) => (p = { ...p, ...patch }) }
}

function setup() {
  const { engine, calls } = fakeEngine()
  const router = new Router({ engine, prefs: memoryPrefs(), info: { name: 'VM Lab', version: '0', host: 'browser', linux: '6.18' } })
  const events: EventMessage[] = []
  router.attach({ id: 'c1', send: (m) => events.push(m) })
  return { router, calls, events }
}

const errorOf = (r: ResponseMessage) => (r.ok ? null : r.error)

describe('router validation', () => {
  it.each([
    ['null', null],
    ['a string', 'engine.exec'],
    ['an array', [1, 2]],
    ['no id', { method: 'engine.exec', params: { line: 'cat /proc/meminfo' } }],
    ['a negative id', { id: -4, method: 'engine.exec', params: {} }],
    ['a fractional id', { id: 1.5, method: 'engine.exec', params: {} }],
    ['an extra key', { id: 1, method: 'engine.exec', params: { line: 'x' }, admin: true }],
    ['a method that is not a string', { id: 1, method: 7, params: {} }]
  ])('answers %s with bad-message and runs nothing', async (_name, msg) => {
    const { router, calls } = setup()
    const r = await router.handle('c1', msg)
    expect(r.ok).toBe(false)
    expect(errorOf(r)?.code).toBe('bad-message')
    expect(calls).toEqual([])
  })

  it.each([
    ['__proto__', 'unknown-method'],
    ['constructor', 'unknown-method'],
    ['engine.format_disk', 'unknown-method'],
    ['toString', 'unknown-method']
  ])('refuses the method %j', async (method, code) => {
    const { router, calls } = setup()
    const r = await router.handle('c1', { id: 9, method, params: {} })
    expect(r).toMatchObject({ id: 9, ok: false, error: { code } })
    expect(calls).toEqual([])
  })

  it.each([
    ['a missing line', 'engine.exec', {}],
    ['a line of the wrong type', 'engine.exec', { line: 42 }],
    ['a line that is too long', 'engine.exec', { line: 'x'.repeat(5000) }],
    ['a script that is too long', 'engine.execScript', { text: 'x'.repeat(1_000_001) }],
    ['an unknown view', 'engine.snapshot', { views: ['secrets'] }],
    ['no views', 'engine.snapshot', { views: [] }],
    ['a negative pfn', 'engine.page', { pfn: -1 }],
    ['a fractional pfn', 'engine.page', { pfn: 1.5 }],
    ['a pfn that is a string', 'engine.page', { pfn: '0x1000' }],
    ['a machine too big', 'engine.reset', { machine: { ram: 2 ** 50 } }],
    ['a machine key that does not exist', 'engine.reset', { machine: { gpu: 1 } }],
    ['extra params', 'engine.cancel', { now: true }],
    ['a locale we do not have', 'prefs.set', { locale: 'fr' }],
    ['a huge layout', 'prefs.set', { layout: { blob: 'x'.repeat(300_000) } }]
  ])('answers %s with invalid-params', async (_name, method, params) => {
    const { router, calls } = setup()
    const r = await router.handle('c1', { id: 3, method, params })
    expect(r).toMatchObject({ id: 3, ok: false, error: { code: 'invalid-params' } })
    expect(errorOf(r)?.message).toContain(method)
    expect(calls).toEqual([])
  })
})

describe('router dispatch', () => {
  it('runs a valid command and publishes the watched views', async () => {
    const { router, calls, events } = setup()
    const r = await router.handle('c1', { id: 1, method: 'engine.exec', params: { line: 'cat /proc/meminfo' } })
    expect(r).toMatchObject({ id: 1, ok: true, result: { seq: 1 } })
    expect(calls).toEqual(['exec cat /proc/meminfo'])
    expect(events).toHaveLength(1)
    expect(events[0]!.event).toBe('snapshot')
    expect((events[0]!.payload as Snapshot).machine).toBeDefined()
  })

  it('sends each client only the views it watches', async () => {
    const { router, events } = setup()
    const other: EventMessage[] = []
    router.attach({ id: 'c2', send: (m) => other.push(m) })
    await router.handle('c2', { id: 1, method: 'engine.watch', params: { views: [] } })
    await router.handle('c1', { id: 2, method: 'engine.exec', params: { line: 'help' } })
    expect((events.at(-1)!.payload as Snapshot).machine).toBeDefined()
    expect(other.at(-1)!.payload).toEqual({ seq: 1 })
  })

  it('keeps preferences', async () => {
    const { router } = setup()
    await router.handle('c1', { id: 1, method: 'prefs.set', params: { locale: 'zh-CN' } })
    const r = await router.handle('c1', { id: 2, method: 'prefs.get', params: {} })
    expect(r).toMatchObject({ ok: true, result: { locale: 'zh-CN', theme: 'system' } })
  })

  it('stops sending to a detached client', async () => {
    const { router, events } = setup()
    router.detach('c1')
    await router.handle('c1', { id: 1, method: 'engine.exec', params: { line: 'help' } })
    expect(events).toEqual([])
  })
})

import { afterEach, describe, expect, inject, it } from 'vitest'
import type { Events } from '@shared/ipc/contract'
import { EngineHost } from './engineHost'

const workerPath = inject('engineWorkerPath')
let host: EngineHost | null = null

function start(): EngineHost {
  host = new EngineHost({ workerPath, debug: true })
  return host
}

afterEach(async () => {
  await host?.dispose()
  host = null
})

function memTotal(text: string): number {
  return Number(/^MemTotal:\s+(\d+) kB$/m.exec(text)![1])
}

describe('EngineHost', () => {
  it('runs commands in the worker, one at a time, in order', async () => {
    const h = start()
    const [a, b, c] = await Promise.all([
      h.exec('machine ram=512M', ['meminfo']),
      h.exec('cat /proc/meminfo', []),
      h.exec('machine ram=1G', ['meminfo'])
    ])
    expect(a.value.seq).toBe(1)
    expect(b.value.seq).toBe(2)
    expect(c.value.seq).toBe(3)
    const mt512 = a.snapshot.meminfo!.find((f) => f.name === 'MemTotal')!.value
    expect(memTotal(b.value.result.output)).toBe(mt512)
    expect(c.snapshot.meminfo!.find((f) => f.name === 'MemTotal')!.value).toBeGreaterThan(mt512)
  })

  it('transfers the per-frame arrays rather than copying them', async () => {
    const h = start()
    const s = await h.snapshot(['frames', 'machine'])
    expect(s.frames!.use).toBeInstanceOf(Uint8Array)
    expect(s.frames!.use.length).toBe(s.machine!.maxPfn)
    expect(s.frames!.order.length).toBe(s.machine!.maxPfn)
    expect(s.frames!.migratetype.length).toBe(Math.ceil(s.machine!.maxPfn / 512))
    // A transferred buffer is owned by this side alone: it can be transferred on again.
    const { port1, port2 } = new MessageChannel()
    port1.postMessage(s.frames!.use, [s.frames!.use.buffer as ArrayBuffer])
    expect(s.frames!.use.byteLength).toBe(0)
    expect(await h.page(0x5000)).toMatchObject({ pfn: 0x5000, zone: 'DMA32' })
    expect(await h.page(1 << 30)).toBeNull()
    port1.close()
    port2.close()
  })

  it('restarts a dead worker, replays the session and says so', async () => {
    const h = start()
    const events: Events['engine-restarted'][] = []
    h.onEvent((e, p) => {
      if (e === 'engine-restarted') events.push(p as Events['engine-restarted'])
    })
    await h.exec('machine ram=768M', [])
    const before = (await h.exec('cat /proc/meminfo', [])).value.result.output
    await h.workerForTesting!.terminate()
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1)
    expect(events[0]).toMatchObject({ replayed: 2, lost: null })
    const after = await h.exec('cat /proc/meminfo', [])
    expect(after.value.result.output).toBe(before)
    // The replay restored the command count too.
    expect(after.value.seq).toBe(3)
  })

  it('reports the command a crash interrupted, and keeps the rest of the session', async () => {
    const h = start()
    await h.exec('machine ram=640M', [])
    const running = h.execScript(Array.from({ length: 20000 }, () => 'cat /proc/meminfo').join('\n'), [])
    const events: Events['engine-restarted'][] = []
    h.onEvent((e, p) => {
      if (e === 'engine-restarted') events.push(p as Events['engine-restarted'])
    })
    await new Promise((r) => setTimeout(r, 50))
    await h.workerForTesting!.terminate()
    await expect(running).rejects.toMatchObject({ code: 'engine-crashed' })
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1)
    expect(events[0]!.lost).toBe('a script of 20000 lines')
    const s = await h.snapshot(['machine'])
    expect(s.machine!.config.ram).toBe(640 * 1024 * 1024)
  })

  it('cancels a long script between lines and reports progress', async () => {
    const h = start()
    const progress: Events['progress'][] = []
    h.onEvent((e, p) => {
      if (e === 'progress') {
        progress.push(p as Events['progress'])
        if (progress.length === 1) h.cancel()
      }
    })
    const n = 200000
    const r = await h.execScript(Array.from({ length: n }, () => 'cat /proc/meminfo').join('\n'), ['meminfo'])
    expect(r.value.status).toBe('cancelled')
    expect(r.value.results.length).toBeLessThan(n)
    expect(progress[0]!.total).toBe(n)
    // What ran stays done and is in the log for a replay; the engine takes the next command.
    expect((await h.exec('help', [])).value.result.ok).toBe(true)
    expect(h.logLength).toBe(r.value.results.length + 1)
  })

  it('cancels queued commands before they start', async () => {
    const h = start()
    const first = h.execScript(Array.from({ length: 50000 }, () => 'help').join('\n'), [])
    const queued = h.exec('machine ram=2G', [])
    expect(h.cancel()).toBe(true)
    await expect(queued).rejects.toMatchObject({ code: 'cancelled' })
    expect((await first).value.status).toBe('cancelled')
    expect((await h.snapshot(['machine'])).machine!.config.ram).toBe(256 * 1024 * 1024)
  })
})

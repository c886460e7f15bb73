// The engine worker: runs the simulated kernel (src-main/engine) off the main thread, one request
// at a time in arrival order. Snapshot arrays are transferred, not copied. Cancellation comes
// through a shared Int32 the host sets while this thread is busy; progress goes out as it runs.

import { parentPort, workerData } from 'node:worker_threads'
import { Engine } from '../engine/engine'
import { nodeFiles } from './nodeFiles'
import { snapshotTransferables, type WorkerInit, type WorkerMessage, type WorkerRequest } from './protocol'

const init = workerData as WorkerInit
const port = parentPort
if (!port) throw new Error('engine.worker must run in a worker thread')

const cancelFlag = new Int32Array(init.cancel)
let current = -1
// Progress is throttled to a few messages a second: the renderer only draws a bar.
let lastProgress = 0

const engine = new Engine({
  files: nodeFiles,
  debug: init.debug,
  interrupt: () => Atomics.load(cancelFlag, 0) !== 0,
  progress: (done, total, label) => {
    const now = performance.now()
    if (done !== total && now - lastProgress < 100) return
    lastProgress = now
    post({ type: 'progress', id: current, done, total, label })
  }
})

function post(msg: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer)
}

function handle(req: WorkerRequest): void {
  current = req.id
  lastProgress = 0
  switch (req.op) {
    case 'exec': {
      const result = engine.exec(req.line)
      const snapshot = engine.snapshot(req.views, true)
      const executed = result.diagnostic?.kind === 'syntax' ? [] : [req.line]
      post({ type: 'reply', id: req.id, ok: true, value: { result, seq: engine.seq }, snapshot, executed }, snapshotTransferables(snapshot))
      return
    }
    case 'script': {
      const { executed, ...value } = engine.execScript(req.text)
      const snapshot = engine.snapshot(req.views, true)
      post({ type: 'reply', id: req.id, ok: true, value, snapshot, executed }, snapshotTransferables(snapshot))
      return
    }
    case 'snapshot': {
      const snapshot = engine.snapshot(req.views)
      post({ type: 'reply', id: req.id, ok: true, value: snapshot }, snapshotTransferables(snapshot))
      return
    }
    case 'page': {
      post({ type: 'reply', id: req.id, ok: true, value: engine.page(req.pfn) })
      return
    }
    case 'select': {
      const r = engine.select(req.pid)
      if ('error' in r) {
        post({ type: 'reply', id: req.id, ok: false, error: { code: 'invalid-params', message: r.error } })
        return
      }
      const snapshot = engine.snapshot(req.views, true)
      post({ type: 'reply', id: req.id, ok: true, value: r, snapshot }, snapshotTransferables(snapshot))
      return
    }
    case 'reset': {
      const value = engine.reset(req.machine)
      const snapshot = engine.snapshot(req.views)
      post({ type: 'reply', id: req.id, ok: true, value, snapshot }, snapshotTransferables(snapshot))
      return
    }
    case 'replay': {
      for (const entry of req.log) {
        if (entry.kind === 'reset') engine.reset(entry.machine)
        else if (entry.kind === 'select') engine.select(entry.pid)
        else engine.exec(entry.raw)
      }
      post({ type: 'reply', id: req.id, ok: true, value: { replayed: req.log.length, seq: engine.seq } })
      return
    }
  }
}

port.on('message', (req: WorkerRequest) => {
  try {
    handle(req)
  } catch (e) {
    // A student's mistake never throws (errors are values); an exception here is a broken
    // invariant of the engine (BUG_ON). Its state can no longer be trusted: say so, and let
    // the host restart this worker from the session log.
    const message = e instanceof Error ? e.message : String(e)
    post({ type: 'reply', id: req.id, ok: false, error: { code: 'internal', message: `kernel BUG: ${message}` }, bug: true })
  }
})

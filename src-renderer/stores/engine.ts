// The engine as the panes see it: the latest snapshot, the one before the last command (for
// the Δ columns), whether a command is running, and the actions that reach the engine. This
// store is the only place that talks to the bridge (STYLE.md §5).

import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { AppInfo, Events, ExecResult, ScriptResult, VmlabBridge } from '@shared/ipc/contract'
import { toBridgeError } from '@shared/ipc/errors'
import type { MachineConfig } from '@shared/model/machine'
import type { MeminfoField } from '@shared/model/meminfo'
import type { PageTableView, ProcessesView, TlbView, VmaView } from '@shared/model/mm'
import type { BuddyView, FramesView, PageInfo, SlabView, Snapshot, ViewName, VmallocView } from '@shared/model/snapshot'

/** The views every window keeps current: the panes draw from them. */
export const WATCHED: ViewName[] = ['machine', 'meminfo', 'frames', 'buddy', 'slab', 'vmalloc', 'processes', 'vma', 'pagetable', 'tlb']

export type EngineState = 'connecting' | 'idle' | 'running' | 'disconnected'

export const useEngineStore = defineStore('engine', () => {
  // Snapshots are large and immutable: shallowRef, never deep-reactive (STYLE.md §5).
  const bridge = shallowRef<VmlabBridge | null>(null)
  const info = shallowRef<AppInfo | null>(null)
  const snapshot = shallowRef<Snapshot | null>(null)
  const previousMeminfo = shallowRef<MeminfoField[] | null>(null)
  const previousBuddy = shallowRef<BuddyView | null>(null)
  const previousFrames = shallowRef<FramesView | null>(null)
  const previousSlab = shallowRef<SlabView | null>(null)
  const previousVmalloc = shallowRef<VmallocView | null>(null)
  const previousProcesses = shallowRef<ProcessesView | null>(null)
  /** The address space before the last command (of whichever process was current then). */
  const previousVma = shallowRef<VmaView | null>(null)
  /** The page tables before the last command (of whichever process was current then). */
  const previousPagetable = shallowRef<PageTableView | null>(null)
  /** Every CPU's TLB before the last command. */
  const previousTlb = shallowRef<TlbView | null>(null)
  const running = ref(0)
  const progress = shallowRef<Events['progress'] | null>(null)
  const restarted = shallowRef<Events['engine-restarted'] | null>(null)
  const connectionError = ref<string | null>(null)
  const listeners: (() => void)[] = []
  const pageCache = new Map<number, Promise<PageInfo | null>>()

  const state = computed<EngineState>(() => {
    if (connectionError.value) return 'disconnected'
    if (!bridge.value) return 'connecting'
    return running.value > 0 ? 'running' : 'idle'
  })
  const seq = computed(() => snapshot.value?.seq ?? 0)
  const machine = computed<MachineConfig | null>(() => snapshot.value?.machine?.config ?? null)

  function receive(s: Snapshot): void {
    // A published snapshot follows a command (or a reset/replay): what was current becomes
    // "before the last command". Picking another process (engine.select) runs no command: the
    // command count stays, and so do the marks of the last command.
    const prev = snapshot.value
    if (prev && s.seq > 0 && s.seq === prev.seq) {
      pageCache.clear()
      snapshot.value = { ...prev, ...s }
      return
    }
    previousMeminfo.value = snapshot.value?.meminfo ?? null
    previousBuddy.value = snapshot.value?.buddy ?? null
    previousFrames.value = snapshot.value?.frames ?? null
    previousSlab.value = snapshot.value?.slab ?? null
    previousVmalloc.value = snapshot.value?.vmalloc ?? null
    previousProcesses.value = snapshot.value?.processes ?? null
    previousVma.value = snapshot.value?.vma ?? null
    previousPagetable.value = snapshot.value?.pagetable ?? null
    previousTlb.value = snapshot.value?.tlb ?? null
    pageCache.clear()
    snapshot.value = { ...snapshot.value, ...s }
  }

  async function attach(b: VmlabBridge): Promise<void> {
    bridge.value = b
    listeners.push(
      b.on('snapshot', receive),
      b.on('progress', (p) => (progress.value = p)),
      b.on('engine-restarted', (r) => (restarted.value = r)),
      b.on('log', (l) => {
        if (l.level === 'error' && /closed/.test(l.message)) connectionError.value = l.message
      })
    )
    info.value = await b.request('app.info', {})
    await b.request('engine.watch', { views: WATCHED })
    snapshot.value = await b.request('engine.snapshot', { views: WATCHED })
  }

  function detach(): void {
    for (const off of listeners.splice(0)) off()
    bridge.value = null
  }

  async function run<T>(fn: (b: VmlabBridge) => Promise<T>): Promise<T> {
    const b = bridge.value
    if (!b) throw toBridgeError(new Error('not connected to the engine'))
    running.value++
    progress.value = null
    try {
      return await fn(b)
    } catch (e) {
      throw toBridgeError(e)
    } finally {
      running.value--
      if (running.value === 0) progress.value = null
    }
  }

  const exec = (line: string): Promise<ExecResult> => run((b) => b.request('engine.exec', { line }))
  const execScript = (text: string): Promise<ScriptResult> => run((b) => b.request('engine.execScript', { text }))
  const reset = (m: Partial<MachineConfig> = {}) => run((b) => b.request('engine.reset', { machine: m }))
  /** One struct page decoded, cached until the next snapshot (hovering asks often). */
  async function page(pfn: number): Promise<PageInfo | null> {
    const b = bridge.value
    if (!b) return null
    const hit = pageCache.get(pfn)
    if (hit) return hit
    const p = b.request('engine.page', { pfn }).catch(() => null)
    pageCache.set(pfn, p)
    if (pageCache.size > 256) pageCache.delete(pageCache.keys().next().value!)
    return p
  }

  /** Make a process the current one; the engine answers with a snapshot where the per-process views follow. */
  const select = (pid: number): Promise<{ current: number }> => run((b) => b.request('engine.select', { pid }))

  const cancel = async (): Promise<boolean> => (bridge.value ? (await bridge.value.request('engine.cancel', {})).cancelled : false)

  return {
    bridge,
    info,
    snapshot,
    previousMeminfo,
    previousBuddy,
    previousFrames,
    previousSlab,
    previousVmalloc,
    previousProcesses,
    previousVma,
    previousPagetable,
    previousTlb,
    page,
    progress,
    restarted,
    connectionError,
    state,
    seq,
    machine,
    attach,
    detach,
    receive,
    exec,
    execScript,
    reset,
    select,
    cancel
  }
})

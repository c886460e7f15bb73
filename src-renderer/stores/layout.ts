// The dock layout: the default of UI.md, restoring a saved one (validated; an invalid layout is
// replaced by the default, never trusted), opening a pane from the menu, and saving changes.

import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import type { DockviewApi, SerializedDockview } from 'dockview-vue'
import { usePrefsStore } from './prefs'

export const PANES = ['console', 'meminfo', 'reference', 'frames', 'buddy', 'slab', 'vmalloc', 'processes', 'vma', 'pagetable', 'tlb'] as const
export type PaneId = (typeof PANES)[number]

/**
 * UI.md: Frame map top-left, Console bottom-left and wide, Meminfo in the right column; the
 * Buddy allocator, Slab and Vmalloc as tabs beside Meminfo; the per-process panes (VMAs,
 * Processes, Page tables), whose tables are wide, beside the Frame map; the VML reference beside
 * the Console.
 */
export function applyDefaultLayout(api: DockviewApi, title: (id: PaneId) => string): void {
  api.clear()
  api.addPanel({ id: 'frames', component: 'frames', title: title('frames') })
  api.addPanel({
    id: 'meminfo',
    component: 'meminfo',
    title: title('meminfo'),
    position: { referencePanel: 'frames', direction: 'right' },
    initialWidth: 500
  })
  api.addPanel({
    id: 'buddy',
    component: 'buddy',
    title: title('buddy'),
    position: { referencePanel: 'meminfo', direction: 'within' },
    inactive: true
  })
  for (const id of ['slab', 'vmalloc'] as const) {
    api.addPanel({ id, component: id, title: title(id), position: { referencePanel: 'meminfo', direction: 'within' }, inactive: true })
  }
  for (const id of ['vma', 'processes', 'pagetable', 'tlb'] as const) {
    api.addPanel({ id, component: id, title: title(id), position: { referencePanel: 'frames', direction: 'within' }, inactive: true })
  }
  api.addPanel({
    id: 'console',
    component: 'console',
    title: title('console'),
    position: { referencePanel: 'frames', direction: 'below' },
    initialHeight: 270
  })
  api.addPanel({
    id: 'reference',
    component: 'reference',
    title: title('reference'),
    position: { referencePanel: 'console', direction: 'within' },
    inactive: true
  })
  api.getPanel('console')?.api.setActive()
}

/** A saved layout is accepted only if it is dockview's shape and names only our panes. */
export function isValidLayout(v: unknown): v is SerializedDockview & { vmlabLayoutVersion?: number } {
  if (!v || typeof v !== 'object') return false
  const o = v as Record<string, unknown>
  if (!o.grid || typeof o.grid !== 'object' || !o.panels || typeof o.panels !== 'object') return false
  const panels = Object.values(o.panels as Record<string, unknown>)
  if (panels.length === 0) return false
  return panels.every((p) => {
    const q = p as Record<string, unknown> | null
    return !!q && typeof q.id === 'string' && (PANES as readonly string[]).includes(q.id) && (q.contentComponent === q.id || q.contentComponent === undefined)
  })
}

/**
 * Saved layouts carry the version of the pane set they were made with. A layout from before
 * version 2 lacks the frame map, buddy, slab and vmalloc panes: it is replaced by the default. One
 * of version 2 to 4 lacks only per-process panes (version 3 added processes and vma, version 4
 * pagetable, version 5 tlb): it is kept, and they are added as tabs where the default puts them, or beside the
 * active pane if that place is gone. Either way the student is told.
 */
export const LAYOUT_VERSION = 5

/** The panes each version added, and the pane each one joins as a tab in an upgraded layout. */
const ADDED_IN: Record<number, { id: PaneId; beside: PaneId }[]> = {
  3: [
    { id: 'vma', beside: 'frames' },
    { id: 'processes', beside: 'frames' }
  ],
  4: [{ id: 'pagetable', beside: 'frames' }],
  5: [{ id: 'tlb', beside: 'frames' }]
}

/** Add to a restored layout the panes versions after `from` brought; returns those it added. */
export function addNewPanes(api: DockviewApi, from: number, title: (id: PaneId) => string): PaneId[] {
  const added: PaneId[] = []
  for (let v = from + 1; v <= LAYOUT_VERSION; v++) {
    for (const { id, beside } of ADDED_IN[v] ?? []) {
      if (api.getPanel(id)) continue
      const ref = api.getPanel(beside) ?? api.activePanel ?? api.panels[0]
      api.addPanel({ id, component: id, title: title(id), position: ref ? { referencePanel: ref.id, direction: 'within' } : undefined, inactive: true })
      added.push(id)
    }
  }
  return added
}

export const useLayoutStore = defineStore('layout', () => {
  const api = shallowRef<DockviewApi | null>(null)
  const restoreFailed = ref(false)
  /** The saved layout came from an older version and was replaced by the default. */
  const upgraded = ref(false)
  /** The saved layout was kept, and these panes (new in this version) were added to it. */
  const added = ref<PaneId[]>([])
  let titleOf: (id: PaneId) => string = (id) => id
  let saveTimer: ReturnType<typeof setTimeout> | undefined

  function init(dock: DockviewApi, title: (id: PaneId) => string): void {
    api.value = markRaw(dock)
    titleOf = title
    const saved = usePrefsStore().layout
    restoreFailed.value = false
    upgraded.value = false
    added.value = []
    const valid = saved && isValidLayout(saved) ? saved : null
    const version = valid?.vmlabLayoutVersion ?? 1
    if (valid && (version < 2 || version > LAYOUT_VERSION)) {
      upgraded.value = true
      applyDefaultLayout(dock, title)
    } else if (valid) {
      try {
        dock.fromJSON(valid)
        added.value = addNewPanes(dock, version, title)
      } catch {
        restoreFailed.value = true
        applyDefaultLayout(dock, title)
      }
    } else {
      restoreFailed.value = saved !== null
      applyDefaultLayout(dock, title)
    }
    retitle()
    // Dragging a sash fires many changes: save once it settles, and at once when the page goes.
    dock.onDidLayoutChange(() => {
      clearTimeout(saveTimer)
      saveTimer = setTimeout(save, 400)
    })
    window.addEventListener('pagehide', save)
  }

  function save(): void {
    clearTimeout(saveTimer)
    const dock = api.value
    if (dock) void usePrefsStore().save({ layout: { ...(dock.toJSON() as unknown as Record<string, unknown>), vmlabLayoutVersion: LAYOUT_VERSION } })
  }

  /** Pane titles follow the UI language. */
  function retitle(): void {
    for (const p of api.value?.panels ?? []) p.api.setTitle(titleOf(p.id as PaneId))
  }

  function setTitles(title: (id: PaneId) => string): void {
    titleOf = title
    retitle()
  }

  function openPane(id: PaneId): void {
    const dock = api.value
    if (!dock) return
    const existing = dock.getPanel(id)
    if (existing) {
      existing.api.setActive()
      return
    }
    dock.addPanel({ id, component: id, title: titleOf(id), position: dock.activePanel ? { referencePanel: dock.activePanel.id, direction: 'within' } : undefined })
  }

  function reset(): void {
    if (!api.value) return
    applyDefaultLayout(api.value, titleOf)
    save()
  }

  return { api, restoreFailed, upgraded, added, init, setTitles, openPane, reset }
})

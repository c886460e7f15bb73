// The dock layout: the default of UI.md, restoring a saved one (validated; an invalid layout is
// replaced by the default, never trusted), opening a pane from the menu, and saving changes.

import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import type { DockviewApi, SerializedDockview } from 'dockview-vue'
import { usePrefsStore } from './prefs'

export const PANES = ['console', 'meminfo', 'reference', 'frames', 'buddy', 'slab', 'vmalloc'] as const
export type PaneId = (typeof PANES)[number]

/**
 * UI.md: Frame map top-left, Console bottom-left and wide, Meminfo in the right column; the
 * Buddy allocator as a tab beside Meminfo, the VML reference beside the Console.
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
 * Saved layouts carry the version of the pane set they were made with. A layout from an older
 * version lacks the panes added since (frame map, buddy, slab, vmalloc): it is replaced by the
 * default, and the student is told why.
 */
export const LAYOUT_VERSION = 2

export const useLayoutStore = defineStore('layout', () => {
  const api = shallowRef<DockviewApi | null>(null)
  const restoreFailed = ref(false)
  /** The saved layout came from an older version and was replaced by the default. */
  const upgraded = ref(false)
  let titleOf: (id: PaneId) => string = (id) => id
  let saveTimer: ReturnType<typeof setTimeout> | undefined

  function init(dock: DockviewApi, title: (id: PaneId) => string): void {
    api.value = markRaw(dock)
    titleOf = title
    const saved = usePrefsStore().layout
    restoreFailed.value = false
    upgraded.value = false
    if (saved && isValidLayout(saved) && saved.vmlabLayoutVersion !== LAYOUT_VERSION) {
      upgraded.value = true
      applyDefaultLayout(dock, title)
    } else if (saved && isValidLayout(saved)) {
      try {
        dock.fromJSON(saved)
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

  return { api, restoreFailed, upgraded, init, setTitles, openPane, reset }
})

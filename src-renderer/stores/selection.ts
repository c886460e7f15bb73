// One selection shared by every pane (../shared/UI.md): the frame under the pointer, the pinned
// frame, and the free-block order the buddy pane highlights in the frame map. Hover shows, click
// pins, Esc clears.

import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface OrderHighlight {
  /** The zone whose blocks are lit (its pfn range); null lights every zone. */
  zone: string | null
  order: number
}

export const useSelectionStore = defineStore('selection', () => {
  const hoverPfn = ref<number | null>(null)
  const pinnedPfn = ref<number | null>(null)
  const highlight = ref<OrderHighlight | null>(null)
  /** Frames another pane asks the frame map to light: a slab cache's slabs, a vmalloc area's pages. */
  const frames = ref<{ label: string; ranges: [number, number][] } | null>(null)

  function pin(pfn: number | null): void {
    pinnedPfn.value = pfn
  }

  function toggleHighlight(zone: string | null, order: number): void {
    const h = highlight.value
    highlight.value = h && h.zone === zone && h.order === order ? null : { zone, order }
  }

  function clear(): void {
    pinnedPfn.value = null
    highlight.value = null
    frames.value = null
  }

  function lightFrames(label: string, ranges: [number, number][]): void {
    frames.value = frames.value?.label === label ? null : { label, ranges }
  }

  return { hoverPfn, pinnedPfn, highlight, frames, pin, toggleHighlight, lightFrames, clear }
})

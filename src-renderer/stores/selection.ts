// One selection shared by every pane (../shared/UI.md): the frame under the pointer, the pinned
// frame, the free-block order the buddy pane highlights in the frame map, and the VMA under the
// pointer or pinned (of the current process: the engine's snapshot says which that is), and the
// virtual address the Page tables pane walks. Hover shows, click pins, Esc clears.

import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface OrderHighlight {
  /** The zone whose blocks are lit (its pfn range); null lights every zone. */
  zone: string | null
  order: number
}

export interface VmaPick {
  pid: number
  /** vm_start as the snapshot spells it (lowercase hex). */
  start: string
}

/** A user virtual address of one process, as lowercase hex (`0x7ffff7d62000`). */
export interface VaPick {
  pid: number
  addr: string
}

export const useSelectionStore = defineStore('selection', () => {
  const hoverPfn = ref<number | null>(null)
  const pinnedPfn = ref<number | null>(null)
  const highlight = ref<OrderHighlight | null>(null)
  /** Frames another pane asks the frame map to light: a slab cache's slabs, a vmalloc area's pages. */
  const frames = ref<{ label: string; ranges: [number, number][] } | null>(null)
  /** A VMA by its vm_start, with the process it belongs to: another process's pick does not carry over. */
  const vma = ref<VmaPick | null>(null)
  const hoverVma = ref<VmaPick | null>(null)
  /** The address whose page-table walk is shown; picking a VMA walks its first page (UI.md). */
  const va = ref<VaPick | null>(null)

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
    vma.value = null
    va.value = null
  }

  /** Click pins a VMA; a second click on the pinned one unpins it. */
  function pickVma(pid: number, start: string): void {
    vma.value = vma.value?.pid === pid && vma.value.start === start ? null : { pid, start }
    if (vma.value) va.value = { pid, addr: start }
  }

  /** Walk an address; picking the address walked already unpins it. */
  function pickVa(pid: number, addr: string): void {
    va.value = va.value?.pid === pid && va.value.addr === addr ? null : { pid, addr }
  }

  function lightFrames(label: string, ranges: [number, number][]): void {
    frames.value = frames.value?.label === label ? null : { label, ranges }
  }

  return { hoverPfn, pinnedPfn, highlight, frames, vma, hoverVma, va, pin, toggleHighlight, lightFrames, pickVma, pickVa, clear }
})

// Pane snapshots computed from the machine (DESIGN.md: views are derived). Arrays are copies, so
// the worker can transfer them without losing its own state.

import type { FramesView, MachineView } from '@shared/model/snapshot'
import type { Machine } from './machine'

export function machineView(m: Machine): MachineView {
  return {
    config: { ...m.config },
    maxPfn: m.maxPfn,
    totalramPages: m.totalramPages(),
    zones: m.zones
      .filter((z) => z.spanned_pages > 0)
      .map((z) => ({
        name: z.name,
        start_pfn: z.zone_start_pfn,
        spanned: z.spanned_pages,
        present: z.present_pages,
        managed: z.managed_pages,
        free: z.nr_free
      })),
    reserved: m.memblock.reserved.map((r) => ({ base: r.base, size: r.size, name: r.name, use: r.use }))
  }
}

export function framesView(m: Machine): FramesView {
  return { maxPfn: m.maxPfn, use: m.memmap.use.slice(), flags: m.memmap.flags.slice() }
}

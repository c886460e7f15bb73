// /proc/vmstat (mm/vmstat.c: vmstat_start(), 6.18): the zone counters, the NUMA events, the node
// counters, the dirty thresholds, the memmap counters and the VM events, one "name value" per
// line, in the kernel's order; the deprecated nr_unstable at the end.

import { NODE_STAT_ITEMS, NODE_STAT_NAMES, VM_EVENT_NAMES } from '../page_alloc/vmstat'
import { NUMA_STAT_NAMES } from '../page_alloc/zone'
import type { Machine } from '../machine'
import { nodeStatPages, zoneStats } from './buddyinfo'

/** vm_dirty_ratio and dirty_background_ratio (percent), their defaults. */
const VM_DIRTY_RATIO = 20
const DIRTY_BACKGROUND_RATIO = 10

/**
 * Pages the dirty limits are a share of: free pages less the reserves, plus the file LRUs.
 */
// mm/page-writeback.c: global_dirtyable_memory()
function globalDirtyableMemory(m: Machine): number {
  let x = m.freePages()
  x -= Math.min(x, m.totalreservePages)
  x += m.vmstat.node_page_state('NR_INACTIVE_FILE') + m.vmstat.node_page_state('NR_ACTIVE_FILE')
  return x + 1
}

/** [background, dirty] thresholds in pages. */
// mm/page-writeback.c: global_dirty_limits() → domain_dirty_limits()
export function globalDirtyLimits(m: Machine): [number, number] {
  const avail = globalDirtyableMemory(m)
  // Ratios per PAGE_SIZE, for precision.
  const ratio = Math.floor((VM_DIRTY_RATIO * 4096) / 100)
  const bgRatio = Math.floor((DIRTY_BACKGROUND_RATIO * 4096) / 100)
  const thresh = Math.floor((ratio * avail) / 4096)
  let bg = Math.floor((bgRatio * avail) / 4096)
  if (bg >= thresh) bg = Math.floor(thresh / 2)
  return [bg, thresh]
}

export function renderVmstat(m: Machine): string {
  const lines: string[] = []
  const sum = new Map<string, number>()
  for (const z of m.zones) for (const [name, v] of zoneStats(m, z)) sum.set(name, (sum.get(name) ?? 0) + v)
  for (const [name, v] of sum) lines.push(`${name} ${v}`)
  for (let i = 0; i < NUMA_STAT_NAMES.length; i++) lines.push(`${NUMA_STAT_NAMES[i]} ${m.zones.reduce((n, z) => n + z.numa[i]!, 0)}`)
  for (const item of NODE_STAT_ITEMS) lines.push(`${NODE_STAT_NAMES[item]} ${nodeStatPages(m, item)}`)
  const [bg, thresh] = globalDirtyLimits(m)
  lines.push(`nr_dirty_threshold ${thresh}`, `nr_dirty_background_threshold ${bg}`)
  lines.push(`nr_memmap_pages ${m.vmstat.nr_memmap_pages}`, `nr_memmap_boot_pages ${m.vmstat.nr_memmap_boot_pages}`)
  for (const e of VM_EVENT_NAMES) lines.push(`${e} ${m.vmstat.event(e)}`)
  lines.push('nr_unstable 0')
  return lines.join('\n') + '\n'
}

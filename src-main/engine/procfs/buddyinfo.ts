// /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo (mm/vmstat.c, 6.18): the buddy free
// lists and the zones as Linux prints them. Populated zones only, except /proc/zoneinfo, which
// walks every zone of the node (walk_zones_in_node(…, assert_populated=false, …)).

import { MIGRATETYPE_NAMES } from '@shared/model/snapshot'
import { NR_PAGE_ORDERS } from '../page_alloc/buddy'
import { MIGRATE_TYPES } from '../page_alloc/gfp'
import { NODE_STAT_ITEMS, NODE_STAT_NAMES, ZONE_STAT_ITEMS, ZONE_STAT_NAMES, type NodeStatItem } from '../page_alloc/vmstat'
import { NUMA_STAT_NAMES, PAGEBLOCK_NR_PAGES, PAGEBLOCK_ORDER, WMARK_HIGH, WMARK_LOW, WMARK_MIN, WMARK_PROMO, type Zone } from '../page_alloc/zone'
import type { Machine } from '../machine'

const pad = (s: string | number, n: number) => String(s).padStart(n)
const padEnd = (s: string, n: number) => s.padEnd(n)
const populated = (m: Machine) => m.zones.filter((z) => z.present_pages > 0)

// mm/vmstat.c: frag_show_print()
export function renderBuddyinfo(m: Machine): string {
  let out = ''
  for (const z of populated(m)) {
    out += `Node 0, zone ${pad(z.name, 8)} `
    for (let o = 0; o < NR_PAGE_ORDERS; o++) out += `${pad(z.free_area[o]!, 6)} `
    out += '\n'
  }
  return out
}

// mm/vmstat.c: pagetypeinfo_show() → pagetypeinfo_showfree(), pagetypeinfo_showblockcount()
export function renderPagetypeinfo(m: Machine): string {
  const b = m.pageAlloc.buddy
  let out = `Page block order: ${PAGEBLOCK_ORDER}\nPages per block:  ${PAGEBLOCK_NR_PAGES}\n\n`
  out += `${padEnd('Free pages count per migrate type at order', 43)} `
  for (let o = 0; o < NR_PAGE_ORDERS; o++) out += `${pad(o, 6)} `
  out += '\n'
  for (const z of populated(m)) {
    for (let mt = 0; mt < MIGRATE_TYPES; mt++) {
      out += `Node ${pad(0, 4)}, zone ${pad(z.name, 8)}, type ${pad(MIGRATETYPE_NAMES[mt]!, 12)} `
      for (let o = 0; o < NR_PAGE_ORDERS; o++) {
        // The kernel stops counting a list at 100000 entries and prints ">100000".
        const n = b.lists.length(b.freeList(z, o, mt))
        out += n >= 100000 ? `>${pad(100000, 6)} ` : `${pad(n, 6)} `
      }
      out += '\n'
    }
  }
  out += `\n${padEnd('Number of blocks type ', 23)}`
  for (let mt = 0; mt < MIGRATE_TYPES; mt++) out += `${pad(MIGRATETYPE_NAMES[mt]!, 12)} `
  out += '\n'
  for (const z of populated(m)) {
    const count = new Array<number>(MIGRATE_TYPES).fill(0)
    // pagetypeinfo_showblockcount_print(): every pageblock_nr_pages from zone_start_pfn.
    for (let pfn = z.zone_start_pfn; pfn < z.zone_start_pfn + z.spanned_pages; pfn += PAGEBLOCK_NR_PAGES) count[b.migratetype(pfn)]!++
    out += `Node 0, zone ${pad(z.name, 8)} `
    for (const c of count) out += `${pad(c, 12)} `
    out += '\n'
  }
  return out
}

/** Node items counted in THPs rather than pages. */
// mm/vmstat.c: vmstat_item_print_in_thp()
const IN_THP = new Set<NodeStatItem>(['NR_ANON_THPS', 'NR_SHMEM_THPS', 'NR_SHMEM_PMDMAPPED', 'NR_FILE_THPS', 'NR_FILE_PMDMAPPED'])

export function nodeStatPages(m: Machine, item: NodeStatItem): number {
  const v = m.vmstat.node_page_state(item)
  return IN_THP.has(item) ? Math.floor(v / 512) : v
}

/** zone_stat_item values of one zone, in enum order. */
export function zoneStats(m: Machine, z: Zone): [string, number][] {
  return [
    [ZONE_STAT_NAMES.NR_FREE_PAGES, z.nr_free],
    [ZONE_STAT_NAMES.NR_FREE_PAGES_BLOCKS, z.nr_free_blocks],
    ...ZONE_STAT_ITEMS.map((i): [string, number] => [ZONE_STAT_NAMES[i], m.vmstat.zoneState(z.idx, i)])
  ]
}

// mm/vmstat.c: zoneinfo_show_print()
export function renderZoneinfo(m: Machine): string {
  let out = ''
  const firstPopulated = populated(m)[0]
  for (const z of m.zones) {
    out += `Node 0, zone ${pad(z.name, 8)}`
    if (z === firstPopulated) {
      out += '\n  per-node stats'
      for (const item of NODE_STAT_ITEMS) out += `\n      ${padEnd(NODE_STAT_NAMES[item], 12)} ${nodeStatPages(m, item)}`
    }
    const w = z._watermark
    out +=
      `\n  pages free     ${z.nr_free}` +
      `\n        boost    ${z.watermark_boost}` +
      `\n        min      ${w[WMARK_MIN]}` +
      `\n        low      ${w[WMARK_LOW]}` +
      `\n        high     ${w[WMARK_HIGH]}` +
      `\n        promo    ${w[WMARK_PROMO]}` +
      `\n        spanned  ${z.spanned_pages}` +
      `\n        present  ${z.present_pages}` +
      `\n        managed  ${z.managed_pages}` +
      `\n        cma      0` +
      `\n        protection: (${z.lowmem_reserve.join(', ')})`
    if (z.present_pages === 0) {
      out += '\n'
      continue
    }
    for (const [name, v] of zoneStats(m, z)) out += `\n      ${padEnd(name, 12)} ${v}`
    for (let i = 0; i < NUMA_STAT_NAMES.length; i++) out += `\n      ${padEnd(NUMA_STAT_NAMES[i]!, 12)} ${z.numa[i]}`
    out += '\n  pagesets'
    for (const cpu of m.pageAlloc.pcp) {
      const p = cpu[z.idx]!
      out +=
        `\n    cpu: ${p.cpu}` +
        `\n              count:    ${p.count}` +
        `\n              high:     ${p.high}` +
        `\n              batch:    ${p.batch}` +
        `\n              high_min: ${p.high_min}` +
        `\n              high_max: ${p.high_max}` +
        `\n  vm stats threshold: ${p.stat_threshold}`
    }
    // node_unreclaimable: kswapd_failures >= MAX_RECLAIM_RETRIES (reclaim comes later: 0).
    out += `\n  node_unreclaimable:  0\n  start_pfn:           ${z.zone_start_pfn}\n`
  }
  return out
}

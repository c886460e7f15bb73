// CONFIG_DEBUG_VM for the page allocator: the buddy free lists, the per-CPU lists, the zone
// counters and the frames must all tell the same story. Run after every command in tests and
// in debug mode; a mismatch is a bug of the engine and throws, naming what is broken.

import { FrameUse } from '@shared/model/frames'
import { MAX_PAGE_ORDER, NR_PAGE_ORDERS } from './buddy'
import { MIGRATE_HIGHATOMIC, MIGRATE_ISOLATE, MIGRATE_PCPTYPES, MIGRATE_TYPES } from './gfp'
import { PGTY_buddy } from './page_flags'
import type { PageAllocator } from './page_alloc'
import { NR_PCP_LISTS, pindexToOrder } from './pcp'
import { PAGEBLOCK_NR_PAGES, PAGEBLOCK_ORDER } from './zone'

/** A block `alloc_pages` handed out. */
export interface PageAllocation {
  order: number
  gfp: number
  cpu: number
}

const IN_BUDDY = 1
const IN_PCP = 2

export function checkPageAlloc(pa: PageAllocator, allocations: ReadonlyMap<number, PageAllocation>): void {
  const mm = pa.memmap
  const b = pa.buddy
  const where = new Uint8Array(mm.nrPages)
  const bug = (msg: string): never => {
    throw new Error(`BUG: ${msg}`)
  }

  for (const z of pa.zones) {
    let free = 0
    let freeBlocks = 0
    let freeHighatomic = 0
    for (let order = 0; order < NR_PAGE_ORDERS; order++) {
      let blocks = 0
      for (let mt = 0; mt < MIGRATE_TYPES; mt++) {
        const list = b.freeList(z, order, mt)
        let n = 0
        for (const pfn of b.lists.walk(list)) {
          n++
          const end = pfn + (1 << order)
          if (pfn & ((1 << order) - 1)) bug(`free block pfn ${pfn} of order ${order} is not aligned`)
          if (!b.zoneSpans(z, pfn) || !b.zoneSpans(z, end - 1)) bug(`free block pfn ${pfn} order ${order} leaves zone ${z.name}`)
          if (mm.page_type[pfn] !== PGTY_buddy) bug(`pfn ${pfn} is on a free list without PageBuddy`)
          if (mm.private[pfn] !== order) bug(`pfn ${pfn} on the order-${order} list has order ${mm.private[pfn]}`)
          for (let p = pfn; p < end; p += PAGEBLOCK_NR_PAGES) {
            if (b.migratetype(p) !== mt) bug(`free block pfn ${pfn} on the ${mt} list lies in a pageblock of type ${b.migratetype(p)}`)
          }
          for (let p = pfn; p < end; p++) {
            if (where[p]) bug(`pfn ${p} is in two free blocks`)
            where[p] = IN_BUDDY
            if (p !== pfn && mm.page_type[p] !== 0) bug(`pfn ${p} inside a free block has a page type`)
            if (mm._refcount[p] !== 0 || mm.flags[p] !== 0 || mm.use[p] !== FrameUse.FREE) {
              bug(`free pfn ${p} has _refcount ${mm._refcount[p]} flags ${mm.flags[p]} use ${mm.use[p]}`)
            }
          }
          // Two free buddies of one order must have merged, unless their pageblock types forbid it.
          if (order < MAX_PAGE_ORDER) {
            const buddy = pfn ^ (1 << order)
            if (buddy < mm.nrPages && b.zoneSpans(z, buddy) && mm.page_type[buddy] === PGTY_buddy && mm.private[buddy] === order) {
              const bmt = b.migratetype(buddy)
              const mayMerge = order < PAGEBLOCK_ORDER || mt === bmt || (mt < MIGRATE_PCPTYPES && bmt < MIGRATE_PCPTYPES)
              if (mayMerge) bug(`free buddies pfn ${pfn} and ${buddy} of order ${order} were not merged`)
            }
          }
          if (mt !== MIGRATE_ISOLATE) {
            free += 1 << order
            if (order >= PAGEBLOCK_ORDER) freeBlocks += 1 << order
          }
          if (mt === MIGRATE_HIGHATOMIC) freeHighatomic += 1 << order
        }
        if (n !== b.lists.length(list)) bug(`zone ${z.name} order ${order} type ${mt}: list length ${b.lists.length(list)} but ${n} entries`)
        blocks += n
      }
      if (z.free_area[order] !== blocks) bug(`zone ${z.name} free_area[${order}].nr_free ${z.free_area[order]} but ${blocks} blocks on its lists`)
    }
    if (z.nr_free !== free) bug(`zone ${z.name} NR_FREE_PAGES ${z.nr_free} but ${free} pages on its free lists`)
    if (z.nr_free_blocks !== freeBlocks) bug(`zone ${z.name} NR_FREE_PAGES_BLOCKS ${z.nr_free_blocks} but ${freeBlocks}`)
    if (z.nr_free_highatomic !== freeHighatomic) bug(`zone ${z.name} nr_free_highatomic ${z.nr_free_highatomic} but ${freeHighatomic}`)

    for (const cpuPcps of pa.pcp) {
      const pcp = cpuPcps[z.idx]!
      let count = 0
      for (let pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
        const order = pindexToOrder(pindex)
        for (const pfn of b.lists.walk(pa.pcpList(pcp.cpu, z, pindex))) {
          if (pfn & ((1 << order) - 1) || !b.zoneSpans(z, pfn)) bug(`pcp block pfn ${pfn} order ${order} misplaced`)
          for (let p = pfn; p < pfn + (1 << order); p++) {
            if (where[p]) bug(`pfn ${p} is on a per-CPU list and elsewhere`)
            where[p] = IN_PCP
            if (mm._refcount[p] !== 0 || mm.page_type[p] !== 0 || mm.use[p] !== FrameUse.PCP) bug(`pcp pfn ${p} is not a clean free page`)
          }
          count += 1 << order
        }
      }
      if (pcp.count !== count) bug(`cpu ${pcp.cpu} zone ${z.name} pcp count ${pcp.count} but ${count} pages on its lists`)
    }
  }

  // Blocks alloc_pages handed out: one reference on the head, every frame ALLOCATED.
  const owned = new Uint8Array(mm.nrPages)
  for (const [pfn, a] of allocations) {
    if (mm._refcount[pfn] !== 1) bug(`alloc_pages block pfn ${pfn} has _refcount ${mm._refcount[pfn]}`)
    for (let p = pfn; p < pfn + (1 << a.order); p++) {
      if (owned[p] || where[p]) bug(`pfn ${p} of an alloc_pages block is also elsewhere`)
      owned[p] = 1
      if (mm.use[p] !== FrameUse.ALLOCATED) bug(`pfn ${p} of an alloc_pages block has use ${mm.use[p]}`)
    }
  }

  for (let p = 0; p < mm.nrPages; p++) {
    const use = mm.use[p]
    if (use === FrameUse.FREE && where[p] !== IN_BUDDY) bug(`pfn ${p} is marked free but is on no free list`)
    if (use === FrameUse.PCP && where[p] !== IN_PCP) bug(`pfn ${p} is marked pcp but is on no per-CPU list`)
    if (use === FrameUse.ALLOCATED && !owned[p]) bug(`pfn ${p} is allocated but nobody owns it`)
    if (mm.page_type[p] === PGTY_buddy && where[p] !== IN_BUDDY) bug(`pfn ${p} is PageBuddy but on no free list`)
  }
}

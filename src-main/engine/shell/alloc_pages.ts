// `alloc_pages ORDER [zone=…] [gfp=…] [cpu=N]`, `free_pages PFN ORDER [cpu=N]` and
// `drain_pages`: the page allocator driven by hand, as a driver would call it.

import { MIGRATETYPE_NAMES } from '@shared/model/snapshot'
import type { Command } from '@shared/vml/parse'
import { MAX_PAGE_ORDER } from '../page_alloc/buddy'
import { __GFP_DMA, __GFP_DMA32, formatGfp, gfpMigratetype } from '../page_alloc/gfp'
import { pcpAllowedOrder } from '../page_alloc/pcp'
import { PAGE_FLAGS_CHECK_AT_FREE, PGTY_buddy, flagNames } from '../page_alloc/page_flags'
import { FRAME_USE_NAMES } from '@shared/model/frames'
import type { Machine } from '../machine'
import type { ShellContext } from './context'
import { argNumber, cpuOption, gfpOption, gfpZoneBad } from './args'
import { done, errno, type Outcome } from './outcome'

const hex = (n: number) => `0x${n.toString(16)}`

export function allocPagesCommand(ctx: ShellContext, cmd: Command): Outcome {
  const m = ctx.machine
  const order = argNumber(ctx, cmd, 'ORDER')
  if (typeof order !== 'number') return order
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  let gfp = gfpOption(cmd)
  if (typeof gfp !== 'number') return gfp
  // zone= names the highest zone, replacing any zone bits gfp= gave.
  const zone = cmd.options.zone
  if (zone?.kind === 'text') {
    gfp &= ~(__GFP_DMA | __GFP_DMA32)
    if (zone.text === 'dma') gfp |= __GFP_DMA
    else if (zone.text === 'dma32') gfp |= __GFP_DMA32
  }
  const bad = gfpZoneBad(cmd, gfp, cmd.options.gfp?.token.col ?? cmd.stmt.command.col)
  if (bad) return bad
  const r = m.pageAlloc.allocPages(gfp, order, cpu)
  if ('failure' in r) return errno('alloc_pages', 'ENOMEM', `alloc_pages: NULL\n${r.failure}`)
  m.allocations.set(r.pfn, { order, gfp, cpu })
  const n = 1 << order
  const mt = MIGRATETYPE_NAMES[gfpMigratetype(gfp)]
  const where = pcpAllowedOrder(order) ? `cpu ${cpu}'s per-CPU list` : 'the buddy free lists'
  return done(
    `pfn ${r.pfn} (${hex(r.pfn)}): ${n} page${n > 1 ? 's' : ''} [${hex(r.pfn * 4096)}-${hex((r.pfn + n) * 4096 - 1)}] ` +
      `from zone ${r.zone.name} via ${where}, ${mt}, mode:${formatGfp(gfp)}`,
    r.pfn
  )
}

/**
 * Why freeing [pfn, 2^order) would be wrong, as the kernel would report it (bad_page() or a
 * VM_BUG_ON_PAGE of CONFIG_DEBUG_VM), or null when it is exactly a block alloc_pages handed out.
 */
export function badFree(m: Machine, pfn: number, order: number): string | null {
  const mm = m.memmap
  const dump = (p: number, reason: string) =>
    `BUG: Bad page state in process vmlab  pfn:${p.toString(16).padStart(5, '0')}\n` +
    `page: refcount:${mm._refcount[p]} mapcount:${mm._mapcount[p]! + 1} mapping:${mm.mapping[p] ? 'set' : '0000000000000000'} index:0x${mm.index[p]!.toString(16)} pfn:0x${p.toString(16)}\n` +
    `flags: 0x${mm.flags[p]!.toString(16)}(${flagNames(mm.flags[p]!).join('|')})${mm.page_type[p] === PGTY_buddy ? ' page_type: buddy' : ''}\n` +
    `page dumped because: ${reason}\nfree_pages: nothing was freed`
  if (order > MAX_PAGE_ORDER) return `free_pages: order ${order} > MAX_PAGE_ORDER (${MAX_PAGE_ORDER}): no such block; nothing was freed`
  if (pfn >= m.maxPfn || m.zoneOf(pfn) === undefined) return `free_pages: pfn ${pfn} (${hex(pfn)}) has no struct page on this machine (max_pfn ${m.maxPfn}); nothing was freed`
  if (pfn & ((1 << order) - 1)) return `free_pages: pfn ${pfn} is not aligned to order ${order} (a block of 2^${order} pages starts at a multiple of ${1 << order}); nothing was freed`
  const a = m.allocations.get(pfn)
  if (a) {
    if (a.order === order) return null
    // A non-compound block freed with the wrong order: the kernel cannot tell, and would put
    // pages it does not own on the free lists (or leak some). The lab refuses.
    if (order > a.order) return dump(pfn + (1 << a.order), `freed with order ${order}, but alloc_pages gave order ${a.order}: pages past the block belong to someone else`)
    return `free_pages: pfn ${pfn} was allocated with order ${a.order}, not ${order}: Linux would free only part of it and leak ${(1 << a.order) - (1 << order)} pages; nothing was freed`
  }
  if (mm.flags[pfn]! & PAGE_FLAGS_CHECK_AT_FREE) return dump(pfn, 'PAGE_FLAGS_CHECK_AT_FREE flag(s) set')
  for (const [head, b] of m.allocations) {
    if (pfn > head && pfn < head + (1 << b.order)) return dump(pfn, `a tail page of the order-${b.order} block at pfn ${head}: free that block instead`)
  }
  if (mm._refcount[pfn] === 0) return dump(pfn, 'VM_BUG_ON_PAGE(page_ref_count(page) == 0) — it is already free (double free?)')
  return `free_pages: pfn ${pfn} is ${FRAME_USE_NAMES[mm.use[pfn] as keyof typeof FRAME_USE_NAMES]}, not a block alloc_pages handed out; nothing was freed`
}

export function freePagesCommand(ctx: ShellContext, cmd: Command): Outcome {
  const m = ctx.machine
  const pfn = argNumber(ctx, cmd, 'PFN')
  if (typeof pfn !== 'number') return pfn
  const order = argNumber(ctx, cmd, 'ORDER')
  if (typeof order !== 'number') return order
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  const bad = badFree(m, pfn, order)
  if (bad) return errno('free_pages', 'EINVAL', bad)
  m.allocations.delete(pfn)
  m.pageAlloc.freePages(pfn, order, cpu)
  const n = 1 << order
  const where = pcpAllowedOrder(order) ? `cpu ${cpu}'s per-CPU list` : 'the buddy free lists (merging with free buddies)'
  return done(`freed pfn ${pfn} (${hex(pfn)}), ${n} page${n > 1 ? 's' : ''}, to ${where}`)
}

export function drainPagesCommand(ctx: ShellContext): Outcome {
  const before = ctx.machine.pageAlloc.pcpPages()
  ctx.machine.pageAlloc.drainAllPages()
  return done(`drained ${before} page${before === 1 ? '' : 's'} from the per-CPU lists into the buddy free lists`)
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FrameUse } from '@shared/model/frames'
import { DEFAULT_MACHINE, type MachineConfig } from '@shared/model/machine'
import { Machine } from '../machine'
import { checkPageAlloc } from './check'
import { GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_KERNEL, __GFP_COMP, __GFP_DMA, __GFP_DMA32 } from './gfp'
import { PG_head } from './page_flags'
import { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL } from './zone'

const MiB = 1024 * 1024
const boot = (c: Partial<MachineConfig> = {}) => new Machine({ ...DEFAULT_MACHINE, ...c }, { debug: true })

function alloc(m: Machine, gfp: number, order: number, cpu = 0): number {
  const r = m.pageAlloc.allocPages(gfp, order, cpu)
  if ('failure' in r) throw new Error(r.failure)
  m.allocations.set(r.pfn, { order, gfp, cpu })
  return r.pfn
}

function free(m: Machine, pfn: number, cpu = 0): void {
  const a = m.allocations.get(pfn)!
  m.allocations.delete(pfn)
  m.pageAlloc.freePages(pfn, a.order, cpu)
}

describe('alloc_pages(): zones, GFP flags and the zonelist', () => {
  it('takes GFP_KERNEL from DMA32 on a 256 MiB machine (no Normal zone) and from Normal on 8 GiB', () => {
    const small = boot()
    expect(small.zoneOf(alloc(small, GFP_KERNEL, 0))!.idx).toBe(ZONE_DMA32)
    const big = boot({ ram: 8192 * MiB })
    expect(big.zoneOf(alloc(big, GFP_KERNEL, 0))!.idx).toBe(ZONE_NORMAL)
    expect(big.zoneOf(alloc(big, GFP_KERNEL | __GFP_DMA32, 0))!.idx).toBe(ZONE_DMA32)
    expect(big.zoneOf(alloc(big, GFP_KERNEL | __GFP_DMA, 0))!.idx).toBe(ZONE_DMA)
    big.checkInvariants()
  })

  it('counts pgalloc_<zone> in pages and numa_hit once per allocation', () => {
    const m = boot()
    const [dma32, dma, hits] = [m.vmstat.event('pgalloc_dma32'), m.vmstat.event('pgalloc_dma'), m.zones[ZONE_DMA32]!.numa[0]!]
    alloc(m, GFP_KERNEL, 3)
    alloc(m, GFP_KERNEL | __GFP_DMA, 0)
    expect(m.vmstat.event('pgalloc_dma32')).toBe(dma32 + 8)
    expect(m.vmstat.event('pgalloc_dma')).toBe(dma + 1)
    expect(m.zones[ZONE_DMA32]!.numa[0]).toBe(hits + 1)
  })

  it('refills an empty per-CPU list with a batch from the buddy lists (rmqueue_bulk)', () => {
    const m = boot()
    const z = m.zones[ZONE_DMA32]!
    const pcp = m.pageAlloc.pcp[1]![ZONE_DMA32]!
    expect(pcp.count).toBe(0)
    const freeBefore = z.nr_free
    const pfn = alloc(m, GFP_HIGHUSER_MOVABLE, 0, 1)
    // One batch left the buddy lists; one page of it went to the caller.
    expect(freeBefore - z.nr_free).toBe(pcp.batch)
    expect(pcp.count).toBe(pcp.batch - 1)
    expect(pcp.high).toBe(pcp.high_min + pcp.batch)
    expect(m.memmap.use[pfn]).toBe(FrameUse.ALLOCATED)
    // Freeing puts it back on the list; NR_FREE_PAGES does not change.
    free(m, pfn, 1)
    expect(pcp.count).toBe(pcp.batch)
    expect(z.nr_free).toBe(freeBefore - pcp.batch)
    expect(m.memmap.use[pfn]).toBe(FrameUse.PCP)
    m.checkInvariants()
  })

  it('drains the per-CPU lists once count reaches high (free_pcppages_bulk)', () => {
    const m = boot()
    const pcp = m.pageAlloc.pcp[1]![ZONE_DMA32]!
    const pfns: number[] = []
    for (let i = 0; i < 400; i++) pfns.push(alloc(m, GFP_KERNEL, 0, 1))
    for (const p of pfns) free(m, p, 1)
    expect(pcp.count).toBeLessThan(pcp.high + pcp.batch)
    expect(m.vmstat.event('pgfree')).toBeGreaterThan(0)
    m.checkInvariants()
  })

  it('makes __GFP_COMP blocks compound pages: PG_head, tails pointing at the head', () => {
    const m = boot()
    const pfn = alloc(m, GFP_KERNEL | __GFP_COMP, 2)
    expect(m.memmap.flags[pfn]! & (1 << PG_head)).not.toBe(0)
    expect(m.memmap.compound_order[pfn]).toBe(2)
    for (let p = pfn + 1; p < pfn + 4; p++) expect(m.memmap.compound_head[p]).toBe(pfn)
    free(m, pfn)
    expect(m.memmap.compound_head[pfn + 1]).toBe(-1)
    m.checkInvariants()
  })

  it('fails, without touching the lists, when no zone can give the block above its watermark', () => {
    const m = boot({ ram: 128 * MiB })
    let failure: string
    const got: number[] = []
    for (;;) {
      const r = m.pageAlloc.allocPages(GFP_KERNEL, 10)
      if ('failure' in r) {
        failure = r.failure
        break
      }
      m.allocations.set(r.pfn, { order: 10, gfp: GFP_KERNEL, cpu: 0 })
      got.push(r.pfn)
    }
    expect(failure).toBe('vmlab: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), nodemask=(null)')
    const z = m.zones[ZONE_DMA32]!
    // What is left is below min + the order-10 request, or no order-10 block is left.
    expect(z.nr_free - 1023 <= z._watermark[0] || z.free_area[10] === 0).toBe(true)
    m.checkInvariants()
    // GFP_ATOMIC may dig into the min reserve for one more small page.
    expect('pfn' in m.pageAlloc.allocPages(GFP_ATOMIC, 0)).toBe(true)
  })

  it('refuses orders above MAX_PAGE_ORDER', () => {
    const m = boot()
    const r = m.pageAlloc.allocPages(GFP_KERNEL, 11)
    expect('failure' in r && r.failure).toMatch(/MAX_PAGE_ORDER/)
  })
})

describe('random alloc/free sequences (property)', () => {
  it('keep every invariant and return to the boot state once everything is freed and drained', () => {
    const m = boot({ ram: 128 * MiB, cpus: 2 })
    m.pageAlloc.drainAllPages()
    const bootFree = m.zones.map((z) => [...z.free_area])
    const bootNr = m.zones.map((z) => z.nr_free)
    const gfps = [GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_ATOMIC, GFP_KERNEL | __GFP_DMA, GFP_KERNEL | __GFP_COMP]
    const op = fc.oneof(
      fc.record({ kind: fc.constant('alloc' as const), order: fc.integer({ min: 0, max: 10 }), gfp: fc.integer({ min: 0, max: gfps.length - 1 }), cpu: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('free' as const), pick: fc.nat(), cpu: fc.integer({ min: 0, max: 1 }) })
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        for (const o of ops) {
          if (o.kind === 'alloc') {
            const r = m.pageAlloc.allocPages(gfps[o.gfp]!, o.order, o.cpu)
            if ('pfn' in r) m.allocations.set(r.pfn, { order: o.order, gfp: gfps[o.gfp]!, cpu: o.cpu })
          } else if (m.allocations.size) {
            const keys = [...m.allocations.keys()]
            free(m, keys[o.pick % keys.length]!, o.cpu)
          }
          checkPageAlloc(m.pageAlloc, m.allocations)
        }
        for (const pfn of [...m.allocations.keys()]) free(m, pfn)
        m.pageAlloc.drainAllPages()
        m.checkInvariants()
        expect(m.zones.map((z) => z.nr_free)).toEqual(bootNr)
        expect(m.zones.map((z) => [...z.free_area])).toEqual(bootFree)
      }),
      { numRuns: 40, seed: 4 }
    )
  })
})

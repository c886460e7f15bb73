import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MACHINE, type MachineConfig } from '@shared/model/machine'
import { Machine } from '../machine'
import { GFP_KERNEL } from '../page_alloc/gfp'
import { renderSlabinfo, slabinfoRow } from '../procfs/slabinfo'
import { checkSlub } from './check'
import { KMALLOC_MAX_CACHE_SIZE, calculateOrder, getOrder, kmallocIndex, kmallocSize } from './kmem_cache'
import { PAGE_OFFSET, ZERO_SIZE_PTR, type Slub } from './slub'

const boot = (c: Partial<MachineConfig> = {}) => new Machine({ ...DEFAULT_MACHINE, ...c }, { debug: true })
const kmalloc = (s: Slub, size: number, cpu = 0) => {
  const r = s.kmallocAlloc(size, GFP_KERNEL, cpu)
  if ('failure' in r) throw new Error(r.failure)
  return r
}

/** include/linux/slab.h: __kmalloc_index(), written out as the kernel's if-chain (KMALLOC_MIN_SIZE 8). */
function kernelKmallocIndex(size: number): number {
  if (size <= 8) return 3
  if (size > 64 && size <= 96) return 1
  if (size > 128 && size <= 192) return 2
  if (size <= 16) return 4
  if (size <= 32) return 5
  if (size <= 64) return 6
  if (size <= 128) return 7
  if (size <= 256) return 8
  if (size <= 512) return 9
  if (size <= 1024) return 10
  if (size <= 2048) return 11
  if (size <= 4096) return 12
  return 13
}

describe('kmalloc caches', () => {
  it('maps every size 1..8192 to the kernel’s kmalloc index', () => {
    for (let size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
      const i = kmallocIndex(size)
      expect(i, `size ${size}`).toBe(kernelKmallocIndex(size))
      expect(kmallocSize(i)).toBeGreaterThanOrEqual(size)
    }
    expect(() => kmallocIndex(8193)).toThrow()
  })

  it('lays out every cache the real 6.18 machine also has with the same slabs (2 CPUs)', () => {
    const real = new Map<string, string[]>()
    for (const l of readFileSync(join(__dirname, '../procfs/fixtures/slabinfo-6.18.44-fc.txt'), 'utf8').split('\n').slice(2)) {
      const f = l.split(/\s+/)
      if (f.length > 6) real.set(f[0]!, f.slice(3, 6))
    }
    const m = boot({ cpus: 2 })
    let compared = 0
    for (const c of m.slub.caches) {
      const want = real.get(c.name)
      if (!want) continue
      compared++
      const r = slabinfoRow(c)
      expect([String(r.objsize), String(r.objperslab), String(r.pagesperslab)], c.name).toEqual(want)
    }
    expect(compared).toBe(m.slub.caches.length)
  })

  it('picks the slab order as calculate_order() does', () => {
    // 4·(fls(2)+1) = 12 objects wanted: task_struct (5824 B) fits only 5 in order 3.
    expect(calculateOrder(5824, 2)).toBe(3)
    expect(calculateOrder(1024, 2)).toBe(2)
    expect(calculateOrder(8, 2)).toBe(0)
    // More CPUs want more objects per slab.
    expect(calculateOrder(512, 2)).toBe(1)
    expect(calculateOrder(512, 16)).toBe(2)
  })
})

describe('kmalloc / kfree', () => {
  it('serves kmalloc(100) from kmalloc-128, at a direct-map address inside a slab page', () => {
    const m = boot()
    const r = kmalloc(m.slub, 100)
    expect(r.cache).toBe('kmalloc-128')
    expect(r.ptr >= PAGE_OFFSET).toBe(true)
    expect(r.slab!.cache.name).toBe('kmalloc-128')
    expect(m.slub.lookup(r.ptr)).toMatchObject({ index: r.index, offset: 0 })
    m.checkInvariants()
  })

  it('raises kmalloc-128’s active_objs by at least 200 after 200 allocations, as get_slabinfo counts', () => {
    const m = boot()
    const row = () => slabinfoRow(m.slub.byName.get('kmalloc-128')!)
    const before = row().active_objs
    for (let i = 0; i < 200; i++) kmalloc(m.slub, 100)
    expect(row().active_objs - before).toBeGreaterThanOrEqual(200)
    // A CPU slab's free objects count as active: active_objs jumps a whole slab at a time.
    expect(row().active_objs % 32).toBe(0)
    m.checkInvariants()
  })

  it('refuses a kmalloc larger than KMALLOC_MAX_SIZE, however large', () => {
    const m = boot()
    for (const size of [4 * 1024 * 1024 + 1, 2 ** 31, 99999999999999]) {
      const r = m.slub.kmallocAlloc(size, GFP_KERNEL, 0)
      expect('failure' in r && r.failure).toMatch(/> KMALLOC_MAX_SIZE/)
    }
    expect(getOrder(4096)).toBe(0)
    expect(getOrder(4097)).toBe(1)
    expect(getOrder(9000)).toBe(2)
    expect(getOrder(2 ** 31)).toBe(19)
    expect(getOrder(99999999999999)).toBe(35)
  })

  it('returns ZERO_SIZE_PTR for kmalloc(0), and kfree of it or NULL does nothing', () => {
    const m = boot()
    expect(kmalloc(m.slub, 0).ptr).toBe(ZERO_SIZE_PTR)
    expect(m.slub.kfree(ZERO_SIZE_PTR, 0)).toEqual({ ok: 'kfree(ZERO_SIZE_PTR): nothing to do' })
    expect(m.slub.kfree(0n, 0)).toEqual({ ok: 'kfree(NULL): nothing to do' })
  })

  it('takes kmalloc(9000) from the page allocator as an order-2 compound page, counted as SUnreclaim', () => {
    const m = boot()
    const before = m.vmstat.node_page_state('NR_SLAB_UNRECLAIMABLE_B')
    const r = kmalloc(m.slub, 9000)
    expect(r.slab).toBeNull()
    const pfn = Number((r.ptr - PAGE_OFFSET) / 4096n)
    expect(m.slub.large.get(pfn)).toBe(2)
    expect(m.memmap.compound_order[pfn]).toBe(2)
    expect(m.vmstat.node_page_state('NR_SLAB_UNRECLAIMABLE_B')).toBe(before + 4)
    m.checkInvariants()
    expect('ok' in m.slub.kfree(r.ptr, 0)).toBe(true)
    expect(m.vmstat.node_page_state('NR_SLAB_UNRECLAIMABLE_B')).toBe(before)
    m.checkInvariants()
  })

  it('reports a double free, a pointer inside an object and a foreign pointer, changing nothing', () => {
    const m = boot()
    const r = kmalloc(m.slub, 64)
    expect('ok' in m.slub.kfree(r.ptr, 0)).toBe(true)
    const text = renderSlabinfo(m)
    const again = m.slub.kfree(r.ptr, 0)
    expect('bug' in again && again.bug).toMatch(/^=+\nBUG kmalloc-64 \(Not tainted\): Object already free\n-+\n/)
    const r2 = kmalloc(m.slub, 64)
    const inside = m.slub.kfree(r2.ptr + 8n, 0)
    expect('bug' in inside && inside.bug).toMatch(/BUG kmalloc-64 \(Not tainted\): Invalid object pointer/)
    const foreign = m.slub.kfree(PAGE_OFFSET + 0x1000n, 0)
    expect('bug' in foreign && foreign.bug).toMatch(/not an object kmalloc handed out/)
    expect(renderSlabinfo(m)).not.toBe('')
    expect(text).toContain('kmalloc-64')
    m.checkInvariants()
  })

  it('gives an empty slab back to the page allocator once the node keeps min_partial of them', () => {
    const m = boot()
    const c = m.slub.byName.get('kmalloc-4k')! // 8 objects per order-3 slab
    const ptrs: bigint[] = []
    for (let i = 0; i < 8 * 30; i++) ptrs.push(kmalloc(m.slub, 4096).ptr)
    const slabsFull = c.node.nr_slabs
    // Free from another CPU: the slabs go through the CPU partial list to the node list, and
    // empty ones beyond min_partial back to the buddy allocator.
    for (const p of ptrs) m.slub.kfree(p, 1)
    expect(c.node.nr_slabs).toBeLessThan(slabsFull)
    expect(c.node.partial.length).toBeLessThanOrEqual(c.min_partial + c.cpu_partial_slabs)
    m.checkInvariants()
  })
})

describe('random kmalloc/kfree sequences (property)', () => {
  it('keep every SLUB invariant', () => {
    const m = boot({ ram: 256 * 1024 * 1024 })
    const sizes = [0, 1, 8, 24, 96, 100, 192, 200, 1000, 4096, 8192, 9000, 20000]
    const op = fc.oneof(
      fc.record({ kind: fc.constant('alloc' as const), size: fc.constantFrom(...sizes), cpu: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('free' as const), pick: fc.nat(), cpu: fc.integer({ min: 0, max: 1 }) })
    )
    const live: bigint[] = []
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        for (const o of ops) {
          if (o.kind === 'alloc') {
            const r = m.slub.kmallocAlloc(o.size, GFP_KERNEL, o.cpu)
            if ('ptr' in r && r.ptr > ZERO_SIZE_PTR) live.push(r.ptr)
          } else if (live.length) {
            const [p] = live.splice(o.pick % live.length, 1)
            expect('ok' in m.slub.kfree(p!, o.cpu)).toBe(true)
          }
        }
        checkSlub(m.slub, m.memmap, m.vmstat)
      }),
      { numRuns: 40, seed: 5 }
    )
    while (live.length) m.slub.kfree(live.pop()!, 0)
    m.checkInvariants()
  })
})

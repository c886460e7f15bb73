import { describe, expect, it } from 'vitest'
import { Engine } from '../engine'

const run = (e: Engine, line: string) => e.exec(line)
const buddyinfo = (e: Engine) => run(e, 'cat /proc/buddyinfo').output

describe('alloc_pages / free_pages / drain_pages', () => {
  it('binds the pfn, and free_pages gives the block back', () => {
    const e = new Engine({ debug: true })
    const r = run(e, 'p = alloc_pages 4')
    expect(r.ok).toBe(true)
    expect(typeof r.result).toBe('number')
    expect(r.output).toMatch(/^pfn \d+ \(0x[0-9a-f]+\): 16 pages .* from zone DMA32 via the buddy free lists, Unmovable, mode:0xcc0\(GFP_KERNEL\)$/)
    expect(e.vars.get('p')).toBe(BigInt(r.result as number))
    const before = buddyinfo(e)
    expect(run(e, 'free_pages $p 4').ok).toBe(true)
    expect(buddyinfo(e)).not.toBe(before)
    expect(e.machine.allocations.size).toBe(0)
  })

  it('takes zone= and gfp= (with | between flags) and says where the block came from', () => {
    const e = new Engine({ debug: true })
    expect(run(e, 'alloc_pages 0 zone=dma').output).toMatch(/from zone DMA via cpu 0's per-CPU list, Unmovable, mode:0xcc1\(GFP_KERNEL\|GFP_DMA\)/)
    expect(run(e, 'alloc_pages 2 gfp=GFP_HIGHUSER_MOVABLE|__GFP_ZERO cpu=1').output).toMatch(/via cpu 1's per-CPU list, Movable, mode:0x100dca\(GFP_HIGHUSER_MOVABLE\|__GFP_ZERO\)/)
    const bad = run(e, 'alloc_pages 0 gfp=GFP_BOGUS')
    expect(bad.ok).toBe(false)
    expect(bad.output).toMatch(/line 1:\d+: gfp: 'GFP_BOGUS' is not a GFP flag/)
    expect(run(e, 'alloc_pages 0 cpu=2').output).toMatch(/the machine has CPUs 0\.\.1/)
  })

  it('reports a failed allocation as warn_alloc() does and goes on', () => {
    const e = new Engine({ debug: true })
    const r = run(e, 'alloc_pages 11')
    expect(r.ok).toBe(false)
    expect(r.errno).toBe('ENOMEM')
    expect(r.output).toContain('MAX_PAGE_ORDER')
  })

  it('refuses a double free, a wrong order, a tail page and a reserved frame, changing nothing', () => {
    const e = new Engine({ debug: true })
    const pfn = run(e, 'p = alloc_pages 3').result as number
    const state = () => [buddyinfo(e), run(e, 'cat /proc/zoneinfo').output]
    const before = state()
    const cases: [string, RegExp][] = [
      ['free_pages $p 2', /allocated with order 3, not 2/],
      // (not aligned to order 4, or freed with the wrong order: either way refused)
      ['free_pages $p 4', /Bad page state .*\n[^]*page dumped because: freed with order 4|not aligned to order 4/],
      ['free_pages $p+1 0', /page dumped because: a tail page of the order-3 block/],
      ['free_pages 1 0', /page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag\(s\) set/],
      ['free_pages $p+3 1', /not aligned to order 1/],
      ['free_pages 0x7fffffff 0', /has no struct page/]
    ]
    for (const [line, why] of cases) {
      const r = run(e, line)
      expect(r.ok, line).toBe(false)
      expect(r.errno).toBe('EINVAL')
      expect(r.output).toMatch(why)
    }
    expect(state()).toEqual(before)
    expect(run(e, 'free_pages $p 3').ok).toBe(true)
    const again = run(e, 'free_pages $p 3')
    expect(again.output).toMatch(/BUG: Bad page state in process vmlab {2}pfn:[0-9a-f]{5}\n/)
    expect(again.output).toMatch(/page_ref_count\(page\) == 0/)
    expect(pfn).toBeGreaterThan(0)
  })

  it('drains the per-CPU lists into the buddy lists', () => {
    const e = new Engine({ debug: true })
    const pcp = e.machine.pageAlloc.pcpPages()
    expect(pcp).toBeGreaterThan(0)
    const free = e.machine.freePages()
    expect(run(e, 'drain_pages').output).toBe(`drained ${pcp} pages from the per-CPU lists into the buddy free lists`)
    expect(e.machine.pageAlloc.pcpPages()).toBe(0)
    expect(e.machine.freePages()).toBe(free + pcp)
  })
})

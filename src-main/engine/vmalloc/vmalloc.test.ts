import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MACHINE } from '@shared/model/machine'
import { Engine } from '../engine'
import { Machine } from '../machine'
import { GFP_KERNEL } from '../page_alloc/gfp'
import { FrameUse } from '@shared/model/frames'
import { VMALLOC_START, renderVmallocinfo } from './vmalloc'
import { DIRECT_MAP_START, PAGE_KERNEL, VMEMMAP_START, _PAGE_PSE } from '../x86/pgtable'

const boot = () => new Machine({ ...DEFAULT_MACHINE }, { debug: true })
const run = (e: Engine, line: string) => e.exec(line)
const field = (e: Engine, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(run(e, 'cat /proc/meminfo').output)![1])

describe('init_mm page tables', () => {
  it('hold the direct map: 2 MiB pages where RAM allows, 4 KiB pages at the edges, counted back as DirectMap*', () => {
    for (const ram of [256, 4096]) {
      const m = new Machine({ ...DEFAULT_MACHINE, ram: ram * 1024 * 1024 }, { debug: true })
      // (less the two 2 MiB pages mark_rodata_ro() splits around the freed gaps: x86/pgtable.test.ts)
      expect(m.pgtables.directMapCounts()).toEqual({ pages4k: m.directMap.pages4k + 2 * 512, pages2M: m.directMap.pages2M - 2 })
      // 0xffff888000000000 + 16 MiB: the kernel image's alias, inside a 2 MiB page.
      const w = m.pgtables.walk(DIRECT_MAP_START + 0x1000000n)
      expect(w.map((x) => x.level)).toEqual(['PGD', 'PUD', 'PMD'])
      expect(w[0]!.index).toBe(273)
      expect(w[2]!.entry & _PAGE_PSE).toBe(_PAGE_PSE)
      expect(Number(w[2]!.entry >> 12n) & 0xfffffff).toBe(0x1000)
      // The first MiB is mapped with 4 KiB pages: PTE entry for pfn 0x10.
      const low = m.pgtables.walk(DIRECT_MAP_START + 0x10000n)
      expect(low.map((x) => x.level)).toEqual(['PGD', 'PUD', 'PMD', 'PTE'])
      expect(low[3]!.entry).toBe((0x10n << 12n) | PAGE_KERNEL)
    }
  })
})

describe('the kernel half of init_mm', () => {
  it('maps the struct page of pfn N at VMEMMAP_START + 64·N, through a 2 MiB page of the memmap', () => {
    const m = new Machine({ ...DEFAULT_MACHINE, ram: 1024 * 1024 * 1024 }, { debug: true })
    const pfn = 200000
    const w = m.pgtables.walk(VMEMMAP_START + BigInt(pfn * 64))
    expect(w.map((x) => [x.level, x.index])).toEqual([
      ['PGD', 468],
      ['PUD', 0],
      ['PMD', Math.floor((pfn * 64) / (2 * 1024 * 1024))]
    ])
    const target = Number((w[2]!.entry >> 12n) & 0xffffffffffn)
    // That 2 MiB page lies in the memmap memblock reserved, and holds struct pages.
    expect(m.memmap.use[target]).toBe(FrameUse.MEMMAP)
    expect(target % 512).toBe(0)
  })

  it('fills the PGD entries of the kernel half it simulates: direct map, vmalloc, vmemmap, kernel image', () => {
    const m = boot()
    const present = [...m.pgtables.pgd.keys()].filter((i) => m.pgtables.pgd[i]! & 1n)
    expect(present).toEqual([273, ...Array.from({ length: 64 }, (_, i) => 402 + i), 468, 511])
  })
})

describe('vmalloc / vfree', () => {
  it('vmalloc 64K adds a vmallocinfo line of 69632 bytes with pages=16 vmalloc; vfree removes it; VmallocUsed follows', () => {
    const e = new Engine({ debug: true })
    const used = field(e, 'VmallocUsed')
    const r = run(e, 'v = vmalloc 64K')
    expect(r.ok).toBe(true)
    expect(r.result).toBe('0xffffc90000000000')
    const info = run(e, 'cat /proc/vmallocinfo').output
    expect(info).toBe('0xffffc90000000000-0xffffc90000011000   69632 vml_line_1+0x0/0x0 [vml] pages=16 vmalloc N0=16\n')
    expect(field(e, 'VmallocUsed')).toBe(used + 64)
    expect(run(e, 'vfree $v').output).toMatch(/waits for the lazy purge/)
    const after = run(e, 'cat /proc/vmallocinfo').output
    expect(after).not.toContain('pages=16 vmalloc')
    expect(after).toBe('0xffffc90000000000-0xffffc90000011000   69632 unpurged vm_area\n')
    expect(field(e, 'VmallocUsed')).toBe(used)
  })

  it('places areas at the lowest free address, with a guard page between them, and reuses purged ranges', () => {
    const m = boot()
    const v = m.vmalloc
    const a = v.vmalloc(8192, GFP_KERNEL, 'a')
    const b = v.vmalloc(4096, GFP_KERNEL, 'b')
    if (!('addr' in a) || !('addr' in b)) throw new Error('vmalloc failed')
    expect(b.addr - a.addr).toBe(8192n + 4096n)
    expect(v.vfree(a.addr)).toBeNull()
    // Not purged yet: the next area goes after b.
    const c = v.vmalloc(4096, GFP_KERNEL, 'c')
    if (!('addr' in c)) throw new Error('vmalloc failed')
    expect(c.addr).toBe(b.addr + 8192n)
    v.purgeLazy()
    const d = v.vmalloc(4096, GFP_KERNEL, 'd')
    if (!('addr' in d)) throw new Error('vmalloc failed')
    expect(d.addr).toBe(VMALLOC_START)
    m.checkInvariants()
  })

  it('maps each page through init_mm with PAGE_KERNEL, and unmaps it on vfree', () => {
    const m = boot()
    const before = m.vmstat.node_page_state('NR_PAGETABLE')
    const r = m.vmalloc.vmalloc(3 * 4096, GFP_KERNEL, 'x')
    if (!('addr' in r)) throw new Error('vmalloc failed')
    // The first mapping in the range needs a PMD and a PTE table (the PUD was preallocated).
    expect(r.tables).toBe(2)
    expect(m.vmstat.node_page_state('NR_PAGETABLE')).toBe(before + 2)
    const walk = m.pgtables.walk(r.addr + 4096n)
    expect(walk.map((w) => w.level)).toEqual(['PGD', 'PUD', 'PMD', 'PTE'])
    expect(walk[3]!.entry).toBe((BigInt(r.vm.pages[1]!) << 12n) | PAGE_KERNEL)
    m.vmalloc.vfree(r.addr)
    expect(m.pgtables.walk(r.addr + 4096n)[3]!.entry).toBe(0n)
    // Kernel page tables are not freed.
    expect(m.vmstat.node_page_state('NR_PAGETABLE')).toBe(before + 2)
  })

  it('keeps its page array in kmalloc for small areas and in vmalloc ("vpages") for big ones', () => {
    const m = boot()
    const big = m.vmalloc.vmalloc(4 * 1024 * 1024, GFP_KERNEL, 'big')
    if (!('addr' in big)) throw new Error('vmalloc failed')
    expect(big.vm.pagesArray!.vmalloc).toBe(true)
    expect(renderVmallocinfo(m.vmalloc)).toMatch(/ 4198400 big pages=1024 vmalloc vpages N0=1024\n/)
    m.checkInvariants()
  })

  it('refuses to vfree what vmalloc did not hand out, changing nothing', () => {
    const e = new Engine({ debug: true })
    run(e, 'v = vmalloc 8K')
    const before = run(e, 'cat /proc/vmallocinfo').output
    const r = run(e, 'vfree $v+4K')
    expect(r.ok).toBe(false)
    expect(r.output).toMatch(/Trying to vfree\(\) nonexistent vm area \(it lies 4096 bytes inside the area at 0xffffc90000000000\)/)
    expect(run(e, 'vfree 0xffff888000000000').output).toMatch(/not in the vmalloc range/)
    expect(run(e, 'cat /proc/vmallocinfo').output).toBe(before)
    expect(run(e, 'vfree 0').ok).toBe(true)
  })

  it('keeps the trees and counters right through random vmalloc/vfree sequences (property)', () => {
    const m = boot()
    const live: bigint[] = []
    const op = fc.oneof(
      fc.record({ kind: fc.constant('alloc' as const), pages: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('free' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('purge' as const) })
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        for (const o of ops) {
          if (o.kind === 'alloc') {
            const r = m.vmalloc.vmalloc(o.pages * 4096, GFP_KERNEL, 'p')
            if ('addr' in r) live.push(r.addr)
          } else if (o.kind === 'free' && live.length) {
            const [a] = live.splice(o.pick % live.length, 1)
            expect(m.vmalloc.vfree(a!)).toBeNull()
          } else if (o.kind === 'purge') m.vmalloc.purgeLazy()
        }
        m.vmalloc.check()
      }),
      { numRuns: 30, seed: 9 }
    )
    while (live.length) m.vmalloc.vfree(live.pop()!)
    m.vmalloc.purgeLazy()
    expect(m.vmalloc.freeAreas()).toHaveLength(1)
    m.checkInvariants()
  })
})

// The page allocator in-process (issue 4): order-0 and order-3 alloc+free pairs per second,
// through the per-CPU lists as the kernel runs them, and through the buddy lists alone (the
// per-CPU lists drained and bypassed: order 4 and order 10); the struct page cost per frame.

import { performance } from 'node:perf_hooks'
import { DEFAULT_MACHINE } from '@shared/model/machine'
import { Machine } from '../src-main/engine/machine'
import { Memmap } from '../src-main/engine/page_alloc/memmap'
import { GFP_KERNEL } from '../src-main/engine/page_alloc/gfp'

const GiB = 1024 ** 3

/** Pairs per second of allocPages(order) + freePages, `pairs` of them in batches of `live` blocks held at once. */
function pairsPerSecond(m: Machine, order: number, pairs: number, live: number): number {
  const pa = m.pageAlloc
  const held: number[] = []
  const t0 = performance.now()
  for (let done = 0; done < pairs; ) {
    for (let i = 0; i < live && done < pairs; i++, done++) {
      const r = pa.allocPages(GFP_KERNEL, order, 0)
      if (!('pfn' in r)) throw new Error(r.failure)
      held.push(r.pfn)
    }
    while (held.length) pa.freePages(held.pop()!, order, 0)
  }
  return pairs / ((performance.now() - t0) / 1000)
}

export function pageAllocRows(): string[] {
  const rows: string[] = []
  for (const ram of [256 * 1024 ** 2, 4 * GiB]) {
    const label = ram >= GiB ? `${ram / GiB} GiB` : `${ram / 1024 ** 2} MiB`
    for (const [order, live] of [
      [0, 64],
      [3, 16],
      [4, 16],
      [10, 4]
    ] as const) {
      const m = new Machine({ ...DEFAULT_MACHINE, ram })
      pairsPerSecond(m, order, 20_000, live) // warm-up
      const runs = [0, 1, 2].map(() => pairsPerSecond(m, order, 200_000, live)).sort((a, b) => a - b)
      const path = order <= 3 ? 'per-CPU lists (+ bulk refill/drain)' : 'buddy lists (split + merge)'
      rows.push(`| ${label} | ${order} | ${live} | ${path} | ${Math.round(runs[1]!).toLocaleString('en-US')} |`)
    }
  }
  return rows
}

export function pageAllocSection(): string {
  const m = new Machine({ ...DEFAULT_MACHINE, ram: 4 * GiB })
  const bytes = m.memmap.arrays().reduce((n, a) => n + a.byteLength, 0)
  const perFrame = bytes / m.memmap.nrPages
  return `## Page allocator (issue 4)

In-process \`PageAllocator.allocPages(GFP_KERNEL, order)\` + \`freePages()\` pairs on CPU 0; each
round allocates *live* blocks, then frees them (LIFO). Median of 3 runs of 200 000 pairs after a
20 000-pair warm-up. Orders 0–3 go through the per-CPU lists as in 6.18; 4 and 10 through the
buddy lists alone.

| machine | order | live | path | alloc+free pairs per second |
|---|---|---|---|---|
${pageAllocRows().join('\n')}

struct page state: ${Memmap.BYTES_PER_FRAME} bytes per frame declared, ${perFrame.toFixed(1)} bytes measured on a
4 GiB machine (${m.memmap.nrPages.toLocaleString('en-US')} frames, ${(bytes / 1024 ** 2).toFixed(1)} MiB). Target ≤ 48.
`
}

if (require.main === module) console.log(pageAllocSection())

/** kmalloc/kfree and vmalloc/vfree operations per second (issue 5), in-process on the default machine. */
export function kernelAllocSection(): string {
  const rows: string[] = []
  for (const size of [64, 1000, 9000]) {
    const m = new Machine({ ...DEFAULT_MACHINE })
    const s = m.slub
    const run = (pairs: number) => {
      const held: bigint[] = []
      const t0 = performance.now()
      for (let done = 0; done < pairs; ) {
        for (let i = 0; i < 32 && done < pairs; i++, done++) {
          const r = s.kmallocAlloc(size, GFP_KERNEL, 0)
          if (!('ptr' in r)) throw new Error(r.failure)
          held.push(r.ptr)
        }
        while (held.length) s.kfree(held.pop()!, 0)
      }
      return pairs / ((performance.now() - t0) / 1000)
    }
    run(10_000)
    const r = [0, 1, 2].map(() => run(100_000)).sort((a, b) => a - b)[1]!
    rows.push(`| \`kmalloc ${size}\` + \`kfree\` | ${Math.round(r).toLocaleString('en-US')} |`)
  }
  for (const kib of [4, 64]) {
    const m = new Machine({ ...DEFAULT_MACHINE })
    const v = m.vmalloc
    const run = (pairs: number) => {
      const t0 = performance.now()
      for (let i = 0; i < pairs; i++) {
        const r = v.vmalloc(kib * 1024, GFP_KERNEL, 'bench')
        if (!('addr' in r)) throw new Error(r.failure)
        v.vfree(r.addr)
      }
      return pairs / ((performance.now() - t0) / 1000)
    }
    run(2_000)
    const r = [0, 1, 2].map(() => run(20_000)).sort((a, b) => a - b)[1]!
    rows.push(`| \`vmalloc ${kib}K\` + \`vfree\` (lazy purge included) | ${Math.round(r).toLocaleString('en-US')} |`)
  }
  return `## Kernel allocators (issue 5)

In-process on the default 256 MiB machine, CPU 0, median of 3 runs. kmalloc: rounds of 32
allocations then 32 frees (LIFO); vmalloc: one allocation then its free, the lazy purge running
whenever 16 384 pages are queued.

| operation pair | pairs per second |
|---|---|
${rows.join('\n')}
`
}

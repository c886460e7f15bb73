// Address-space system calls in-process (issue 6): mmap+munmap pairs and mprotect split+merge
// pairs per second in a process that holds 10, 1 000 or 60 000 VMAs. The VMAs live in a maple
// tree, so the cost should grow like log(n), not like n.

import { performance } from 'node:perf_hooks'
import { DEFAULT_MACHINE } from '@shared/model/machine'
import { Machine } from '../src-main/engine/machine'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../src-main/engine/mm/vm_flags'
import type { MmStruct } from '../src-main/engine/mm/mm'

const RW = PROT_READ | PROT_WRITE

/** A process with about `n` VMAs: 4 KiB mappings alternating r and rw, so that none merge. */
function processWith(n: number): { m: Machine; mm: MmStruct; probe: number } {
  const m = new Machine({ ...DEFAULT_MACHINE, ram: 1024 ** 3 })
  m.sysctl.max_map_count = 65530
  const t = m.procs.spawn('p1', '/usr/bin/cat', 'kill')
  if (typeof t === 'string') throw new Error(t)
  const mm = t.mm!
  let probe = 0
  while (mm.map_count < n) {
    const r = mm.doMmap(null, 0, 4096, mm.map_count % 2 ? PROT_READ : RW, MAP_PRIVATE | MAP_ANONYMOUS, 0, false)
    if (!r.ok) throw new Error(r.errno)
    if (mm.map_count === Math.floor(n / 2)) probe = r.value
  }
  // A 3-page rw mapping in the middle of it all for mprotect to split and merge.
  const r = mm.doMmap(null, 0x100000000, 3 * 4096, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0, false)
  if (!r.ok) throw new Error(r.errno)
  return { m, mm, probe: r.value || probe }
}

function opsPerSecond(ops: number, op: () => void): number {
  for (let i = 0; i < Math.min(ops / 10, 2000); i++) op()
  const runs = [0, 1, 2, 3, 4].map(() => {
    const t0 = performance.now()
    for (let i = 0; i < ops; i++) op()
    return ops / ((performance.now() - t0) / 1000)
  })
  return runs.sort((a, b) => a - b)[2]!
}

export function vmaSection(): string {
  const rows: string[] = []
  // A first pass warms the JIT up; only the second is reported.
  for (const pass of [0, 1]) for (const n of [10, 1000, 60000]) {
    if (pass === 0 && n > 10) continue
    const { mm, probe } = processWith(n)
    const mmap = opsPerSecond(20000, () => {
      mm.beginChanges()
      const r = mm.doMmap(null, 0, 8192, RW, MAP_PRIVATE | MAP_ANONYMOUS, 0, false)
      if (!r.ok) throw new Error(r.errno)
      mm.munmap(r.value, 8192)
    })
    const mprotect = opsPerSecond(20000, () => {
      mm.beginChanges()
      if (!mm.mprotect(probe + 4096, 4096, PROT_READ).ok) throw new Error('mprotect')
      if (!mm.mprotect(probe + 4096, 4096, RW).ok) throw new Error('mprotect')
    })
    if (pass === 0) continue
    rows.push(`| ${mm.map_count.toLocaleString('en-US')} | ${mm.mm_mt.nodes.toLocaleString('en-US')} | ${Math.round(mmap).toLocaleString('en-US')} | ${Math.round(mprotect).toLocaleString('en-US')} |`)
  }
  return `## Address spaces (issue 6)

In-process, one process of the default machine (1 GiB RAM) holding n VMAs (4 KiB mappings
alternating r and rw so that none merge). An mmap pair is \`mmap 8K rw\` placed top-down plus its
\`munmap\`; an mprotect pair makes the middle page of a 3-page mapping read-only (a split into
three) and back (a merge into one). Median of five runs. The smallest process is \`cat\` as \`spawn\` makes it (37 VMAs). Target: the cost grows like the maple
tree's height, not like n.

| VMAs | maple nodes | mmap+munmap pairs/s | mprotect split+merge pairs/s |
|---|---|---|---|
${rows.join('\n')}
`
}

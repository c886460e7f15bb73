// CONFIG_DEBUG_VM for SLUB: every object of every slab is exactly one of allocated, on its
// slab's freelist, or on its CPU's freelist; every slab is where its place says; the node
// counters and the slab page counters match the slabs; every slab frame belongs to a slab.

import { FrameUse } from '@shared/model/frames'
import type { Memmap } from '../page_alloc/memmap'
import { PGTY_large_kmalloc, PGTY_slab } from '../page_alloc/page_flags'
import type { Vmstat } from '../page_alloc/vmstat'
import { SLAB_RECLAIM_ACCOUNT } from './kmem_cache'
import type { Slab, Slub } from './slub'

export function checkSlub(slub: Slub, mm: Memmap, vmstat: Vmstat): void {
  const bug = (msg: string): never => {
    throw new Error(`BUG: ${msg}`)
  }
  const owner = new Uint8Array(mm.nrPages)
  let reclaimable = 0
  let unreclaimable = 0
  for (const c of slub.caches) {
    let slabs = 0
    let objects = 0
    const cpuFree = new Map<Slab, number[]>()
    c.cpu.forEach((pc, cpu) => {
      if (pc.slab) {
        if (pc.slab.place !== 'cpu' || !pc.slab.frozen || pc.slab.cpu !== cpu) bug(`${c.name}: the CPU slab of cpu ${cpu} is marked ${pc.slab.place}`)
        cpuFree.set(pc.slab, pc.freelist)
      } else if (pc.freelist.length) bug(`${c.name}: cpu ${cpu} has a freelist without a slab`)
      for (const s of pc.partial) if (s.place !== 'cpu-partial' || s.cpu !== cpu || s.frozen) bug(`${c.name}: a slab on cpu ${cpu}'s partial list is marked ${s.place}`)
    })
    for (const s of c.node.partial) if (s.place !== 'node-partial' || s.frozen) bug(`${c.name}: a slab on the node partial list is marked ${s.place}`)
    for (const s of c.slabs) {
      slabs++
      objects += s.objects
      if (slub.slabs.get(s.pfn) !== s) bug(`${c.name}: slab at pfn ${s.pfn} is not indexed`)
      if (mm.page_type[s.pfn] !== PGTY_slab) bug(`slab at pfn ${s.pfn} has no slab page type`)
      const seen = new Uint8Array(s.objects)
      const mark = (i: number, where: string) => {
        if (i < 0 || i >= s.objects) bug(`${c.name}: object ${i} on ${where} is outside the slab`)
        if (seen[i] || s.allocated[i]) bug(`${c.name}: object ${i} of pfn ${s.pfn} is on ${where} and elsewhere`)
        seen[i] = 1
      }
      for (const i of s.freelist) mark(i, 'the slab freelist')
      for (const i of cpuFree.get(s) ?? []) mark(i, 'a CPU freelist')
      let n = 0
      for (let i = 0; i < s.objects; i++) if (seen[i] || s.allocated[i]) n++
      if (n !== s.objects) bug(`${c.name}: slab at pfn ${s.pfn} lost ${s.objects - n} objects`)
      if (s.inuse !== s.objects - s.freelist.length) bug(`${c.name}: slab at pfn ${s.pfn} inuse ${s.inuse} but ${s.freelist.length} free of ${s.objects}`)
      if (s.place === 'full' && (s.freelist.length || s.frozen)) bug(`${c.name}: a full slab at pfn ${s.pfn} has free objects`)
      const listed = s.place === 'node-partial' ? c.node.partial.includes(s) : s.place === 'cpu-partial' ? c.cpu[s.cpu]!.partial.includes(s) : s.place === 'cpu' ? c.cpu[s.cpu]!.slab === s : true
      if (!listed) bug(`${c.name}: slab at pfn ${s.pfn} is marked ${s.place} but not there`)
      for (let p = s.pfn; p < s.pfn + (1 << s.order); p++) {
        if (owner[p]) bug(`pfn ${p} belongs to two slabs`)
        owner[p] = 1
        if (mm.use[p] !== FrameUse.SLAB) bug(`pfn ${p} of a ${c.name} slab has use ${mm.use[p]}`)
      }
      if (c.flags & SLAB_RECLAIM_ACCOUNT) reclaimable += 1 << s.order
      else unreclaimable += 1 << s.order
    }
    if (c.node.nr_slabs !== slabs || c.node.total_objects !== objects) {
      bug(`${c.name}: node counts ${c.node.nr_slabs} slabs / ${c.node.total_objects} objects, but has ${slabs} / ${objects}`)
    }
  }
  for (const [pfn, order] of slub.large) {
    if (mm.page_type[pfn] !== PGTY_large_kmalloc) bug(`large kmalloc at pfn ${pfn} has no large_kmalloc page type`)
    for (let p = pfn; p < pfn + (1 << order); p++) {
      if (owner[p]) bug(`pfn ${p} is a large kmalloc and a slab`)
      owner[p] = 1
    }
    unreclaimable += 1 << order
  }
  for (let p = 0; p < mm.nrPages; p++) if (mm.use[p] === FrameUse.SLAB && !owner[p]) bug(`pfn ${p} is marked slab but no slab has it`)
  if (vmstat.node_page_state('NR_SLAB_RECLAIMABLE_B') !== reclaimable || vmstat.node_page_state('NR_SLAB_UNRECLAIMABLE_B') !== unreclaimable) {
    bug(`slab pages counted ${vmstat.node_page_state('NR_SLAB_RECLAIMABLE_B')}+${vmstat.node_page_state('NR_SLAB_UNRECLAIMABLE_B')} but slabs hold ${reclaimable}+${unreclaimable}`)
  }
}

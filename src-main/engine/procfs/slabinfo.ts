// /proc/slabinfo, version 2.1 (mm/slab_common.c: slab_show(), cache_show(); mm/slub.c:
// get_slabinfo()): the newest cache first. SLUB counts every object of a slab as active unless
// it is free on a node partial slab — objects free on a CPU slab or a CPU partial slab count as
// active, so one kmalloc may leave active_objs where it was, as on a real kernel.

import type { Machine } from '../machine'
import type { KmemCache } from '../slub/slub'

export interface SlabinfoRow {
  name: string
  active_objs: number
  num_objs: number
  objsize: number
  objperslab: number
  pagesperslab: number
  active_slabs: number
  num_slabs: number
}

// mm/slub.c: get_slabinfo() → count_partial_free_approx()
export function slabinfoRow(c: KmemCache): SlabinfoRow {
  let free = 0
  for (const s of c.node.partial) free += s.objects - s.inuse
  return {
    name: c.name,
    active_objs: c.node.total_objects - free,
    num_objs: c.node.total_objects,
    objsize: c.size,
    objperslab: c.objects,
    pagesperslab: 1 << c.order,
    active_slabs: c.node.nr_slabs,
    num_slabs: c.node.nr_slabs
  }
}

const pad = (v: string | number, n: number) => String(v).padStart(n)

export function renderSlabinfo(m: Machine): string {
  let out =
    'slabinfo - version: 2.1\n' +
    '# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n'
  for (let i = m.slub.caches.length - 1; i >= 0; i--) {
    const r = slabinfoRow(m.slub.caches[i]!)
    out += `${r.name.padEnd(17)} ${pad(r.active_objs, 6)} ${pad(r.num_objs, 6)} ${pad(r.objsize, 6)} ${pad(r.objperslab, 4)} ${pad(r.pagesperslab, 4)}`
    out += ` : tunables ${pad(0, 4)} ${pad(0, 4)} ${pad(0, 4)}`
    out += ` : slabdata ${pad(r.active_slabs, 6)} ${pad(r.num_slabs, 6)} ${pad(0, 6)}\n`
  }
  return out
}

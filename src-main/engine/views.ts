// Pane snapshots computed from the machine (DESIGN.md: views are derived). Arrays are copies, so
// the worker can transfer them without losing its own state.

import { FRAME_USE_NAMES, FrameUse } from '@shared/model/frames'
import {
  MIGRATETYPE_NAMES,
  NO_ORDER,
  type BuddyView,
  type FramesView,
  type MachineView,
  type PageInfo,
  type PageWalkStep,
  type PcpView,
  type SlabCacheView,
  type SlabView,
  type VmallocView,
  type VmapAreaView,
  type VmapTreeNode
} from '@shared/model/snapshot'
import type { RbNode } from './lib/rbtree'
import { slabinfoRow } from './procfs/slabinfo'
import { SLAB_RECLAIM_ACCOUNT } from './slub/kmem_cache'
import { VMALLOC_START, type VmapArea } from './vmalloc/vmalloc'
import { NR_PAGE_ORDERS } from './page_alloc/buddy'
import { MIGRATE_TYPES } from './page_alloc/gfp'
import { NO_PFN } from './page_alloc/memmap'
import { PAGE_TYPE_NAMES, PG_anon_exclusive, flagNames } from './page_alloc/page_flags'
import { NR_PCP_LISTS, pindexToOrder } from './page_alloc/pcp'
import { MIGRATE_PCPTYPES, PAGEBLOCK_NR_PAGES, PAGEBLOCK_ORDER, WMARK_HIGH, WMARK_LOW, WMARK_MIN, type Zone } from './page_alloc/zone'
import type { Machine } from './machine'
import type { PageTableView, PagemapRow, ProcessRow, ProcessesView, PtEntryView, PtTableView, TlbArrayView, TlbView, VmaRow, VmaView } from '@shared/model/mm'
import { TLB_DIRTY, TLB_NX, TLB_RW, type TlbArray } from './x86/tlb'
import { X86_FEATURE_PTI, entryBitNames } from './x86/pgtable'
import type { MmStruct } from './mm/mm'
import { ZERO_PFN } from './mm/memory'
import { mt_view } from './maple/view'
import { permsOf, vmFlagNames } from './mm/vm_flags'
import { vmaName } from './procfs/pid'

export function machineView(m: Machine): MachineView {
  return {
    config: { ...m.config },
    maxPfn: m.maxPfn,
    totalramPages: m.totalramPages(),
    zones: m.zones
      .filter((z) => z.spanned_pages > 0)
      .map((z) => ({
        name: z.name,
        start_pfn: z.zone_start_pfn,
        spanned: z.spanned_pages,
        present: z.present_pages,
        managed: z.managed_pages,
        free: z.nr_free
      })),
    reserved: m.memblock.reserved.map((r) => ({ base: r.base, size: r.size, name: r.name, use: r.use }))
  }
}

const populated = (m: Machine): Zone[] => m.zones.filter((z) => z.present_pages > 0)

/** Which list a free block is on: a zone's free_area[order].free_list[mt], or a CPU's pcp list. */
type FreeList = { zone: Zone; kind: 'buddy'; mt: number } | { zone: Zone; kind: 'pcp'; cpu: number }

/** Visit every free block on a buddy or per-CPU list: (first pfn, order, list); true from fn stops. */
function forEachFreeBlock(m: Machine, fn: (pfn: number, order: number, list: FreeList) => boolean | void): void {
  const pa = m.pageAlloc
  const lists = pa.buddy.lists
  for (const z of m.zones) {
    for (let order = 0; order < NR_PAGE_ORDERS; order++) {
      for (let mt = 0; mt < MIGRATE_TYPES; mt++) {
        const where: FreeList = { zone: z, kind: 'buddy', mt }
        for (const pfn of lists.walk(pa.buddy.freeList(z, order, mt))) if (fn(pfn, order, where)) return
      }
    }
    for (const cpu of pa.pcp) {
      const where: FreeList = { zone: z, kind: 'pcp', cpu: cpu[z.idx]!.cpu }
      for (let pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
        const order = pindexToOrder(pindex)
        for (const pfn of lists.walk(pa.pcpList(where.cpu, z, pindex))) if (fn(pfn, order, where)) return
      }
    }
  }
}

export function framesView(m: Machine): FramesView {
  const n = m.maxPfn
  const order = new Uint8Array(n).fill(NO_ORDER)
  forEachFreeBlock(m, (pfn, o) => {
    order.fill(o, pfn, pfn + (1 << o))
  })
  return {
    maxPfn: n,
    use: m.memmap.use.slice(),
    order,
    migratetype: m.pageAlloc.buddy.pageblockMt.slice(),
    zones: populated(m).map((z) => ({ name: z.name, start_pfn: z.zone_start_pfn, end_pfn: z.zone_start_pfn + z.spanned_pages }))
  }
}

export function buddyView(m: Machine): BuddyView {
  const pa = m.pageAlloc
  const lists = pa.buddy.lists
  return {
    zones: populated(m).map((z) => {
      const byType = Array.from({ length: MIGRATE_TYPES }, (_, mt) =>
        Array.from({ length: NR_PAGE_ORDERS }, (_, o) => lists.length(pa.buddy.freeList(z, o, mt)))
      )
      const blocks = new Array<number>(MIGRATE_TYPES).fill(0)
      for (let pfn = z.zone_start_pfn; pfn < z.zone_start_pfn + z.spanned_pages; pfn += PAGEBLOCK_NR_PAGES) blocks[pa.buddy.migratetype(pfn)]!++
      const pcp: PcpView[] = pa.pcp.map((cpu) => {
        const p = cpu[z.idx]!
        const byOrder = new Map<number, number[]>()
        for (let pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
          const o = pindexToOrder(pindex)
          const row = byOrder.get(o) ?? new Array<number>(MIGRATE_PCPTYPES).fill(0)
          // The two THP lists are movable and "the others" (listed as unmovable).
          const mt = pindex >= NR_PCP_LISTS - 2 ? (pindex === NR_PCP_LISTS - 1 ? 1 : 0) : pindex % MIGRATE_PCPTYPES
          row[mt]! += lists.length(pa.pcpList(p.cpu, z, pindex)) << o
          byOrder.set(o, row)
        }
        return {
          cpu: p.cpu,
          count: p.count,
          high: p.high,
          batch: p.batch,
          high_min: p.high_min,
          high_max: p.high_max,
          lists: [...byOrder].map(([order, pages]) => ({ order, pages }))
        }
      })
      return {
        name: z.name,
        start_pfn: z.zone_start_pfn,
        end_pfn: z.zone_start_pfn + z.spanned_pages,
        managed: z.managed_pages,
        free: z.nr_free,
        min: z._watermark[WMARK_MIN],
        low: z._watermark[WMARK_LOW],
        high: z._watermark[WMARK_HIGH],
        nr_free: [...z.free_area],
        by_type: byType,
        blocks,
        pcp
      }
    })
  }
}

/** Who has a frame, in words, from the lists, the allocations and memblock. */
function ownerOf(m: Machine, pfn: number): string {
  const use = m.memmap.use[pfn]! as FrameUse
  if (use === FrameUse.FREE || use === FrameUse.PCP) {
    let found = ''
    forEachFreeBlock(m, (head, o, list) => {
      if (pfn < head || pfn >= head + (1 << o)) return false
      found =
        list.kind === 'buddy'
          ? `buddy: ${list.zone.name} free_area[${o}].free_list[${MIGRATETYPE_NAMES[list.mt]}], block at pfn ${head}`
          : `per-CPU list of cpu ${list.cpu}, ${list.zone.name}, order ${o}, block at pfn ${head}`
      return true
    })
    return found || FRAME_USE_NAMES[use]
  }
  if (use === FrameUse.SLAB) {
    const head = m.memmap.compoundHead(pfn)
    const s = m.slub.slabs.get(head)
    if (s) {
      const used = s.allocated.reduce((a, b) => a + b, 0)
      return `slab of ${s.cache.name} at pfn ${s.pfn} (order ${s.order}): ${used} of ${s.objects} objects allocated, ${s.place === 'cpu' ? `the CPU slab of cpu ${s.cpu}` : s.place === 'cpu-partial' ? `on cpu ${s.cpu}'s partial list` : s.place === 'node-partial' ? 'on the node partial list' : 'full'}`
    }
    const order = m.slub.large.get(head)
    if (order !== undefined) return `kmalloc (large): an order-${order} compound page at pfn ${head}`
  }
  if (use === FrameUse.ALLOCATED) {
    for (const [head, a] of m.allocations) if (pfn >= head && pfn < head + (1 << a.order)) return `alloc_pages order ${a.order} at pfn ${head}`
  }
  const phys = pfn * 4096
  for (const r of m.memblock.reserved) if (phys >= r.base && phys < r.base + r.size) return `memblock: ${r.name}`
  return FRAME_USE_NAMES[use]
}

/** One struct page decoded, for the frame map's tooltip; null past the last frame. */
export function pageInfo(m: Machine, pfn: number): PageInfo | null {
  if (!Number.isInteger(pfn) || pfn < 0 || pfn >= m.maxPfn) return null
  const mm = m.memmap
  const zone = m.zoneOf(pfn)
  const type = mm.page_type[pfn]!
  const head = mm.compound_head[pfn]!
  const compound =
    head !== NO_PFN ? { head, order: mm.compound_order[head]! } : mm.compound_order[pfn]! > 0 ? { head: pfn, order: mm.compound_order[pfn]! } : null
  return {
    pfn,
    phys: pfn * 4096,
    zone: zone ? zone.name : null,
    use: mm.use[pfn]!,
    flags: flagNames(mm.flags[pfn]!),
    page_type: type ? (PAGE_TYPE_NAMES[type] ?? `0x${type.toString(16)}`) : null,
    _refcount: mm._refcount[pfn]!,
    _mapcount: mm._mapcount[pfn]!,
    private: mm.private[pfn]!,
    order: type === 0xf0 ? mm.private[pfn]! : null,
    mapping: mm.mapping[pfn] ? `${mm.mapping[pfn]! & 1 ? 'anon' : 'file'} #${mm.mapping[pfn]! >> 1}` : null,
    index: mm.index[pfn]!,
    compound,
    migratetype: MIGRATETYPE_NAMES[m.pageAlloc.buddy.pageblockMt[pfn >> PAGEBLOCK_ORDER]!] ?? 'Unmovable',
    owner: ownerOf(m, pfn)
  }
}

export function slabView(m: Machine): SlabView {
  const caches: SlabCacheView[] = []
  for (let i = m.slub.caches.length - 1; i >= 0; i--) {
    const c = m.slub.caches[i]!
    const row = slabinfoRow(c)
    const slabs = [...c.slabs].sort((a, b) => a.pfn - b.pfn)
    let allocated = 0
    for (const s of slabs) for (const a of s.allocated) allocated += a
    caches.push({
      name: c.name,
      object_size: c.object_size,
      size: c.size,
      align: c.align,
      objperslab: c.objects,
      order: c.order,
      active_objs: row.active_objs,
      num_objs: row.num_objs,
      num_slabs: row.num_slabs,
      allocated,
      reclaimable: (c.flags & SLAB_RECLAIM_ACCOUNT) !== 0,
      min_partial: c.min_partial,
      cpu_partial_slabs: c.cpu_partial_slabs,
      slabs: slabs.slice(0, 256).map((s) => ({
        pfn: s.pfn,
        order: s.order,
        objects: s.objects,
        inuse: s.allocated.reduce((a, b) => a + b, 0),
        bitmap: [...s.allocated],
        place: s.place,
        cpu: s.cpu
      })),
      ranges: slabs.map((s) => [s.pfn, s.pfn + (1 << s.order)] as [number, number])
    })
  }
  return { caches, large: [...m.slub.large].map(([pfn, order]) => ({ pfn, order })) }
}

const vhex = (o: number) => `0x${(VMALLOC_START + BigInt(o)).toString(16)}`

export function vmallocView(m: Machine): VmallocView {
  const v = m.vmalloc
  const areas: VmapAreaView[] = [
    ...v.busyAreas().map(
      (a): VmapAreaView => ({
        start: vhex(a.va_start),
        end: vhex(a.va_end),
        size: a.va_end - a.va_start,
        kind: 'busy',
        caller: a.vm!.caller,
        pages: a.vm!.pages.slice(0, 4096),
        walk: pageWalk(m, VMALLOC_START + BigInt(a.va_start))
      })
    ),
    ...v.purge.map((a): VmapAreaView => ({ start: vhex(a.va_start), end: vhex(a.va_end), size: a.va_end - a.va_start, kind: 'unpurged' })),
    ...v.freeAreas().map((a): VmapAreaView => ({ start: vhex(a.va_start), end: vhex(a.va_end), size: a.va_end - a.va_start, kind: 'free' }))
  ].sort((a, b) => (BigInt(a.start) < BigInt(b.start) ? -1 : 1))
  const tree = (n: RbNode<VmapArea> | null, depth: number): VmapTreeNode | null =>
    n && depth < 12
      ? { start: vhex(n.value.va_start), size: n.value.va_end - n.value.va_start, subtree_max_size: n.aug, red: n.red, left: tree(n.left, depth + 1), right: tree(n.right, depth + 1) }
      : null
  return { areas, tree: tree(v.free.root, 0), lazyPages: v.lazyPages, lazyMaxPages: v.lazyMaxPages(), purges: v.purges, usedPages: m.vmstat.nr_vmalloc_pages }
}

/** The walk of a kernel address through init_mm's tables, decoded. */
export function pageWalk(m: Machine, addr: bigint): PageWalkStep[] {
  return m.pgtables.walk(addr).map((w) => ({
    level: w.level,
    table: w.table,
    index: w.index,
    entry: `0x${w.entry.toString(16).padStart(16, '0')}`,
    flags: entryBitNames(w.entry),
    pfn: w.entry & 1n ? Number((w.entry >> 12n) & 0xffffffffffn) : null
  }))
}

// ---- processes and address spaces --------------------------------------------------------------

const hexN = (v: number | bigint) => `0x${v.toString(16)}`

/** The processes as the Processes pane lists them. */
export function processesView(m: Machine): ProcessesView {
  const rows: ProcessRow[] = [...m.procs.tasks.values()].map((t) => ({
    pid: t.pid,
    handle: t.handle,
    ppid: t.ppid,
    comm: t.comm,
    state: t.state,
    kthread: t.kthread,
    mm: t.mm ? hexN(t.mm.ptr) : null,
    activeMm: t.active_mm ? hexN(t.active_mm.ptr) : null,
    mmUsers: t.mm?.mm_users ?? 0,
    mmCount: t.mm?.mm_count ?? 0,
    vmSizeKb: (t.mm?.total_vm ?? 0) * 4,
    vmRssKb: t.mm ? (t.mm.rss.anon + t.mm.rss.file + t.mm.rss.shmem) * 4 : 0,
    mapCount: t.mm?.map_count ?? 0,
    cpu: t.cpu,
    minFlt: t.min_flt,
    majFlt: t.maj_flt
  }))
  return { current: m.procs.current, processes: rows }
}

/** The current process's address space: VMAs, the maple tree, the mm_struct. */
export function vmaView(m: Machine): VmaView | null {
  const pid = m.procs.current
  const t = pid === null ? undefined : m.procs.tasks.get(pid)
  if (!t || !t.mm) return null
  const mm = t.mm
  const rows: VmaRow[] = mm.vmas().map((v) => ({
    start: hexN(v.vm_start),
    end: hexN(v.vm_end),
    perms: permsOf(v.vm_flags),
    flags: hexN(v.vm_flags >>> 0),
    flagNames: vmFlagNames(v.vm_flags),
    pgoff: hexN(v.vm_pgoff),
    name: vmaName(mm, v),
    file: v.vm_file ? { path: v.vm_file.path, inode: v.vm_file.inode, dev: v.vm_file.dev } : null,
    anonVma: v.anon_vma === null ? null : hexN(v.anon_vma),
    change: mm.changes.get(v) ?? null
  }))
  return {
    pid: t.pid,
    comm: t.comm,
    mm: {
      addr: hexN(mm.ptr),
      mm_users: mm.mm_users,
      mm_count: mm.mm_count,
      map_count: mm.map_count,
      total_vm: mm.total_vm,
      locked_vm: mm.locked_vm,
      pinned_vm: mm.pinned_vm,
      data_vm: mm.data_vm,
      exec_vm: mm.exec_vm,
      stack_vm: mm.stack_vm,
      hiwater_vm: Math.max(mm.hiwater_vm, mm.total_vm),
      hiwater_rss: mm.hiwater_rss,
      mmap_base: hexN(mm.mmap_base),
      task_size: hexN(mm.task_size),
      start_code: hexN(mm.start_code),
      end_code: hexN(mm.end_code),
      start_data: hexN(mm.start_data),
      end_data: hexN(mm.end_data),
      start_brk: hexN(mm.start_brk),
      brk: hexN(mm.brk),
      start_stack: hexN(mm.start_stack),
      arg_start: hexN(mm.arg_start),
      arg_end: hexN(mm.arg_end),
      env_start: hexN(mm.env_start),
      env_end: hexN(mm.env_end),
      pgd: mm.pgd,
      exe_file: mm.exe_file?.path ?? null,
      binfmt: mm.binfmt
    },
    vmas: rows,
    removed: mm.removed.map((r) => ({ start: hexN(r.start), end: hexN(r.end) })),
    tree: mt_view(mm.mm_mt, (v) => `${hexN(v.vm_start)}-${hexN(v.vm_end)}`)
  }
}

const ptFlags = (e: bigint): string[] => {
  const f = entryBitNames(e)
  // A PROT_NONE page: present to Linux, not to the MMU (bit 8 with P clear).
  if (!(e & 1n) && e & (1n << 8n)) return [...f.filter((n) => n !== 'G'), 'PROTNONE']
  return f
}

/** The current process's page tables (the user half) and its mapped pages. */
// fs/proc/task_mmu.c: pagemap_read() → pagemap_pte_hole()/pte_to_pagemap_entry() for the pages
export function pageTableView(m: Machine): PageTableView | null {
  const pid = m.procs.current
  const t = pid === null ? undefined : m.procs.tasks.get(pid)
  if (!t || !t.mm) return null
  const mm = t.mm
  const tables: PtTableView[] = []
  const pages: PagemapRow[] = []
  const counts = { pgd: 1, pud: 0, pmd: 0, pte: 0 }
  const levels = ['PGD', 'PUD', 'PMD', 'PTE'] as const
  const shifts = [39n, 30n, 21n, 12n]
  const visit = (pfn: number, depth: number, base: bigint): void => {
    const t = m.pgtables.tables.get(pfn)!
    const entries: PtEntryView[] = []
    const limit = depth === 0 ? 256 : 512
    const children: [number, bigint][] = []
    for (let i = 0; i < limit; i++) {
      const e = t[i]!
      if (!(e & 0x101n)) continue
      const va = base + (BigInt(i) << shifts[depth]!)
      const target = Number((e >> 12n) & 0xffffffffffn)
      entries.push({ index: i, entry: `0x${e.toString(16).padStart(16, '0')}`, flags: ptFlags(e), pfn: target, va: `0x${va.toString(16)}` })
      if (depth < 3 && !(e & (1n << 7n))) children.push([target, va])
      else if (depth === 2) {
        // A PMD mapping a 2 MiB page: a THP (anonymous) or the huge zero page.
        const anon = m.memmap.use[target] === FrameUse.ANON
        pages.push({
          va: `0x${va.toString(16)}`,
          pfn: target,
          kind: anon ? 'anon' : 'zero',
          present: true,
          swapped: false,
          exclusive: anon && (m.memmap.flags[target]! & (1 << PG_anon_exclusive)) !== 0,
          softDirty: false,
          writable: (e & 2n) !== 0n,
          dirty: (e & (1n << 6n)) !== 0n,
          accessed: (e & (1n << 5n)) !== 0n,
          mapcount: anon ? m.procs.paging.pageMapcount(target) : 0,
          huge: true
        })
      } else if (depth === 3) {
        const use = m.memmap.use[target]
        const kind = e & (1n << 9n) ? (target === ZERO_PFN ? 'zero' : 'kernel') : use === FrameUse.ANON ? 'anon' : use === FrameUse.SHMEM ? 'shmem' : use === FrameUse.FILE ? 'file' : 'kernel'
        pages.push({
          va: `0x${va.toString(16)}`,
          pfn: target,
          kind,
          present: true,
          swapped: false,
          exclusive: kind === 'anon' && (m.memmap.flags[target]! & (1 << PG_anon_exclusive)) !== 0,
          softDirty: false,
          writable: (e & 2n) !== 0n,
          dirty: (e & (1n << 6n)) !== 0n,
          accessed: (e & (1n << 5n)) !== 0n,
          mapcount: kind === 'zero' || kind === 'kernel' ? 0 : m.memmap._mapcount[target]! + 1
        })
      }
    }
    tables.push({ level: levels[depth]!, pfn, base: `0x${base.toString(16)}`, entries })
    for (const [child, va] of children) {
      if (depth === 0) counts.pud++
      else if (depth === 1) counts.pmd++
      else counts.pte++
      visit(child, depth + 1, va)
    }
  }
  visit(mm.pgd, 0, 0n)
  const pti = m.pgtables.tables.has(mm.pgd + 1)
  return { pid: t.pid, pgd: mm.pgd, userPgd: pti ? mm.pgd + 1 : null, tables, counts, pgtablesBytes: mm.pgtables_bytes, pages }
}

/** Every CPU's state and TLB contents. */
export function tlbView(m: Machine): TlbView {
  const cpus = m.procs.cpus
  const ownerOf = (mm: MmStruct | null): string | null => {
    if (!mm) return null
    for (const t of m.procs.tasks.values()) if (t.mm === mm) return t.handle ?? String(t.pid)
    return null
  }
  const ownerOfCtx = (ctxId: number): string | null => {
    if (ctxId === 1) return 'init_mm'
    for (const t of m.procs.tasks.values()) if (t.mm && t.mm.ctxId === ctxId) return t.handle ?? String(t.pid)
    return null
  }
  const arr = (a: TlbArray): TlbArrayView => ({
    sets: a.sets,
    ways: a.ways,
    entries: a.entries().map((e) => ({
      set: e.set,
      way: e.way,
      va: `0x${(e.vpn * (e.huge ? 2 ** 21 : 4096)).toString(16)}`,
      pcid: e.pcid,
      huge: e.huge,
      pfn: e.pfn,
      writable: (e.bits & TLB_RW) !== 0,
      nx: (e.bits & TLB_NX) !== 0,
      dirty: (e.bits & TLB_DIRTY) !== 0
    }))
  })
  return {
    pcid: cpus.pcid,
    pti: X86_FEATURE_PTI,
    cpus: cpus.cpus.map((c) => ({
      id: c.id,
      current: c.current ? { pid: c.current.pid, comm: c.current.comm, handle: c.current.handle, kthread: c.current.kthread } : null,
      loadedMm: c.loadedMm ? ownerOf(c.loadedMm) ?? 'an exited process' : null,
      cr3Pfn: c.loadedMm ? c.loadedMm.pgd : m.pgtables.pgdPfn,
      asid: c.loadedAsid,
      lazy: c.isLazy,
      asids: c.ctxs.map((x, slot) => ({ slot, ctxId: x.ctxId, tlbGen: x.tlbGen, owner: x.ctxId ? ownerOfCtx(x.ctxId) : null })),
      counters: { ...c.tlb.counters },
      l1: arr(c.tlb.l1),
      l1Huge: arr(c.tlb.l1Huge),
      stlb: arr(c.tlb.stlb)
    }))
  }
}

// Mock tlb views for the TLB pane's tests: what the engine printed (PCID on, PTI on, 2 CPUs) for
//
//   machine ram=512M cpus=2 pcid=on
//   spawn p1                       # cat, pid 1
//   a = p1: mmap 1M rw             # 0x7ffff7c72000
//   run p1 cpu=1 ; p1: write $a 8K
//   kthread k1 ; run k1 cpu=1      # k1 (pid 2) runs lazily on p1's mm: CPU 1 keeps p1's entries
//   spawn p2 ; b = p2: mmap 16K rw ; run p2 cpu=0 ; p2: write $b 8K      # p2 is pid 3, ASID 2
//   run p1 cpu=0 ; p1: write $a 16K ; p1: read $a 16K                   # p1 on CPU 0, ASID 1
//   p1: write $a+64K 4K ; p1: write $a+128K 4K ; p1: write $a+192K 4K   # L1 set 2 fills up
//   p1: read $a+512K 4K            # the zero page, read-only: L1 set 2 is full
//
// — that is `tlbBefore()` — and then, as one step, `p1: write $a+256K 4K` (a fill into the full
// L1 set 2 evicts its least recently used way) and `p1: munmap $a+4K 4K` (invlpg of 0x7ffff7c73000
// under both PCIDs on CPU 0; CPU 1 is lazy, gets no IPI and keeps the stale entry, its ASID slot
// now behind CPU 0's tlb_gen): `tlbNow()`. p1's user entries carry PCID 2050 (ASID 1 + 1, bit 11),
// p2's 2051. `noPcid()` turns a view into the same machine without PCID.

import type { CpuView, ProcessesView, ProcessRow, TlbEntryView, TlbView } from '@shared/model/mm'
import { asidOfPcid } from './tlbModel'

export const P1_PCID = 2050
export const P2_PCID = 2051
export const PGD_PFN = 16486
export const ZERO_PFN = 15154

const e = (set: number, way: number, va: string, pcid: number, pfn: number, bits: Partial<TlbEntryView> = {}): TlbEntryView => ({
  set,
  way,
  va,
  pcid,
  huge: false,
  pfn,
  writable: true,
  nx: true,
  dirty: true,
  ...bits
})
const ro = { writable: false, dirty: false }

const slots = (...held: [number, number, string][]): CpuView['asids'] =>
  Array.from({ length: 6 }, (_, slot) => {
    const h = held[slot]
    return h ? { slot, ctxId: h[0], tlbGen: h[1], owner: h[2] } : { slot, ctxId: 0, tlbGen: 0, owner: null }
  })
const counters = (c: Partial<CpuView['counters']>): CpuView['counters'] => ({ l1Hits: 0, stlbHits: 0, misses: 0, walks: 0, fullFlushes: 0, pageFlushes: 0, ipisSent: 0, ipisReceived: 0, contextSwitches: 0, ...c })
const arrays = (l1: TlbEntryView[], stlb: TlbEntryView[], l1Huge: TlbEntryView[] = []) => ({
  l1: { sets: 16, ways: 4, entries: l1 },
  l1Huge: { sets: 8, ways: 4, entries: l1Huge },
  stlb: { sets: 128, ways: 12, entries: stlb }
})

/** CPU 1: k1 in lazy TLB mode on p1's mm, with the two pages p1 wrote while it ran there. */
function cpu1(): CpuView {
  return {
    id: 1,
    current: { pid: 2, comm: 'k1', handle: 'k1', kthread: true },
    loadedMm: 'p1',
    cr3Pfn: PGD_PFN,
    asid: 1,
    lazy: true,
    asids: slots([1, 0, 'init_mm'], [2, 10, 'p1']),
    counters: counters({ misses: 2, walks: 2, fullFlushes: 2, contextSwitches: 2 }),
    ...arrays(
      [e(2, 0, '0x7ffff7c72000', P1_PCID, 12287), e(3, 0, '0x7ffff7c73000', P1_PCID, 12286)],
      [e(114, 0, '0x7ffff7c72000', P1_PCID, 12287), e(115, 0, '0x7ffff7c73000', P1_PCID, 12286)]
    )
  }
}

export function tlbBefore(): TlbView {
  return {
    pcid: true,
    pti: true,
    cpus: [
      {
        id: 0,
        current: { pid: 1, comm: 'cat', handle: 'p1', kthread: false },
        loadedMm: 'p1',
        cr3Pfn: PGD_PFN,
        asid: 1,
        lazy: false,
        asids: slots([1, 0, 'init_mm'], [2, 10, 'p1'], [3, 10, 'p2']),
        counters: counters({ l1Hits: 4, misses: 10, walks: 10, fullFlushes: 4, contextSwitches: 3 }),
        ...arrays(
          [
            e(2, 0, '0x7ffff7cf2000', P1_PCID, ZERO_PFN, ro),
            e(2, 1, '0x7ffff7c82000', P1_PCID, 12281),
            e(2, 2, '0x7ffff7c92000', P1_PCID, 12280),
            e(2, 3, '0x7ffff7ca2000', P1_PCID, 12279),
            e(3, 0, '0x7ffff7c73000', P1_PCID, 12286),
            e(4, 0, '0x7ffff7c74000', P1_PCID, 12283),
            e(5, 0, '0x7ffff7c75000', P1_PCID, 12282),
            e(14, 0, '0x7ffff7d6e000', P2_PCID, 12285),
            e(15, 0, '0x7ffff7d6f000', P2_PCID, 12284)
          ],
          [
            e(2, 0, '0x7ffff7c82000', P1_PCID, 12281),
            e(18, 0, '0x7ffff7c92000', P1_PCID, 12280),
            e(34, 0, '0x7ffff7ca2000', P1_PCID, 12279),
            e(110, 0, '0x7ffff7d6e000', P2_PCID, 12285),
            e(111, 0, '0x7ffff7d6f000', P2_PCID, 12284),
            e(114, 0, '0x7ffff7c72000', P1_PCID, 12287),
            e(114, 1, '0x7ffff7cf2000', P1_PCID, ZERO_PFN, ro),
            e(115, 0, '0x7ffff7c73000', P1_PCID, 12286),
            e(116, 0, '0x7ffff7c74000', P1_PCID, 12283),
            e(117, 0, '0x7ffff7c75000', P1_PCID, 12282)
          ]
        )
      },
      cpu1()
    ]
  }
}

export function tlbNow(): TlbView {
  const v = tlbBefore()
  const c0 = v.cpus[0]!
  c0.asids[1] = { slot: 1, ctxId: 2, tlbGen: 11, owner: 'p1' }
  c0.counters = counters({ l1Hits: 4, misses: 11, walks: 11, fullFlushes: 4, pageFlushes: 2, contextSwitches: 3 })
  // The fill of 0x7ffff7cb2000 evicts way 1 (0x7ffff7c82000, least recently used) of the full set 2;
  // the munmap takes 0x7ffff7c73000 out of both levels.
  c0.l1.entries = c0.l1.entries.filter((x) => x.va !== '0x7ffff7c73000').map((x) => (x.set === 2 && x.way === 1 ? e(2, 1, '0x7ffff7cb2000', P1_PCID, 12278) : x))
  c0.stlb.entries = [...c0.stlb.entries.filter((x) => x.va !== '0x7ffff7c73000'), e(50, 0, '0x7ffff7cb2000', P1_PCID, 12278)].sort((a, b) => a.set - b.set || a.way - b.way)
  return v
}

/**
 * The same machine without PCID: one ASID (0), tag 0 on every entry, and only the loaded mm's
 * entries (each CR3 load flushed the rest).
 */
export function noPcid(v: TlbView): TlbView {
  return {
    ...v,
    pcid: false,
    cpus: v.cpus.map((c) => {
      const keep = (a: CpuView['l1']) => ({ ...a, entries: a.entries.filter((x) => asidOfPcid(x.pcid) === c.asid).map((x) => ({ ...x, pcid: 0 })) })
      const held = c.asids[c.asid]!
      return { ...c, asid: 0, asids: slots([held.ctxId, held.tlbGen, held.owner ?? '']), l1: keep(c.l1), l1Huge: keep(c.l1Huge), stlb: keep(c.stlb) }
    })
  }
}

/** A CPU that has run no user process: idle, init_mm in CR3, nothing cached. */
export function idleCpu(id: number, initPgd = 12292): CpuView {
  return { id, current: null, loadedMm: null, cr3Pfn: initPgd, asid: 0, lazy: false, asids: slots([1, 0, 'init_mm']), counters: counters({}), ...arrays([], []) }
}

/** The tasks of the machine above, as the Processes view lists them. */
export function tlbProcesses(): ProcessesView {
  const task = (p: Partial<ProcessRow> & Pick<ProcessRow, 'pid' | 'comm'>): ProcessRow => ({
    handle: null,
    ppid: 0,
    state: 'S',
    kthread: false,
    mm: null,
    activeMm: null,
    mmUsers: 1,
    mmCount: 1,
    vmSizeKb: 3948,
    vmRssKb: 1048,
    mapCount: 37,
    cpu: 0,
    minFlt: 0,
    majFlt: 0,
    ...p
  })
  return {
    current: 1,
    processes: [
      task({ pid: 1, handle: 'p1', comm: 'cat', state: 'R', mm: '0xffff888004a3c000', activeMm: '0xffff888004a3c000', mmCount: 2 }),
      task({ pid: 2, handle: 'k1', comm: 'k1', ppid: 2, kthread: true, state: 'R', activeMm: '0xffff888004a3c000', mmUsers: 0, mmCount: 0, vmSizeKb: 0, vmRssKb: 0, mapCount: 0 }),
      task({ pid: 3, handle: 'p2', comm: 'cat', mm: '0xffff888004a40000', activeMm: '0xffff888004a40000', vmSizeKb: 2940, mapCount: 37 })
    ]
  }
}

import { describe, expect, it } from 'vitest'
import type { TlbArrayView, TlbEntryView } from '@shared/model/mm'
import { idleCpu, noPcid, tlbBefore, tlbNow } from './tlbFixture'
import { arrayChanges, asidOfPcid, busyCpus, cellAt, delta, flagLetters, gridRows, isLive, lookups, neverRanUser, newestGens, ownerOf, pcidsOf, percent, translates, vpnText } from './tlbModel'

const entry = (over: Partial<TlbEntryView>): TlbEntryView => ({ set: 0, way: 0, va: '0x7ffff7c72000', pcid: 2050, huge: false, pfn: 12287, writable: true, nx: true, dirty: true, ...over })
const array = (sets: number, ways: number, entries: TlbEntryView[]): TlbArrayView => ({ sets, ways, entries })

describe('tlbModel', () => {
  it.each([
    [0, 0, '—'],
    [0, 15, '0%'],
    [15, 15, '100%'],
    [4, 15, '26.7%'],
    [1, 3, '33.3%']
  ])('percent(%i, %i) = %s', (n, of, text) => expect(percent(n, of)).toBe(text))

  it('marks deltas with a true minus sign, and nothing without a before', () => {
    expect(delta(5, 3)).toBe('+2')
    expect(delta(3, 5)).toBe('−2')
    expect(delta(3, 3)).toBe('')
    expect(delta(3, undefined)).toBe('')
    expect(lookups({ l1Hits: 4, stlbHits: 1, misses: 10, walks: 10, fullFlushes: 0, pageFlushes: 0, ipisSent: 0, ipisReceived: 0, contextSwitches: 0 })).toBe(15)
  })

  it.each([
    // pcid, asid: kern_pcid() = asid + 1; user_pcid() sets bit 11 (PTI)
    [1, 0],
    [2049, 0],
    [2, 1],
    [2050, 1],
    [6, 5],
    [2054, 5]
  ])('PCID %i belongs to ASID %i', (pcid, asid) => expect(asidOfPcid(pcid)).toBe(asid))

  it('names the PCIDs of an ASID, with and without PTI', () => {
    expect(pcidsOf(1, true)).toEqual({ kern: 2, user: 2050 })
    expect(pcidsOf(1, false)).toEqual({ kern: 2, user: null })
  })

  it('says whose an entry is and whether the MMU can use it now', () => {
    const [c0, c1] = tlbNow().cpus
    const p2 = c0!.l1.entries.find((e) => e.pcid === 2051)!
    const p1 = c0!.l1.entries.find((e) => e.pcid === 2050)!
    expect(ownerOf(c0!, p1, true)).toBe('p1')
    expect(ownerOf(c0!, p2, true)).toBe('p2')
    expect(isLive(c0!, p1, true)).toBe(true)
    expect(isLive(c0!, p2, true)).toBe(false)
    // A lazy CPU still has p1's ASID loaded.
    expect(isLive(c1!, c1!.l1.entries[0]!, true)).toBe(true)
    // Without PCID, everything cached is the loaded mm's.
    const flat = noPcid(tlbNow()).cpus[0]!
    expect(ownerOf(flat, flat.l1.entries[0]!, false)).toBe('p1')
    expect(isLive(flat, flat.l1.entries[0]!, false)).toBe(true)
    expect(ownerOf(idleCpu(3), entry({}), false)).toBe('init_mm')
  })

  it('lays out an array as rows of ways, folding empty sets, and compares each way with before', () => {
    //   set 0: [a   ·]       before: [a  ·]
    //   set 1: [·   ·]               [·  ·]
    //   set 2: [·   ·]               [·  ·]
    //   set 3: [c   d']              [b  d]   c replaced b; d' is d with D set
    //   set 4: [·   ·]               [e  ·]   e flushed
    const a = entry({ set: 0, way: 0, va: '0x1000' })
    const b = entry({ set: 3, way: 0, va: '0x3000' })
    const c = entry({ set: 3, way: 0, va: '0x13000' })
    const d = entry({ set: 3, way: 1, va: '0x23000', dirty: false })
    const e = entry({ set: 4, way: 0, va: '0x4000' })
    const before = array(5, 2, [a, b, d, e])
    const now = array(5, 2, [a, c, { ...d, dirty: true }])

    const rows = gridRows(now, before, false)
    expect(rows.map((r) => (r.kind === 'gap' ? `gap ${r.from}-${r.to}` : `${r.set}: ${r.cells.map((x) => x.state).join(' ')}`))).toEqual([
      '0: kept empty',
      'gap 1-2',
      '3: new changed',
      '4: gone empty'
    ])
    const set3 = rows[2]!
    if (set3.kind !== 'set') throw new Error('set 3')
    expect(set3.cells[0]!.was).toBe(b)
    expect(set3.used).toBe(2)
    expect(arrayChanges(rows)).toEqual({ added: 1, removed: 2 })

    expect(gridRows(now, before, true).map((r) => (r.kind === 'set' ? r.set : -1))).toEqual([0, 1, 2, 3, 4])
    // No before: nothing is marked, and a way holding nothing folds.
    expect(gridRows(now, null, false).flatMap((r) => (r.kind === 'set' ? r.cells.map((x) => x.state) : ['gap']))).toEqual(['kept', 'empty', 'gap', 'kept', 'kept', 'gap'])
    expect(gridRows(array(3, 2, []), null, false)).toEqual([{ kind: 'gap', from: 0, to: 2 }])

    expect(cellAt(now, before, 4, 0)).toEqual({ set: 4, way: 0, entry: null, was: e, state: 'gone' })
    expect(cellAt(now, before, 3, 0)).toEqual({ set: 3, way: 0, entry: c, was: b, state: 'new' })
    expect(cellAt(now, null, 0, 0)).toEqual({ set: 0, way: 0, entry: a, was: null, state: 'kept' })
  })

  it('prints the virtual page number split for narrow grids, the bits as letters, and what an entry translates', () => {
    expect(vpnText(entry({ va: '0x7ffff7cb2000' }))).toEqual({ hi: '7fff', lo: 'f7cb2' })
    expect(vpnText(entry({ va: '0x555555581000' }))).toEqual({ hi: '5555', lo: '55581' })
    expect(vpnText(entry({ va: '0x400000' }))).toEqual({ hi: '', lo: '400' })
    expect(flagLetters(entry({}))).toEqual(['W', 'NX', 'D'])
    expect(flagLetters(entry({ writable: false, dirty: false }))).toEqual(['NX'])
    expect(flagLetters(entry({ huge: true, nx: false, va: '0x7ffff7c00000' }))).toEqual(['W', 'D', '2M'])
    expect(translates(entry({ va: '0x7ffff7c72000' }), 0x7ffff7c72fffn)).toBe(true)
    expect(translates(entry({ va: '0x7ffff7c72000' }), 0x7ffff7c73000n)).toBe(false)
    expect(translates(entry({ va: '0x7ffff7c00000', huge: true }), 0x7ffff7dfffffn)).toBe(true)
  })

  it('knows a CPU no process ran on, the newest tlb_gen of each mm, and which CPUs are busy', () => {
    expect(neverRanUser(idleCpu(2))).toBe(true)
    expect(neverRanUser(tlbNow().cpus[1]!)).toBe(false)
    expect(newestGens(tlbNow()).get(2)).toEqual({ gen: 11, cpu: 0 })
    expect(newestGens(tlbBefore()).get(2)).toEqual({ gen: 10, cpu: 0 })
    expect(newestGens(tlbNow()).get(3)).toEqual({ gen: 10, cpu: 0 })
    const cpus = [idleCpu(0), ...tlbNow().cpus.map((c) => ({ ...c, id: c.id + 1 })), idleCpu(3)]
    expect(busyCpus(cpus, 4)).toEqual([1, 2])
    expect(busyCpus(cpus, 1)).toEqual([1])
    expect(busyCpus([idleCpu(0), idleCpu(1)], 4)).toEqual([0])
  })
})

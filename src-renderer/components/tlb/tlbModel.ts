// What the TLB pane reads out of the tlb view (arch/x86/mm/tlb.c, arch/x86/include/asm/tlbflush.h):
// lookups and hit rates, which ASID a PCID names and whose translation an entry is, and one
// set-associative array laid out as a grid (rows = sets, cells = ways) with what the last command
// changed in it. Pure functions over the snapshot: the engine computes the kernel state, this
// only arranges it for the eye.

import type { CpuView, TlbArrayView, TlbEntryView, TlbView } from '@shared/model/mm'

/** The three arrays of a CPU, as CpuView names them. */
export type ArrayName = 'l1' | 'l1Huge' | 'stlb'
export const ARRAYS: readonly ArrayName[] = ['l1', 'l1Huge', 'stlb']

/** X86_CR3_PTI_PCID_USER_BIT: under PTI the user half of an ASID runs with this PCID bit set. */
export const PTI_USER_PCID_BIT = 1 << 11

export type Counters = CpuView['counters']

/** Every translation asked of the TLB: an L1 hit, an STLB hit or a miss (then a walk). */
export const lookups = (c: Counters): number => c.l1Hits + c.stlbHits + c.misses

/** n as a share of `of`: whole at the ends, one decimal between; "—" when nothing was counted. */
export function percent(n: number, of: number): string {
  if (of <= 0) return '—'
  const p = (100 * n) / of
  return `${n === 0 || n === of ? p.toFixed(0) : p.toFixed(1)}%`
}

/** A Δ mark: "+3", "−1", or "" when there is no before or nothing changed. */
export function delta(now: number, before: number | undefined): string {
  if (before === undefined || before === now) return ''
  return now > before ? `+${now - before}` : `−${before - now}`
}

// ---- PCIDs and ASIDs ---------------------------------------------------------------------------------

/** The ASID slot a PCID belongs to: kern_pcid() is asid + 1, user_pcid() adds bit 11 under PTI. */
export const asidOfPcid = (pcid: number): number => (pcid & ~PTI_USER_PCID_BIT) - 1

/** The PCIDs ASID `asid` runs with: kern_pcid(), and user_pcid() under PTI. */
export function pcidsOf(asid: number, pti: boolean): { kern: number; user: number | null } {
  return { kern: asid + 1, user: pti ? (asid + 1) | PTI_USER_PCID_BIT : null }
}

/**
 * Whose translation an entry is. With PCID, the mm that holds the ASID slot of its tag; without,
 * the mm CR3 holds, since every CR3 load empties the TLB (null: nobody's any more).
 */
export function ownerOf(cpu: CpuView, e: TlbEntryView, pcid: boolean): string | null {
  if (!pcid) return cpu.loadedMm ?? 'init_mm'
  return cpu.asids[asidOfPcid(e.pcid)]?.owner ?? null
}

/** Whether the MMU can use the entry now: it is tagged with the loaded ASID (always, without PCID). */
export const isLive = (cpu: CpuView, e: TlbEntryView, pcid: boolean): boolean => !pcid || asidOfPcid(e.pcid) === cpu.asid

// ---- one array as a grid -----------------------------------------------------------------------------

/**
 * What a way holds against the snapshot before the last command: the same entry (kept), the same
 * translation refilled with other bits (changed: a write set D), another entry or none before
 * (new; `was` is the entry it replaced), nothing now but an entry before (gone: flushed or
 * evicted), nothing either time (empty).
 */
export type CellState = 'empty' | 'kept' | 'changed' | 'new' | 'gone'

export interface Cell {
  set: number
  way: number
  entry: TlbEntryView | null
  was: TlbEntryView | null
  state: CellState
}

/** A way of one of a CPU's arrays. */
export interface WayRef {
  array: ArrayName
  set: number
  way: number
}

export type GridRow = { kind: 'set'; set: number; cells: Cell[]; used: number } | { kind: 'gap'; from: number; to: number }

const samePage = (a: TlbEntryView, b: TlbEntryView): boolean => a.va === b.va && a.pcid === b.pcid && a.huge === b.huge
const sameBits = (a: TlbEntryView, b: TlbEntryView): boolean => a.pfn === b.pfn && a.writable === b.writable && a.nx === b.nx && a.dirty === b.dirty

function cellOf(set: number, way: number, entry: TlbEntryView | null, old: TlbEntryView | null): Cell {
  const state: CellState = entry ? (!old || !samePage(old, entry) ? 'new' : sameBits(old, entry) ? 'kept' : 'changed') : old ? 'gone' : 'empty'
  return { set, way, entry, was: state === 'kept' ? null : old, state }
}

function slots(a: TlbArrayView): (TlbEntryView | null)[] {
  const out = new Array<TlbEntryView | null>(a.sets * a.ways).fill(null)
  for (const e of a.entries) if (e.set < a.sets && e.way < a.ways) out[e.set * a.ways + e.way] = e
  return out
}

/**
 * The array's sets as rows of ways. With `all` false, sets with nothing in them now and nothing
 * before fold into gap rows ("sets 6–97"), so a 128-set STLB shows only what it holds — and what
 * the last command took out of it. Without a before, nothing is marked.
 */
export function gridRows(now: TlbArrayView, before: TlbArrayView | null, all: boolean): GridRow[] {
  const cur = slots(now)
  const old = before && before.sets === now.sets && before.ways === now.ways ? slots(before) : null
  const rows: GridRow[] = []
  let gapFrom = -1
  for (let set = 0; set < now.sets; set++) {
    const cells: Cell[] = []
    let used = 0
    let shown = false
    for (let way = 0; way < now.ways; way++) {
      const entry = cur[set * now.ways + way]!
      const c = cellOf(set, way, entry, old ? old[set * now.ways + way]! : entry)
      if (entry) used++
      if (c.state !== 'empty') shown = true
      cells.push(c)
    }
    if (!shown && !all) {
      if (gapFrom < 0) gapFrom = set
      continue
    }
    if (gapFrom >= 0) rows.push({ kind: 'gap', from: gapFrom, to: set - 1 })
    gapFrom = -1
    rows.push({ kind: 'set', set, cells, used })
  }
  if (gapFrom >= 0) rows.push({ kind: 'gap', from: gapFrom, to: now.sets - 1 })
  return rows
}

/** How many entries the last command brought in and took out (a replaced way counts both; a refill neither). */
export function arrayChanges(rows: GridRow[]): { added: number; removed: number } {
  let added = 0
  let removed = 0
  for (const r of rows) {
    if (r.kind !== 'set') continue
    for (const c of r.cells) {
      if (c.state === 'new') added++
      if (c.was && c.state !== 'changed') removed++
    }
  }
  return { added, removed }
}

/** One way of an array, against the array before the last command. */
export function cellAt(now: TlbArrayView, before: TlbArrayView | null, set: number, way: number): Cell {
  const entry = now.entries.find((e) => e.set === set && e.way === way) ?? null
  return cellOf(set, way, entry, before ? (before.entries.find((e) => e.set === set && e.way === way) ?? null) : entry)
}

/**
 * The virtual page as the cell prints it: the page number in hex (the address without its 12
 * offset bits), split so that a narrow grid can show only the low five digits, which hold the
 * set index (7 bits at most) and tell a process's pages apart.
 */
export function vpnText(e: TlbEntryView): { hi: string; lo: string } {
  const vpn = (BigInt(e.va) >> 12n).toString(16)
  return { hi: vpn.slice(0, -5), lo: vpn.slice(-5) }
}

/** The attribute letters of an entry, in a fixed order (never colour alone). */
export function flagLetters(e: TlbEntryView): ('W' | 'NX' | 'D' | '2M')[] {
  const out: ('W' | 'NX' | 'D' | '2M')[] = []
  if (e.writable) out.push('W')
  if (e.nx) out.push('NX')
  if (e.dirty) out.push('D')
  if (e.huge) out.push('2M')
  return out
}

/** Whether the entry translates `va` (a 4 KiB page, or the 2 MiB page around it). */
export function translates(e: TlbEntryView, va: bigint): boolean {
  const base = BigInt(e.va)
  return va >= base && va < base + (e.huge ? 1n << 21n : 1n << 12n)
}

// ---- the CPUs ----------------------------------------------------------------------------------------

/** Whether a CPU has never held a user translation: idle or a kernel thread on init_mm, nothing cached. */
export function neverRanUser(cpu: CpuView): boolean {
  return cpu.loadedMm === null && (!cpu.current || cpu.current.kthread) && lookups(cpu.counters) === 0 && ARRAYS.every((a) => cpu[a].entries.length === 0)
}

/**
 * For each mm (context id), the furthest tlb_gen any CPU has flushed it to. A CPU whose slot is
 * behind it may hold stale entries for that mm (a lazy CPU is sent no IPI for a plain unmap):
 * switch_mm_irqs_off() flushes them when it loads the mm again.
 */
export function newestGens(view: TlbView): Map<number, { gen: number; cpu: number }> {
  const out = new Map<number, { gen: number; cpu: number }>()
  for (const c of view.cpus) {
    for (const s of c.asids) {
      if (s.ctxId === 0) continue
      const best = out.get(s.ctxId)
      if (!best || s.tlbGen > best.gen) out.set(s.ctxId, { gen: s.tlbGen, cpu: c.id })
    }
  }
  return out
}

/** With many CPUs, the ones that get a card at first: those running a task or holding an mm (at most `max`), else CPU 0. */
export function busyCpus(cpus: CpuView[], max: number): number[] {
  const busy = cpus.filter((c) => c.current !== null || c.loadedMm !== null).map((c) => c.id)
  return busy.length ? busy.slice(0, max) : cpus.length ? [cpus[0]!.id] : []
}

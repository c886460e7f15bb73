// Reading the pagetable view for drawing: the walk the MMU makes for one user address through the
// tables the engine listed (arch/x86/mm/fault.c and the pXd_offset() helpers of
// arch/x86/include/asm/pgtable.h do the same with the real tables), the tables as a tree, and the
// pagemap compared with the one before the last command. Nothing of the kernel's state is
// computed here: the engine sent every entry; this only looks entries up, by the same index bits
// the hardware uses, and formats them. Addresses are bigints (a 64-bit address does not fit a
// JSON number).

import type { PageTableView, PagemapRow, PtEntryView, PtTableView, VmaRow } from '@shared/model/mm'

export const LEVELS = ['PGD', 'PUD', 'PMD', 'PTE'] as const
export type Level = (typeof LEVELS)[number]

/** The lowest address bit of each level's index: 9 bits each, above the 12 bits of the page offset. */
export const SHIFT: Readonly<Record<Level, number>> = { PGD: 39, PUD: 30, PMD: 21, PTE: 12 }
/** The bits each level's index takes from the address, as the SDM and the kernel's comments write them. */
export const BITS: Readonly<Record<Level, string>> = { PGD: '47–39', PUD: '38–30', PMD: '29–21', PTE: '20–12' }
/** The level a table at each level points to. */
export const NEXT: Readonly<Record<Level, Level | null>> = { PGD: 'PUD', PUD: 'PMD', PMD: 'PTE', PTE: null }

/** The user half of the 4-level address space: 0 to 2^47 − 1 (TASK_SIZE_MAX rounds it down a page). */
export const USER_TOP = 1n << 47n
const KERNEL_BOTTOM = 0xffff800000000000n

/** The bytes one entry of a level maps: 512 GiB, 1 GiB, 2 MiB, 4 KiB. */
export const entrySpan = (level: Level): bigint => 1n << BigInt(SHIFT[level])

export function indexOf(va: bigint, level: Level): number {
  return Number((va >> BigInt(SHIFT[level])) & 0x1ffn)
}

export function addr(s: string): bigint {
  return BigInt(s.startsWith('0x') ? s : `0x${s}`)
}

export type ParsedVa = { ok: true; va: bigint } | { ok: false; reason: 'empty' | 'syntax' | 'noncanonical' | 'kernel' }

/**
 * What the student typed, as a user virtual address: hex, with or without 0x, `_` between digits
 * allowed (the way the panes group addresses). A kernel address or a non-canonical one is named as
 * such: the pane holds only the user half of the page tables.
 */
export function parseVa(text: string): ParsedVa {
  const s = text.trim().replace(/_/g, '').toLowerCase()
  if (s === '') return { ok: false, reason: 'empty' }
  const digits = s.startsWith('0x') ? s.slice(2) : s
  if (!/^[0-9a-f]{1,16}$/.test(digits)) return { ok: false, reason: 'syntax' }
  const va = BigInt(`0x${digits}`)
  if (va >= KERNEL_BOTTOM) return { ok: false, reason: 'kernel' }
  if (va >= USER_TOP) return { ok: false, reason: 'noncanonical' }
  return { ok: true, va }
}

/** Where one step of the walk leads. */
export type Outcome =
  | { kind: 'table'; pfn: number }
  /** A leaf: a 4 KiB page from a PTE, or a 2 MiB / 1 GiB page from a PMD / PUD with PS set. */
  | { kind: 'page'; pfn: number; size: bigint; phys: bigint; offset: bigint }
  /** No present entry: the MMU raises #PF here. */
  | { kind: 'missing' }
  /** _PAGE_PROTNONE: a page Linux keeps (PROT_NONE) but the MMU sees as not present. */
  | { kind: 'protnone'; pfn: number }

export interface WalkStep {
  level: Level
  index: number
  /** The frame of the table this step reads (for the PGD, what CR3 holds). */
  table: number
  /** The entry's key in the view, `tablePfn:index` (as changedEntries() names entries). */
  key: string
  entry: PtEntryView | null
  /** Under PTI, for the PGD: the same entry in the kernel's copy (mm->pgd), which the view lists. */
  kernelCopy?: PtEntryView
  outcome: Outcome
}

export interface Walk {
  va: bigint
  /** What CR3 holds in user mode: the PTI user copy of the PGD when there is one. */
  cr3: number
  steps: WalkStep[]
  /** The last step's outcome, or null when an entry pointed to a table the view does not hold. */
  end: Outcome | null
}

/** The tables by frame number (a frame holds one table). */
export function tablesByPfn(view: PageTableView): Map<number, PtTableView> {
  return new Map(view.tables.map((t) => [t.pfn, t]))
}

/**
 * The MMU's walk of a user address through the view's tables: CR3 → PGD[47–39] → PUD[38–30] →
 * PMD[29–21] → PTE[20–12] → page + offset[11–0], stopping at the first entry that is not present
 * (the level #PF is raised at) or at a huge-page leaf (PS).
 */
export function walk(view: PageTableView, va: bigint, tables: Map<number, PtTableView> = tablesByPfn(view)): Walk {
  const steps: WalkStep[] = []
  // Under PTI user mode runs on the PGD's second page, whose user half is the same as the first's
  // (pti_set_user_pgtbl() writes both): the view lists that half once, under view.pgd.
  let table: PtTableView | undefined = tables.get(view.pgd)
  let tablePfn = view.userPgd ?? view.pgd
  for (const level of LEVELS) {
    if (!table) return { va, cr3: view.userPgd ?? view.pgd, steps, end: null }
    const index = indexOf(va, level)
    let entry = table.entries.find((e) => e.index === index) ?? null
    let kernelCopy: PtEntryView | undefined
    if (level === 'PGD' && view.userPgd !== null && entry) {
      kernelCopy = entry
      entry = userCopy(entry)
    }
    let outcome: Outcome
    if (!entry) outcome = { kind: 'missing' }
    else if (entry.flags.includes('PROTNONE') || !entry.flags.includes('P')) outcome = { kind: 'protnone', pfn: entry.pfn }
    else if (level === 'PTE' || entry.flags.includes('PS')) {
      const size = entrySpan(level)
      const offset = va & (size - 1n)
      // A huge entry's pfn is that of its first 4 KiB frame; bit 12 of it is PAT, not address.
      const pfn = level === 'PTE' ? entry.pfn : Number(BigInt(entry.pfn) & ~((size >> 12n) - 1n))
      outcome = { kind: 'page', pfn, size, phys: (BigInt(pfn) << 12n) + offset, offset }
    } else outcome = { kind: 'table', pfn: entry.pfn }
    steps.push({ level, index, table: tablePfn, key: `${table.pfn}:${index}`, entry, ...(kernelCopy ? { kernelCopy } : {}), outcome })
    if (outcome.kind !== 'table') return { va, cr3: view.userPgd ?? view.pgd, steps, end: outcome }
    tablePfn = outcome.pfn
    table = tables.get(outcome.pfn)
  }
  return { va, cr3: view.userPgd ?? view.pgd, steps, end: null }
}

/**
 * A user PGD entry as the user copy of the PGD holds it. arch/x86/mm/pti.c: __pti_set_user_pgtbl()
 * writes the entry to the user copy as it is and to the kernel's copy with _PAGE_NX, so that the
 * kernel never runs user code; the view lists the kernel's copy. A user PGD entry has no NX of its
 * own (pgd_populate() writes _PAGE_TABLE), so the user copy is the kernel's without it.
 */
export function userCopy(e: PtEntryView): PtEntryView {
  if (!e.flags.includes('US') || !e.flags.includes('P')) return e
  const value = BigInt(e.entry) & ~(1n << 63n)
  return { ...e, entry: `0x${value.toString(16).padStart(16, '0')}`, flags: e.flags.filter((f) => f !== 'NX') }
}

/** The VMA that holds an address, if any (find_vma() and a check of vm_start). */
export function vmaAt(vmas: readonly VmaRow[] | undefined, va: bigint): VmaRow | null {
  return vmas?.find((v) => addr(v.start) <= va && va < addr(v.end)) ?? null
}

/** The address split as the MMU splits it: sign extension, four 9-bit indices, the 12-bit offset. */
export interface Slice {
  key: Level | 'sign' | 'offset'
  bits: string
  /** The slice in binary, as many digits as it has bits. */
  binary: string
  value: number
}

export function slices(va: bigint, pageSize = 4096n): Slice[] {
  const bin = (v: bigint, width: number): string => v.toString(2).padStart(width, '0')
  // A 2 MiB (or 1 GiB) page ends the walk at the PMD (PUD): the index bits below it are offset.
  const width = pageSize.toString(2).length - 1
  const levels = LEVELS.slice(0, 4 - (width - 12) / 9)
  const mask = pageSize - 1n
  return [
    { key: 'sign', bits: '63–48', binary: bin((va >> 48n) & 0xffffn, 16), value: Number((va >> 48n) & 0xffffn) },
    ...levels.map((l) => ({ key: l, bits: BITS[l], binary: bin(BigInt(indexOf(va, l)), 9), value: indexOf(va, l) })),
    { key: 'offset' as const, bits: `${width - 1}–0`, binary: bin(va & mask, width), value: Number(va & mask) }
  ]
}

// ---- the tree of tables --------------------------------------------------------------------------

export interface TreeNode {
  table: PtTableView
  /** The index of the entry in the parent that points here (null for the PGD). */
  index: number | null
  /** The first and last address the table covers. */
  first: bigint
  last: bigint
  children: TreeNode[]
  /** Entries that map pages straight from this table: PTEs, or huge PMD/PUD entries. */
  leaves: number
}

/** The tables as the hardware links them, parents first; the PGD covers the user half only. */
export function tableTree(view: PageTableView): TreeNode | null {
  const tables = tablesByPfn(view)
  const root = tables.get(view.pgd)
  if (!root) return null
  const build = (table: PtTableView, index: number | null): TreeNode => {
    const level = table.level
    const first = addr(table.base)
    const last = level === 'PGD' ? USER_TOP - 1n : first + entrySpan(level) * 512n - 1n
    const children: TreeNode[] = []
    let leaves = 0
    for (const e of table.entries) {
      const child = level !== 'PTE' && e.flags.includes('P') && !e.flags.includes('PS') ? tables.get(e.pfn) : undefined
      if (child) children.push(build(child, e.index))
      else leaves++
    }
    return { table, index, first, last, children, leaves }
  }
  return build(root, null)
}

// ---- the pagemap and what the last command changed ------------------------------------------------

export type PageChange = 'new' | 'gone' | 'changed'
export const PAGE_FIELDS = ['pfn', 'kind', 'present', 'swapped', 'writable', 'dirty', 'accessed', 'exclusive', 'softDirty', 'mapcount'] as const
export type PageField = (typeof PAGE_FIELDS)[number]

export interface PageLine {
  row: PagemapRow
  change: PageChange | null
  /** The fields that differ from the same page before the last command. */
  changed: ReadonlySet<PageField>
}

const NONE: ReadonlySet<PageField> = new Set()

/**
 * The pagemap in address order with what the last command did: pages it mapped (new), pages it
 * unmapped (gone: listed for one command, faded), pages whose frame or bits it changed. `before`
 * is null when there is nothing to compare with (the first snapshot, another process).
 */
export function pageLines(now: readonly PagemapRow[], before: readonly PagemapRow[] | null): PageLine[] {
  if (!before) return now.map((row) => ({ row, change: null, changed: NONE }))
  const old = new Map(before.map((r) => [addr(r.va), r]))
  const lines: (PageLine & { at: bigint })[] = []
  const seen = new Set<bigint>()
  for (const row of now) {
    const at = addr(row.va)
    seen.add(at)
    const b = old.get(at)
    if (!b) {
      lines.push({ at, row, change: 'new', changed: NONE })
      continue
    }
    const changed = new Set(PAGE_FIELDS.filter((f) => b[f] !== row[f]))
    lines.push({ at, row, change: changed.size ? 'changed' : null, changed: changed.size ? changed : NONE })
  }
  for (const [at, row] of old) if (!seen.has(at)) lines.push({ at, row, change: 'gone', changed: NONE })
  return lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map(({ row, change, changed }) => ({ row, change, changed }))
}

/** Tables (by frame) the last command allocated: not in the view before it. */
export function newTables(now: PageTableView, before: PageTableView | null): ReadonlySet<number> {
  if (!before) return new Set()
  const old = new Set(before.tables.map((t) => t.pfn))
  return new Set(now.tables.filter((t) => !old.has(t.pfn)).map((t) => t.pfn))
}

/** A table the last command freed: its level, frame and the range it covered. */
export interface FreedTable {
  level: Level
  pfn: number
  first: bigint
  last: bigint
}

/**
 * The tables the process had before the last command and has no more, parents first: what
 * free_pgtables() (mm/memory.c) gave back after an unmap emptied them, or exit tore down.
 */
export function freedTables(now: PageTableView, before: PageTableView | null): FreedTable[] {
  if (!before) return []
  const kept = new Set(now.tables.map((t) => t.pfn))
  return before.tables
    .filter((t) => !kept.has(t.pfn) && t.level !== 'PGD')
    .map((t) => {
      const first = addr(t.base)
      return { level: t.level, pfn: t.pfn, first, last: first + entrySpan(t.level) * 512n - 1n }
    })
    .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
}

/** Entries (table pfn and index) whose value the last command changed or set. */
export function changedEntries(now: PageTableView, before: PageTableView | null): ReadonlySet<string> {
  if (!before) return new Set()
  const old = new Map(before.tables.flatMap((t) => t.entries.map((e) => [`${t.pfn}:${e.index}`, e.entry] as const)))
  return new Set(now.tables.flatMap((t) => t.entries.filter((e) => old.get(`${t.pfn}:${e.index}`) !== e.entry).map((e) => `${t.pfn}:${e.index}`)))
}

// ---- page kinds -----------------------------------------------------------------------------------

/** The letter UI.md gives each kind of frame (the legend, the frame map's tooltip). */
export const KIND_MARK: Readonly<Record<PagemapRow['kind'], string>> = { anon: 'A', file: 'F', shmem: 'H', zero: '0', kernel: 'R' }

/** A size of a page-table span for people: 4 KiB, 2 MiB, 1 GiB, 512 GiB, 128 TiB. */
export function spanText(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const
  let u = 0
  let v = bytes
  while (v >= 1024n && v % 1024n === 0n && u < units.length - 1) {
    v /= 1024n
    u++
  }
  return `${v} ${units[u]}`
}

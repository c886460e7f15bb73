// Mock pagetable views for the Page tables pane tests: the cat process of catProcess.ts after
// `a = p1: mmap 64K rw` (0x7ffff7d62000), `p1: write $a 8K` and `p1: read $a+8K 4K` — the entries,
// frames and flags the engine printed for the same commands (`translate`): one PUD, one PMD and
// one PTE table under PGD[255], two anonymous pages written (P RW US A D NX, exclusive, mapcount
// 1) and the shared zero page mapped read-only by the read (SPECIAL, no RW).

import type { PageTableView, PagemapRow, PtEntryView } from '@shared/model/mm'
import { CAT_PID } from './catProcess'

export const CAT_A = 0x7ffff7d62000n
export const PGD_PFN = 16470
export const USER_PGD_PFN = 16471
export const PUD_PFN = 16465
export const PMD_PFN = 16466
export const PTE_PFN = 16467
export const ANON_PFNS = [12287, 12286] as const
export const ZERO_PFN = 15154

const hex = (v: bigint): string => `0x${v.toString(16)}`
const entry = (index: number, value: bigint, flags: string[], va: bigint): PtEntryView => ({
  index,
  entry: `0x${value.toString(16).padStart(16, '0')}`,
  flags,
  pfn: Number((value >> 12n) & 0xffffffffffn),
  va: hex(va)
})
const TABLE_FLAGS = ['P', 'RW', 'US', 'A', 'D']
const table = (pfn: number) => (BigInt(pfn) << 12n) | 0x67n

export function anonPage(va: bigint, pfn: number, over: Partial<PagemapRow> = {}): PagemapRow {
  return { va: hex(va), pfn, kind: 'anon', present: true, swapped: false, exclusive: true, softDirty: false, writable: true, dirty: true, accessed: true, mapcount: 1, ...over }
}

export function zeroPage(va: bigint): PagemapRow {
  return { va: hex(va), pfn: ZERO_PFN, kind: 'zero', present: true, swapped: false, exclusive: false, softDirty: false, writable: false, dirty: false, accessed: true, mapcount: 0 }
}

/** The page tables of cat after the two writes and the read; `pages` replaces the PTEs' pages. */
export function catPageTable(pages?: PagemapRow[]): PageTableView {
  const list = pages ?? [anonPage(CAT_A, ANON_PFNS[0]), anonPage(CAT_A + 0x1000n, ANON_PFNS[1]), zeroPage(CAT_A + 0x2000n)]
  const pgdBase = 255n << 39n // 0x7f8000000000
  const pudBase = pgdBase + (511n << 30n) // 0x7fffc0000000
  const pmdBase = pudBase + (446n << 21n) // 0x7ffff7c00000
  const ptes = list.map((p) => {
    const va = BigInt(p.va)
    const bits =
      (BigInt(p.pfn) << 12n) |
      1n |
      (p.writable ? 2n : 0n) |
      4n |
      (p.accessed ? 0x20n : 0n) |
      (p.dirty ? 0x40n : 0n) |
      (p.kind === 'zero' ? 0x200n : 0n) |
      (1n << 63n)
    const flags = ['P', ...(p.writable ? ['RW'] : []), 'US', ...(p.accessed ? ['A'] : []), ...(p.dirty ? ['D'] : []), ...(p.kind === 'zero' ? ['SPECIAL'] : []), 'NX']
    return entry(Number((va >> 12n) & 0x1ffn), bits, flags, va)
  })
  return {
    pid: CAT_PID,
    pgd: PGD_PFN,
    userPgd: USER_PGD_PFN,
    tables: [
      // The kernel's copy of the PGD: under PTI its user entries carry NX (pti_set_user_pgtbl()).
      { level: 'PGD', pfn: PGD_PFN, base: '0x0', entries: [entry(255, table(PUD_PFN) | (1n << 63n), [...TABLE_FLAGS, 'NX'], pgdBase)] },
      { level: 'PUD', pfn: PUD_PFN, base: hex(pgdBase), entries: [entry(511, table(PMD_PFN), TABLE_FLAGS, pudBase)] },
      { level: 'PMD', pfn: PMD_PFN, base: hex(pudBase), entries: [entry(446, table(PTE_PFN), TABLE_FLAGS, pmdBase)] },
      { level: 'PTE', pfn: PTE_PFN, base: hex(pmdBase), entries: ptes }
    ],
    counts: { pgd: 1, pud: 1, pmd: 1, pte: 1 },
    // PUD + PMD + PTE: VmPTE counts the tables below the PGD.
    pgtablesBytes: 3 * 4096,
    pages: list
  }
}

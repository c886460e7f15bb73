import { describe, expect, it } from 'vitest'
import { anonPage, ANON_PFNS, CAT_A, catPageTable, PGD_PFN, PMD_PFN, PTE_PFN, PUD_PFN, USER_PGD_PFN, zeroPage } from '../../testing/catPageTable'
import { changedEntries, freedTables, newTables, pageLines, parseVa, slices, spanText, tableTree, walk } from './ptModel'

describe('ptModel', () => {
  it.each([
    ['0x7ffff7d62000', 0x7ffff7d62000n],
    ['0x7fff_f7d6_2000', 0x7ffff7d62000n],
    ['  7ffff7d62abc ', 0x7ffff7d62abcn],
    ['0X7FFFF7D62000', 0x7ffff7d62000n],
    ['0x0', 0n],
    ['0x7fffffffffff', 0x7fffffffffffn]
  ])('reads %s as a user address', (text, va) => {
    expect(parseVa(text)).toEqual({ ok: true, va })
  })

  it.each([
    ['', 'empty'],
    ['0x', 'syntax'],
    ['0x7ffz', 'syntax'],
    ['$a', 'syntax'],
    ['0x10000000000000000', 'syntax'],
    ['0x800000000000', 'noncanonical'],
    ['0xffff7fffffffffff', 'noncanonical'],
    ['0xffff888000000000', 'kernel'],
    ['0xffffffffff600000', 'kernel']
  ])('refuses %o: %s', (text, reason) => {
    expect(parseVa(text)).toEqual({ ok: false, reason })
  })

  it('splits an address as the MMU does: 16 sign bits, four 9-bit indices, a 12-bit offset', () => {
    // 0x7ffff7d62abc = 0 | 011111111 | 111111111 | 110111110 | 101100010 | 101010111100
    expect(slices(0x7ffff7d62abcn).map((s) => [s.key, s.bits, s.binary, s.value])).toEqual([
      ['sign', '63–48', '0000000000000000', 0],
      ['PGD', '47–39', '011111111', 255],
      ['PUD', '38–30', '111111111', 511],
      ['PMD', '29–21', '110111110', 446],
      ['PTE', '20–12', '101100010', 354],
      ['offset', '11–0', '101010111100', 0xabc]
    ])
    // A 2 MiB page: the walk ends at the PMD, and bits 20–0 are the offset in the page.
    expect(slices(0x7ffff7d62abcn, 2n << 20n).slice(-2).map((s) => [s.key, s.bits, s.binary, s.value])).toEqual([
      ['PMD', '29–21', '110111110', 446],
      ['offset', '20–0', '101100010101010111100', 0x162abc]
    ])
  })

  it('walks a mapped address from the user PGD to the page frame and the physical address', () => {
    const w = walk(catPageTable(), CAT_A + 0xabcn)
    expect(w.cr3).toBe(USER_PGD_PFN)
    expect(w.steps.map((s) => [s.level, s.index, s.table, s.outcome.kind])).toEqual([
      ['PGD', 255, USER_PGD_PFN, 'table'],
      ['PUD', 511, PUD_PFN, 'table'],
      ['PMD', 446, PMD_PFN, 'table'],
      ['PTE', 354, PTE_PFN, 'page']
    ])
    expect(w.end).toEqual({ kind: 'page', pfn: ANON_PFNS[0], size: 4096n, offset: 0xabcn, phys: (BigInt(ANON_PFNS[0]) << 12n) + 0xabcn })
    // CR3 points to the user copy of the PGD: the same entry as the kernel's, without its NX.
    expect(w.steps[0]!.entry).toMatchObject({ entry: '0x0000000004051067', flags: ['P', 'RW', 'US', 'A', 'D'] })
    expect(w.steps[0]!.kernelCopy).toMatchObject({ entry: '0x8000000004051067', flags: ['P', 'RW', 'US', 'A', 'D', 'NX'] })
    expect(w.steps[1]!.kernelCopy).toBeUndefined()
    // Without PTI CR3 holds mm->pgd and the entry is read as it is.
    const noPti = walk({ ...catPageTable(), userPgd: null }, CAT_A)
    expect(noPti.cr3).toBe(PGD_PFN)
    expect(noPti.steps[0]).toMatchObject({ table: PGD_PFN, entry: { entry: '0x8000000004051067' } })
  })

  it('stops at the first entry that is not present: the level the page fault is raised at', () => {
    const v = catPageTable()
    // The PIE: PGD[170] was never populated.
    expect(walk(v, 0x555555554000n).steps.map((s) => [s.level, s.index, s.outcome.kind])).toEqual([['PGD', 170, 'missing']])
    // The stack: PGD[255] → PUD[511], then PMD[511] has no PTE table.
    expect(walk(v, 0x7ffffffde000n).steps.map((s) => [s.level, s.index, s.outcome.kind])).toEqual([
      ['PGD', 255, 'table'],
      ['PUD', 511, 'table'],
      ['PMD', 511, 'missing']
    ])
    // The page after the zero page: the PTE table is there, the entry is not.
    expect(walk(v, CAT_A + 0x3000n).steps.at(-1)).toMatchObject({ level: 'PTE', index: 357, outcome: { kind: 'missing' } })
  })

  it('ends a walk at a huge page and at a PROT_NONE entry', () => {
    const v = catPageTable()
    const pmd = v.tables.find((x) => x.level === 'PMD')!
    pmd.entries.push({ index: 100, entry: '0x80000000040000e7', flags: ['P', 'RW', 'US', 'A', 'D', 'PS', 'NX'], pfn: 0x4000, va: '0x7fffcc800000' })
    const w = walk(v, 0x7fffcc812345n)
    expect(w.end).toEqual({ kind: 'page', pfn: 0x4000, size: 2n << 20n, offset: 0x12345n, phys: 0x4012345n })
    const pte = v.tables.find((x) => x.level === 'PTE')!
    pte.entries.push({ index: 400, entry: '0x8000000002ffd126', flags: ['RW', 'US', 'A', 'PROTNONE', 'NX'], pfn: 12285, va: '0x7ffff7d90000' })
    expect(walk(v, 0x7ffff7d90000n).end).toEqual({ kind: 'protnone', pfn: 12285 })
  })

  it('builds the tree of tables with the range each covers', () => {
    const root = tableTree(catPageTable())!
    const flat: [string, number | null, string, string, number][] = []
    const visit = (n: NonNullable<typeof root>): void => {
      flat.push([n.table.level, n.index, n.first.toString(16), n.last.toString(16), n.leaves])
      n.children.forEach(visit)
    }
    visit(root)
    expect(flat).toEqual([
      ['PGD', null, '0', '7fffffffffff', 0],
      ['PUD', 255, '7f8000000000', '7fffffffffff', 0],
      ['PMD', 511, '7fffc0000000', '7fffffffffff', 0],
      ['PTE', 446, '7ffff7c00000', '7ffff7dfffff', 3]
    ])
    expect(spanText(0x800000000000n)).toBe('128 TiB')
    expect(spanText(2n << 20n)).toBe('2 MiB')
  })

  it('tells pages the last command mapped, unmapped and changed', () => {
    const before = [anonPage(CAT_A, ANON_PFNS[0], { dirty: false, writable: false, exclusive: false, mapcount: 2 }), zeroPage(CAT_A + 0x5000n)]
    const now = [anonPage(CAT_A, ANON_PFNS[0]), anonPage(CAT_A + 0x1000n, ANON_PFNS[1])]
    const lines = pageLines(now, before)
    expect(lines.map((l) => [l.row.va, l.change, [...l.changed]])).toEqual([
      ['0x7ffff7d62000', 'changed', ['writable', 'dirty', 'exclusive', 'mapcount']],
      ['0x7ffff7d63000', 'new', []],
      ['0x7ffff7d67000', 'gone', []]
    ])
    expect(pageLines(now, null).every((l) => l.change === null)).toBe(true)
    expect(pageLines(now, now).every((l) => l.change === null)).toBe(true)
  })

  it('finds the tables and entries the last command added or rewrote', () => {
    const now = catPageTable()
    const before = catPageTable([anonPage(CAT_A, ANON_PFNS[0])])
    expect([...changedEntries(now, before)]).toEqual([`${PTE_PFN}:355`, `${PTE_PFN}:356`])
    expect(newTables(now, before).size).toBe(0)
    const none = { ...before, tables: before.tables.slice(0, 1), counts: { pgd: 1, pud: 0, pmd: 0, pte: 0 } }
    expect([...newTables(now, none)]).toEqual([PUD_PFN, PMD_PFN, PTE_PFN])
    expect(changedEntries(now, null).size).toBe(0)
  })

  it('lists the tables the last command freed, parents first, with the range each covered', () => {
    const before = catPageTable()
    const after = { ...before, tables: before.tables.slice(0, 1), counts: { pgd: 1, pud: 0, pmd: 0, pte: 0 } }
    const freed = freedTables(after, before)
    expect(freed.map((f) => [f.level, f.pfn])).toEqual([
      ['PUD', PUD_PFN],
      ['PMD', PMD_PFN],
      ['PTE', PTE_PFN]
    ])
    // The PTE table covered the 2 MiB around CAT_A, the PMD table 1 GiB, the PUD table 512 GiB.
    const pte = freed[2]!
    expect([pte.first, pte.last]).toEqual([CAT_A & ~0x1fffffn, (CAT_A & ~0x1fffffn) + 0x1fffffn])
    expect(freed[1]!.last - freed[1]!.first + 1n).toBe(1n << 30n)
    expect(freed[0]!.last - freed[0]!.first + 1n).toBe(1n << 39n)
    expect(freedTables(before, after)).toEqual([])
    expect(freedTables(before, null)).toEqual([])
  })
})

import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { PageTableView } from '@shared/model/mm'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { useSelectionStore } from '../stores/selection'
import { anonPage, ANON_PFNS, CAT_A, catPageTable, PGD_PFN, PMD_PFN, PTE_PFN, PUD_PFN, USER_PGD_PFN, ZERO_PFN } from '../testing/catPageTable'
import { CAT_PID, catProcesses, catVma } from '../testing/catProcess'
import PageTablePane from './PageTablePane.vue'

const mountPane = (locale: 'en' | 'zh-CN' = 'en') => mount(PageTablePane, { global: { plugins: [createAppI18n(locale)] }, attachTo: document.body })

/** cat's page tables (catPageTable: two pages written, one read) with its VMAs and the task list. */
function show(pagetable: PageTableView | null | undefined, previous: PageTableView | null = null): void {
  const engine = useEngineStore()
  engine.previousPagetable = previous
  engine.snapshot = pagetable === undefined ? { seq: 7 } : { seq: 7, pagetable, vma: pagetable ? catVma() : null, processes: catProcesses() }
}

type W = ReturnType<typeof mountPane>
const rows = (w: W) => w.findAll('[data-testid="pt-walk"] tbody tr').map((r) => r.attributes('data-level'))
const step = (w: W, level: string) => w.get(`[data-testid="pt-walk"] tbody tr[data-level="${level}"]`)
const flags = (w: W, level: string) => step(w, level).findAll('.flags.wide .flag').map((f) => f.text())

async function type(w: W, text: string): Promise<void> {
  await w.get('[data-testid="pt-va"]').setValue(text)
}

describe('PageTablePane', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    document.body.innerHTML = ''
  })

  it('sums up the tables per level, VmPTE and the mapped pages', () => {
    show(catPageTable())
    const w = mountPane()
    const summary = w.get('[data-testid="pt-summary"]')
    expect(summary.text()).toContain('p1 · cat (pid 412)')
    expect(w.get('[data-testid="pt-counts"]').text()).toBe('PGD 1 · PUD 1 · PMD 1 · PTE 1')
    expect(w.get('[data-testid="pt-size"]').text()).toBe('12 KiB (VmPTE 12 kB)')
    expect(w.get('[data-testid="pt-size"]').attributes('title')).toContain('12,288 bytes')
    expect(summary.text()).toContain('3 pages mapped')
    expect(w.find('[data-testid="pt-empty"]').exists()).toBe(false)
  })

  it('walks a mapped address: CR3, four levels with index, entry and flags, the frame and the physical address', async () => {
    show(catPageTable())
    const w = mountPane()
    expect(w.get('[data-testid="pt-walk"]').text()).toContain('A user virtual address in hex (0x optional, _ allowed), or a page picked from the list or the pagemap.')
    await type(w, '0x7fff_f7d6_2abc')
    expect(rows(w)).toEqual(['CR3', 'PGD', 'PUD', 'PMD', 'PTE', 'page'])
    // CR3 holds the user copy of the PGD (PTI), and says so.
    expect(step(w, 'CR3').text()).toContain(`0x${(BigInt(USER_PGD_PFN) << 12n).toString(16).padStart(16, '0')}`)
    expect(w.get('[data-testid="pt-walk"] .note').text()).toContain(`second page (pfn ${USER_PGD_PFN})`)
    expect(w.get('[data-testid="pt-walk"] .note').text()).toContain(`first (pfn ${PGD_PFN}`)
    const cells = (level: string) => {
      const r = step(w, level)
      const [index, table] = r.findAll('td.num').map((c) => c.text())
      return [r.get('th').text(), index, table, r.get('[data-testid="pt-entry"]').text(), flags(w, level).join(' '), r.get('[data-testid="pt-to"]').text()]
    }
    expect(cells('PGD')).toEqual(['PGD 47–39', '255', String(USER_PGD_PFN), '0x0000000004051067', 'P RW US A D', `→ PUD table · pfn ${PUD_PFN}`])
    expect(cells('PUD')).toEqual(['PUD 38–30', '511', String(PUD_PFN), '0x0000000004052067', 'P RW US A D', `→ PMD table · pfn ${PMD_PFN}`])
    expect(cells('PMD')).toEqual(['PMD 29–21', '446', String(PMD_PFN), '0x0000000004053067', 'P RW US A D', `→ PTE table · pfn ${PTE_PFN}`])
    expect(cells('PTE')).toEqual(['PTE 20–12', '354', String(PTE_PFN), '0x8000000002fff067', 'P RW US A D NX', `→ page frame · pfn ${ANON_PFNS[0]}`])
    expect(step(w, 'PTE').findAll('.flags.wide .flag').map((f) => f.attributes('title'))).toContain('NX: no execute')
    // A narrow pane shows the same bits under the entry (CSS picks one of the two).
    expect(step(w, 'PTE').findAll('.flags.narrow .flag').map((f) => f.text())).toEqual(flags(w, 'PTE'))
    // The PGD entry is the user copy's; the kernel's copy, with NX, is in the tooltip.
    expect(step(w, 'PGD').get('td[title]').attributes('title')).toBe(`The kernel’s copy in mm->pgd (pfn ${PGD_PFN}): 0x8000000004051067, with NX`)
    expect(w.get('[data-testid="pt-phys"]').text()).toBe(`physical address 0x2ff_fabc = pfn ${ANON_PFNS[0]} × 4096 + offset 0xabc`)
    expect(step(w, 'page').find('.pk-anon').text()).toBe('A')
    // The address split in binary, slice by slice.
    expect(w.findAll('[data-testid="pt-walk"] .slice').map((s) => [s.attributes('data-slice'), s.get('.bin').text(), s.get('.val').text()])).toEqual([
      ['sign', '0x0000', '= bit 47'],
      ['PGD', '011111111', '255'],
      ['PUD', '111111111', '511'],
      ['PMD', '110111110', '446'],
      ['PTE', '101100010', '354'],
      ['offset', '101010111100', '0xabc']
    ])
    // Typed: the shared selection follows, with a chip to unpin it.
    expect(useSelectionStore().va).toEqual({ pid: CAT_PID, addr: '0x7ffff7d62abc' })
    expect(w.get('[data-testid="pt-chip"]').text()).toContain('0x7fff_f7d6_2abc')
    // The walk is outlined in the tree, and its PTE slot ringed in the grid.
    expect(w.findAll('[data-testid="pt-tree"] .line.on-path').map((l) => l.attributes('data-level'))).toEqual(['PGD', 'PUD', 'PMD', 'PTE'])
    expect(w.find('[data-testid="pt-tree"] .grid .walked').exists()).toBe(true)
  })

  it('walks the zero page: read-only, SPECIAL, and says what a write would do', async () => {
    show(catPageTable())
    const w = mountPane()
    await type(w, (CAT_A + 0x2000n).toString(16))
    expect(flags(w, 'PTE')).toEqual(['P', 'US', 'A', 'SPECIAL', 'NX'])
    expect(step(w, 'PTE').text()).toContain(`pfn ${ZERO_PFN}`)
    expect(step(w, 'page').find('.pk-zero').text()).toBe('0')
    expect(w.get('[data-testid="pt-walk"]').text()).toContain('The shared zero page, mapped read-only')
  })

  it('stops an unmapped address at the level whose entry is missing: page fault, and what follows', async () => {
    show(catPageTable())
    const w = mountPane()
    // The page after the zero page, in the anonymous VMA: the PTE is missing.
    await type(w, '0x7ffff7d65000')
    expect(rows(w)).toEqual(['CR3', 'PGD', 'PUD', 'PMD', 'PTE'])
    expect(step(w, 'PTE').attributes('data-outcome')).toBe('missing')
    expect(step(w, 'PTE').get('[data-testid="pt-to"]').text()).toBe('⚠ not present → page fault')
    expect(step(w, 'PTE').get('[data-testid="pt-entry"]').text()).toBe('0x0000000000000000')
    expect(w.get('[data-testid="pt-fault"]').text()).toBe(
      'Page fault at the PTE: entry 357 is not present. The VMA 0x7ffff7d50000–0x7ffff7d72000 (rw-p) covers the address: handle_mm_fault() would allocate the missing tables and map a page.'
    )
    expect(w.find('[data-testid="pt-phys"]').exists()).toBe(false)

    // The PIE's first page: nothing under PGD[170] yet.
    await type(w, '0x555555554000')
    expect(rows(w)).toEqual(['CR3', 'PGD'])
    expect(step(w, 'PGD').get('[data-testid="pt-index"]').text()).toBe('170')
    expect(w.get('[data-testid="pt-fault"]').text()).toContain('Page fault at the PGD: entry 170 is not present.')

    // Below every VMA: SIGSEGV.
    await type(w, '0x1000')
    expect(w.get('[data-testid="pt-fault"]').text()).toBe('Page fault at the PGD: entry 0 is not present. No VMA covers the address: SIGSEGV (SEGV_MAPERR).')
  })

  it('stops where the PTE table is missing: the PMD entry is not present', async () => {
    show(catPageTable())
    const w = mountPane()
    // The stack: PGD[255] and PUD[511] are the ones the mmap area uses; PMD[511] has no PTE table.
    await type(w, '0x7ffffffde000')
    expect(rows(w)).toEqual(['CR3', 'PGD', 'PUD', 'PMD'])
    expect(step(w, 'PMD').attributes('data-outcome')).toBe('missing')
    expect(step(w, 'PMD').get('[data-testid="pt-index"]').text()).toBe('511')
    expect(w.get('[data-testid="pt-fault"]').text()).toContain('Page fault at the PMD: entry 511 is not present. The VMA 0x7ffffffde000–0x7ffffffff000 (rw-p) covers the address')
    // The slice of the level never reached is dimmed.
    expect(w.get('.slice[data-slice="PTE"]').classes()).toContain('off')
  })

  it('refuses what is not a user address, saying why', async () => {
    show(catPageTable())
    const w = mountPane()
    await type(w, '0xffff888000000000')
    expect(w.get('[role="alert"]').text()).toContain('A kernel address')
    expect(w.get('[data-testid="pt-va"]').attributes('aria-invalid')).toBe('true')
    await type(w, '0x800000000000')
    expect(w.get('[role="alert"]').text()).toContain('Not canonical')
    await type(w, 'cafe!')
    expect(w.get('[role="alert"]').text()).toContain('Not a hex address')
    expect(w.find('[data-testid="pt-walk"] table').exists()).toBe(false)
    expect(useSelectionStore().va).toBeNull()
  })

  it('lists the pagemap: kind by colour and letter, the bits, mapcount; a row picks its address for the walk', async () => {
    show(catPageTable())
    const w = mountPane()
    const pagemap = w.get('table.pagemap')
    const lines = pagemap.findAll('tbody tr').map((r) =>
      r
        .findAll('td')
        .slice(1)
        .map((c) => c.text())
    )
    expect(lines).toEqual([
      ['0x7fff_f7d6_2000', String(ANON_PFNS[0]), 'Aanonymous', '✓', '✓', '✓', '✓', '✓', '–', '1'],
      ['0x7fff_f7d6_3000', String(ANON_PFNS[1]), 'Aanonymous', '✓', '✓', '✓', '✓', '✓', '–', '1'],
      ['0x7fff_f7d6_4000', String(ZERO_PFN), '0zero page', '✓', '–', '–', '✓', '–', '–', '0']
    ])
    expect(pagemap.findAll('tbody tr').map((r) => r.attributes('data-kind'))).toEqual(['anon', 'anon', 'zero'])
    expect(pagemap.findAll('thead th').map((h) => (h.find('.long').exists() ? h.get('.long').text() : h.text()))).toEqual(['Δ', 'address', 'pfn', 'kind', 'present', 'writable', 'dirty', 'accessed', 'exclusive', 'soft-dirty', 'mapcount'])
    // A narrow pane heads the bits with their letters.
    expect(pagemap.findAll('thead th abbr.short').map((h) => h.text())).toEqual(['P', 'W', 'D', 'A', 'E', 'SD', 'map'])
    // No previous snapshot: nothing is marked.
    expect(pagemap.findAll('[data-change]')).toHaveLength(0)

    await pagemap.get('tr[data-va="0x7ffff7d63000"]').trigger('click')
    expect(useSelectionStore().va).toEqual({ pid: CAT_PID, addr: '0x7ffff7d63000' })
    expect((w.get('[data-testid="pt-va"]').element as HTMLInputElement).value).toBe('0x7fff_f7d6_3000')
    expect(step(w, 'PTE').get('[data-testid="pt-index"]').text()).toBe('355')
    expect(w.get('table.pagemap tr[data-va="0x7ffff7d63000"]').classes()).toContain('selected')
    // A click on the picked row unpins it; so does Esc, and the chip's ×.
    await w.get('table.pagemap tr[data-va="0x7ffff7d63000"]').trigger('click')
    expect(useSelectionStore().va).toBeNull()
    expect((w.get('[data-testid="pt-va"]').element as HTMLInputElement).value).toBe('')
    await w.get('table.pagemap tr[data-va="0x7ffff7d64000"]').trigger('click')
    await w.get('section.pagetable-pane').trigger('keydown', { key: 'Escape' })
    expect(useSelectionStore().va).toBeNull()
    await w.get('table.pagemap tr[data-va="0x7ffff7d64000"]').trigger('click')
    await w.get('[data-testid="pt-chip"] .x').trigger('click')
    expect(useSelectionStore().va).toBeNull()
    expect(w.find('[data-testid="pt-walk"] table').exists()).toBe(false)
  })

  it('walks the first page of a VMA picked elsewhere, and outlines its pages in the pagemap', async () => {
    show(catPageTable())
    const w = mountPane()
    useSelectionStore().pickVma(CAT_PID, '0x7ffff7d50000')
    await nextTick()
    expect((w.get('[data-testid="pt-va"]').element as HTMLInputElement).value).toBe('0x7fff_f7d5_0000')
    expect(rows(w)).toEqual(['CR3', 'PGD', 'PUD', 'PMD', 'PTE'])
    expect(w.findAll('table.pagemap tr.in-vma')).toHaveLength(3)
  })

  it('marks what the last command changed: new, gone and changed pages, new tables, counts and VmPTE', () => {
    // Before: only the PGD, with one page mapped elsewhere (its tables left out for brevity), and
    // the first page clean and shared. Now: cat's tables, two pages written and one read.
    const before = catPageTable([anonPage(CAT_A, ANON_PFNS[0], { dirty: false, writable: false, exclusive: false, mapcount: 2 }), anonPage(CAT_A + 0x8000n, 9999)])
    before.tables = before.tables.slice(0, 1)
    before.counts = { pgd: 1, pud: 0, pmd: 0, pte: 0 }
    before.pgtablesBytes = 0
    show(catPageTable(), before)
    const w = mountPane()
    const marked = w.findAll('table.pagemap [data-change]').map((r) => [r.attributes('data-va'), r.attributes('data-change'), r.get('.badge').text()])
    expect(marked).toEqual([
      ['0x7ffff7d62000', 'changed', 'changed'],
      ['0x7ffff7d63000', 'new', 'new'],
      ['0x7ffff7d64000', 'new', 'new'],
      ['0x7ffff7d6a000', 'gone', 'gone']
    ])
    const first = w.get('table.pagemap tr[data-va="0x7ffff7d62000"]')
    expect(first.findAll('td.mark').map((c) => c.attributes('data-flag') ?? c.text())).toEqual(['writable', 'dirty', 'exclusive', '1'])
    expect(w.get('table.pagemap tr[data-change="gone"]').attributes('tabindex')).toBeUndefined()
    expect(w.get('[data-testid="pt-summary"]').text()).toContain('4 pages changed by the last command')
    expect(w.get('[data-testid="pt-counts"]').text()).toBe('PGD 1 · PUD 1+1 · PMD 1+1 · PTE 1+1')
    expect(w.get('[data-testid="pt-size"] .delta').text()).toBe('+12 KiB')
    expect(w.findAll('[data-testid="pt-tree"] .line.fresh').map((l) => Number(l.attributes('data-pfn')))).toEqual([PUD_PFN, PMD_PFN, PTE_PFN])
    expect(w.get('[data-testid="pt-tree"] .line.fresh .badge').text()).toBe('new')
    expect(w.find('[data-testid="pt-freed"]').exists()).toBe(false)

    // The other way round (a munmap that emptied them): the freed tables are listed, struck out,
    // with the ranges they covered, for one command.
    show(before, catPageTable())
    const freed = mountPane()
    expect(freed.get('[data-testid="pt-freed"] .freed-head').text()).toContain('free_pgtables()')
    expect(freed.findAll('[data-testid="pt-freed"] li').map((l) => [l.attributes('data-level'), Number(l.attributes('data-pfn'))])).toEqual([
      ['PUD', PUD_PFN],
      ['PMD', PMD_PFN],
      ['PTE', PTE_PFN]
    ])
    expect(freed.get('[data-testid="pt-freed"] li[data-level="PTE"] .range').text()).toBe('0x7fff_f7c0_0000 – 0x7fff_f7df_ffff')
    expect(freed.get('[data-testid="pt-counts"]').text()).toBe('PGD 1 · PUD 0−1 · PMD 0−1 · PTE 0−1')

    // Another process's tables are no "before": nothing marked.
    show(catPageTable(), { ...before, pid: 1 })
    const other = mountPane()
    expect(other.findAll('table.pagemap [data-change]')).toHaveLength(0)
    expect(other.findAll('[data-testid="pt-tree"] .line.fresh')).toHaveLength(0)
  })

  it('marks an entry of the walk the last command changed', async () => {
    show(catPageTable(), catPageTable([anonPage(CAT_A, ANON_PFNS[0], { dirty: false })]))
    const w = mountPane()
    await type(w, '0x7ffff7d62000')
    expect(step(w, 'PTE').classes()).toContain('changed')
    expect(step(w, 'PMD').classes()).not.toContain('changed')
  })

  it('lights a frame clicked in the walk, the tree or the pagemap in the frame map', async () => {
    show(catPageTable())
    const w = mountPane()
    const selection = useSelectionStore()
    await type(w, '0x7ffff7d62000')
    await step(w, 'PTE').get(`[data-testid="pt-to"] button[data-pfn="${ANON_PFNS[0]}"]`).trigger('click')
    expect(selection.frames?.ranges).toEqual([[ANON_PFNS[0], ANON_PFNS[0] + 1]])
    expect(selection.frames?.label).toBe(`pfn ${ANON_PFNS[0]} · page frame`)
    expect(selection.pinnedPfn).toBe(ANON_PFNS[0])
    // The same frame again: unlit and unpinned.
    await step(w, 'PTE').get(`[data-testid="pt-to"] button[data-pfn="${ANON_PFNS[0]}"]`).trigger('click')
    expect(selection.frames).toBeNull()
    expect(selection.pinnedPfn).toBeNull()
    // A table in the tree.
    await w.get(`[data-testid="pt-tree"] .line[data-level="PMD"] button[data-pfn="${PMD_PFN}"]`).trigger('click')
    expect(selection.frames).toEqual({ label: `pfn ${PMD_PFN} · PMD`, ranges: [[PMD_PFN, PMD_PFN + 1]] })
    // The zero page in the pagemap: lighting it does not pick the row.
    await w.get(`table.pagemap button[data-pfn="${ZERO_PFN}"]`).trigger('click')
    expect(selection.frames).toEqual({ label: `pfn ${ZERO_PFN} · zero page`, ranges: [[ZERO_PFN, ZERO_PFN + 1]] })
    expect(selection.va?.addr).toBe('0x7ffff7d62000')
    // All the tables at once (the PTI user copy of the PGD with them), and all the pages.
    await w.findAll('button.light')[1]!.trigger('click')
    expect(selection.frames?.ranges).toEqual([
      [PUD_PFN, PMD_PFN + 1 + 1],
      [PGD_PFN, USER_PGD_PFN + 1]
    ])
    await w.findAll('button.light')[0]!.trigger('click')
    expect(selection.frames?.ranges).toEqual([
      [ANON_PFNS[1], ANON_PFNS[0] + 1],
      [ZERO_PFN, ZERO_PFN + 1]
    ])
  })

  it('draws each PTE table’s 512 entries as a grid; a cell picks its page for the walk', async () => {
    show(catPageTable())
    const w = mountPane()
    const cells = w.findAll('[data-testid="pt-tree"] .grid rect.cell')
    expect(cells.map((c) => [c.attributes('data-index'), c.classes().find((k) => k.startsWith('c-'))])).toEqual([
      ['354', 'c-anon'],
      ['355', 'c-anon'],
      ['356', 'c-zero']
    ])
    expect(w.get('[data-testid="pt-tree"] .line[data-level="PTE"] [data-testid="pt-count"]').text()).toBe('3 of 512 present')
    expect(w.get('[data-testid="pt-tree"] .line[data-level="PGD"] [data-testid="pt-count"]').text()).toBe('1 of 256 present')
    expect(w.get('[data-testid="pt-tree"] .line[data-level="PTE"]').text()).toContain('0x7fff_f7c0_0000 – 0x7fff_f7df_ffff')
    expect(w.get('[data-testid="pt-tree"] .line[data-level="PTE"]').text()).toContain('2 MiB')
    await cells[2]!.trigger('click')
    expect(useSelectionStore().va?.addr).toBe('0x7ffff7d64000')
    expect(step(w, 'PTE').get('[data-testid="pt-index"]').text()).toBe('356')
  })

  it('teaches which commands create a process and touch its memory when there is none', () => {
    show(null)
    const w = mountPane()
    expect(w.get('[data-testid="pt-empty"]').text()).toBe(
      'No current process. spawn p1 in the console creates one; a = p1: mmap 64K rw maps memory in it, and p1: write $a 8K touches it: every page written gets a page table entry.'
    )
    expect(w.findAll('[data-testid="pt-empty"] code').map((c) => c.text())).toEqual(['spawn p1', 'a = p1: mmap 64K rw', 'p1: write $a 8K'])
    expect(w.find('[data-testid="pt-walk"]').exists()).toBe(false)
    // An engine without the view at all: the same, in Chinese too.
    show(undefined)
    expect(mountPane('zh-CN').get('[data-testid="pt-empty"]').text()).toContain('没有当前进程')
  })

  it('says when no page is mapped (after madvise dontneed the tables stay, the pages go)', async () => {
    show(catPageTable([]))
    const w = mountPane()
    expect(w.get('[data-testid="pagemap-empty"]').text()).toContain('No page is mapped')
    expect(w.get('[data-testid="pt-summary"]').text()).toContain('no pages mapped')
    await type(w, '0x7ffff7d62000')
    expect(step(w, 'PTE').attributes('data-outcome')).toBe('missing')
  })

  it('speaks Chinese with the glossary’s words', async () => {
    show(catPageTable())
    const w = mountPane('zh-CN')
    expect(w.text()).toContain('页表遍历')
    await type(w, '0x7ffff7d65000')
    expect(step(w, 'PTE').get('[data-testid="pt-to"]').text()).toBe('⚠ 不存在 → 缺页异常')
    expect(w.get('[data-testid="pt-fault"]').text()).toContain('缺页异常')
  })
})

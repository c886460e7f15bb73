// The Page tables pane through the real UI: a process that wrote two pages and read one has one
// PUD, one PMD and one PTE table, two anonymous pages and the zero page in its pagemap; typing the
// mapping's address walks it down to the page frame; madvise(MADV_DONTNEED) empties the pagemap
// and leaves the tables; a layout saved before the pane existed gains it.
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { runLine as run } from '../support/console'
import { startHost, type Host } from '../support/host'

let host: Host

test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host?.stop()
})

const tab = (page: Page, name: string) => page.locator('.dv-tab', { hasText: name })

test('a process that wrote two pages and read one: its tables, its pagemap, the walk of an address', async ({ page }) => {
  await page.goto(host.url)
  await tab(page, 'Page tables').click()
  const pane = page.locator('section.pagetable-pane')
  await expect(pane.getByTestId('pt-empty')).toContainText('spawn p1')

  const log = page.getByRole('log', { name: 'Console' })
  await run(page, 'spawn p1')
  await run(page, 'a = p1: mmap 64K rw')
  await expect(log).toContainText(/new 0x[0-9a-f]+-0x[0-9a-f]+ rw-p/)
  const a = BigInt(/new (0x[0-9a-f]+)-/.exec(await log.innerText())![1]!)
  await run(page, 'p1: write $a 8K')
  await run(page, 'p1: read $a+8K 4K')
  await expect(log).toContainText('1 zero-page mapping')

  // The pagemap: two anonymous pages, written, and the zero page, read.
  const pagemap = pane.locator('table.pagemap')
  const live = pagemap.locator('tbody tr:not([data-change="gone"])')
  await expect(live).toHaveCount(3)
  await expect(pagemap.locator('tbody tr[data-kind="anon"]')).toHaveCount(2)
  await expect(pagemap.locator('tbody tr[data-kind="zero"]')).toHaveCount(1)
  const zero = pagemap.locator(`tbody tr[data-va="0x${(a + 0x2000n).toString(16)}"]`)
  await expect(zero).toHaveAttribute('data-kind', 'zero')
  await expect(zero.locator('td[data-flag="writable"]')).toHaveText('–')
  await expect(pagemap.locator(`tbody tr[data-va="0x${a.toString(16)}"] td[data-flag="dirty"]`)).toHaveText('✓')
  // The read was the last command: the zero page is new.
  await expect(zero).toHaveAttribute('data-change', 'new')
  await expect(pane.getByTestId('pt-summary')).toContainText('3 pages mapped')
  await expect(pane.getByTestId('pt-size')).toContainText(/VmPTE \d+ kB/)

  // Type $a: four levels, down to a page frame.
  await pane.getByTestId('pt-va').fill(`0x${a.toString(16)}`)
  const walk = pane.getByTestId('pt-walk')
  await expect(walk.locator('tbody tr')).toHaveCount(6)
  for (const level of ['CR3', 'PGD', 'PUD', 'PMD', 'PTE', 'page']) await expect(walk.locator(`tbody tr[data-level="${level}"]`)).toHaveCount(1)
  for (const level of ['PGD', 'PUD', 'PMD']) await expect(walk.locator(`tr[data-level="${level}"]`)).toHaveAttribute('data-outcome', 'table')
  const pte = walk.locator('tr[data-level="PTE"]')
  await expect(pte).toHaveAttribute('data-outcome', 'page')
  await expect(pte.getByTestId('pt-to')).toContainText('page frame · pfn')
  await expect(pte.locator('.flags.wide .flag', { hasText: /^RW$/ })).toHaveCount(1)
  await expect(pane.getByTestId('pt-phys')).toContainText('physical address 0x')
  // The same walk as the console's `translate`: the same page frame.
  const pfn = await pte.locator('[data-testid="pt-to"] button').innerText()
  await run(page, 'p1: translate $a')
  await expect(log).toContainText(`→ page frame ${pfn}`)
  // The tree: the PGD and one table at each level below it, all on the walk.
  await expect(pane.locator('[data-testid="pt-tree"] .line.on-path')).toHaveCount(4)

  // A pfn lights its frame in the frame map.
  await pte.locator('[data-testid="pt-to"] button').click()
  await tab(page, 'Frame map').click()
  await expect(page.getByTestId('frames-chip')).toContainText(`pfn ${pfn}`)
  await tab(page, 'Page tables').click()

  // madvise(MADV_DONTNEED) zaps the pages: the pagemap empties, the tables stay, the walk now
  // stops at the PTE.
  await run(page, 'p1: madvise $a 64K dontneed')
  await expect(live).toHaveCount(0)
  await expect(pagemap.locator('tbody tr[data-change="gone"]')).toHaveCount(3)
  await expect(pane.getByTestId('pt-summary')).toContainText('no pages mapped')
  await expect(pane.getByTestId('pt-counts')).toContainText('PTE 1')
  await expect(pte).toHaveAttribute('data-outcome', 'missing')
  await expect(pane.getByTestId('pt-fault')).toContainText('handle_mm_fault()')
  // One command later the gone pages are gone from the list too.
  await run(page, 'cat /proc/p1/statm')
  await expect(pane.getByTestId('pagemap-empty')).toContainText('No page is mapped')

  // munmap of the only mapping below 512 GiB: free_pgtables() gives its PUD, PMD and PTE tables
  // back, and the pane lists them, struck out, for one command.
  await run(page, 'b = p1: mmap 8K rw fixed_noreplace addr=0x200000000')
  await run(page, 'p1: write $b 8K')
  await expect(pane.getByTestId('pt-counts')).toContainText('PTE 2+1')
  await expect(pane.getByTestId('pt-freed')).toHaveCount(0)
  await run(page, 'p1: munmap $b 8K')
  const freed = pane.getByTestId('pt-freed')
  await expect(freed.locator('li')).toHaveCount(3)
  await expect(freed.locator('li[data-level="PTE"]')).toContainText('0x2_0000_0000 – 0x2_001f_ffff')
  await expect(pane.getByTestId('pt-counts')).toContainText('PTE 1−1')
  await run(page, 'cat /proc/p1/statm')
  await expect(freed).toHaveCount(0)
})

test('the View menu opens the pane, and a layout of the previous version gains it', async ({ page }) => {
  await page.goto(host.url)
  const t = tab(page, 'Page tables')
  await t.hover()
  await t.locator('.dv-default-tab-action').click()
  await expect(t).toHaveCount(0)
  await page.getByRole('menuitem', { name: 'View' }).click()
  await page.getByRole('menuitem', { name: 'Page tables' }).click()
  await expect(page.locator('section.pagetable-pane')).toBeVisible()
  // Closed again, and the layout saved as version 3 saved it, before this pane.
  await t.hover()
  await t.locator('.dv-default-tab-action').click()
  await page.waitForTimeout(700)
  await page.close()
  const prefs = JSON.parse(readFileSync(host.prefsPath, 'utf8')) as { layout: Record<string, unknown> }
  prefs.layout.vmlabLayoutVersion = 3
  await host.stop()
  writeFileSync(host.prefsPath, JSON.stringify(prefs))
  host = await startHost(host.prefsPath)
  const again = await page.context().newPage()
  await again.goto(host.url)
  // The pane opened beside the active one (the Console's group); closing it left another tab there in front.
  await tab(again, 'Console').click()
  await expect(again.getByRole('log', { name: 'Console' })).toContainText('This version adds panes (Page tables): they were added to your layout as tabs.')
  // Where the default puts it: beside the Frame map.
  await expect(again.locator('.dv-groupview', { has: again.locator('.dv-tab', { hasText: 'Frame map' }) }).locator('.dv-tab', { hasText: 'Page tables' })).toHaveCount(1)
  await tab(again, 'Page tables').click()
  await expect(again.locator('section.pagetable-pane')).toBeVisible()
})

test('a transparent huge page: one 2 MiB row in the pagemap, a walk that ends at the PMD, a split by mprotect', async ({ page }) => {
  await page.goto(host.url)
  await tab(page, 'Page tables').click()
  const pane = page.locator('section.pagetable-pane')
  const log = page.getByRole('log', { name: 'Console' })
  await run(page, 'machine ram=1G thp=madvise')
  await expect(log).toContainText('Memory: ')
  await run(page, 'spawn p1')
  // 4 MiB, so that a 2 MiB-aligned 2 MiB block lies inside it whatever the address.
  await run(page, 'a = p1: mmap 4M rw')
  await expect(log).toContainText(/new 0x[0-9a-f]+-0x[0-9a-f]+ rw-p/)
  const a = BigInt(/new (0x[0-9a-f]+)-/.exec(await log.innerText())![1]!)
  const h = (a + 0x1fffffn) & ~0x1fffffn
  await run(page, 'p1: madvise $a 4M hugepage')
  await run(page, `p1: write 0x${h.toString(16)} 4K`)
  await run(page, 'cat /proc/p1/smaps_rollup')
  await expect(log).toContainText('AnonHugePages:      2048 kB')

  // The pagemap: one row for the whole 2 MiB page, marked 2M.
  const pagemap = pane.locator('table.pagemap')
  const row = pagemap.locator(`tbody tr[data-va="0x${h.toString(16)}"]`)
  await expect(row).toHaveAttribute('data-kind', 'anon')
  await expect(row.locator('.huge')).toHaveText('2M')
  await expect(pane.getByTestId('pt-counts')).toContainText('PTE 0')

  // The walk stops at the PMD: its PS bit maps the page, no PTE table below.
  await pane.getByTestId('pt-va').fill(`0x${(h + 0x12345n).toString(16)}`)
  const walk = pane.getByTestId('pt-walk')
  await expect(walk.locator('tbody tr[data-level="PTE"]')).toHaveCount(0)
  const pmd = walk.locator('tr[data-level="PMD"]')
  await expect(pmd).toHaveAttribute('data-outcome', 'page')
  await expect(pmd.locator('.flags.wide .flag', { hasText: /^PS$/ })).toHaveCount(1)

  // mprotect of one 4 KiB page inside it splits the PMD into a table of 512 PTEs.
  await run(page, `p1: mprotect 0x${h.toString(16)} 4K r`)
  await expect(pane.getByTestId('pt-counts')).toContainText('PTE 1')
  await expect(walk.locator('tr[data-level="PTE"]')).toHaveAttribute('data-outcome', 'page')
  await expect(pagemap.locator('tbody tr:not([data-change="gone"]) .huge')).toHaveCount(0)
})

// The TLB pane through the real UI: a process that touched memory on CPU 0 fills its TLB; a
// kernel thread on CPU 1 runs lazily on the process's mm; the counters follow the commands.
import { expect, test, type Page } from '@playwright/test'
import { startHost, type Host } from '../support/host'

let host: Host

test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host?.stop()
})

async function type(page: Page, line: string, answer: string | RegExp): Promise<void> {
  const input = page.getByRole('textbox', { name: /VML command/ })
  await input.fill(line)
  await input.press('Enter')
  await expect(page.getByRole('log', { name: 'Console' })).toContainText(answer)
}

test('each CPU shows what it runs, CR3, lazy TLB and the entries its accesses filled', async ({ page }) => {
  await page.goto(host.url)
  await page.locator('.dv-tab', { hasText: 'TLB' }).click()
  const pane = page.locator('section.tlb-pane')
  await type(page, 'machine pcid=on', 'Memory: ')
  await type(page, 'spawn p1', 'p1: pid')
  await type(page, 'a = p1: mmap 64K rw', 'rw-p')
  await type(page, 'p1: write $a 16K', '4 new pages')
  const cpu0 = pane.locator('article.cpu-card[data-cpu="0"]')
  await expect(cpu0.getByTestId('tlb-task')).toContainText('p1')
  await expect(pane.getByTestId('tlb-pcid')).toHaveText('PCID on')
  // Four pages written: four dirty, writable entries filled in CPU 0's L1 dTLB.
  await expect(cpu0.locator('[data-array="l1"] td.way[data-state="new"]')).toHaveCount(4)
  await type(page, 'kthread kw', 'kernel thread')
  await type(page, 'run kw cpu=1', 'CPU 1: kw')
  const cpu1 = pane.locator('article.cpu-card[data-cpu="1"]')
  await expect(cpu1.getByTestId('tlb-task')).toContainText('kw')
  await expect(cpu1.getByTestId('tlb-lazy')).toHaveCount(0)
  // A switch back and forth on CPU 0 with PCID keeps p1's entries: the ASID table shows p1's slot.
  await type(page, 'run idle cpu=0', 'swapper/0')
  await expect(cpu0.getByTestId('tlb-lazy')).toBeVisible()
  await type(page, 'run p1 cpu=0', 'kept its entries')
  await expect(cpu0.getByTestId('tlb-lazy')).toHaveCount(0)
})

test('a transparent huge page fills a 2 MiB entry, and one entry covers all of it', async ({ page }) => {
  await page.goto(host.url)
  await page.locator('.dv-tab', { hasText: 'TLB' }).click()
  const pane = page.locator('section.tlb-pane')
  const log = page.getByRole('log', { name: 'Console' })
  await type(page, 'machine ram=1G thp=madvise', 'Memory: ')
  await type(page, 'spawn p1', 'p1: pid')
  await type(page, 'a = p1: mmap 4M rw', 'rw-p')
  const a = BigInt(/new (0x[0-9a-f]+)-/.exec(await log.innerText())![1]!)
  const h = (a + 0x1fffffn) & ~0x1fffffn
  await type(page, 'p1: madvise $a 4M hugepage', 'changed 0x')
  const cpu0 = pane.locator('article.cpu-card[data-cpu="0"]')
  const huge = cpu0.locator('[data-array="l1Huge"]')
  await expect(huge.getByTestId('tlb-array-empty')).toBeVisible()
  // One write faults in the 2 MiB page; the access fills the 2 MiB L1 dTLB.
  await type(page, `p1: write 0x${h.toString(16)} 4K`, '1 new 2 MiB page')
  await expect(huge.locator('td.way[data-state="new"]')).toHaveCount(1)
  // The other 511 pages of it hit that one entry: nothing new anywhere.
  await type(page, `p1: read 0x${(h + 0x1000n).toString(16)} 2044K`, '511 pages')
  await expect(cpu0.locator('td.way[data-state="new"]')).toHaveCount(0)
  await expect(huge.locator('td.way[tabindex]')).toHaveCount(1)
  await expect(huge.getByTestId('tlb-used')).toContainText('1')
})

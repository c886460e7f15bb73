// Screenshots of the app in English and in Simplified Chinese, as a student sees it after a few
// commands; the README shows the English one. The language switches at run time.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { runLines } from '../support/console'
import { startHost, type Host } from '../support/host'

const OUT = join(__dirname, '../screenshots')
let host: Host

test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
})

test('English and Chinese screenshots', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(host.url)
  const input = page.getByRole('textbox', { name: /VML command/ })
  const run = async (line: string) => {
    await input.fill(line)
    await input.press('Enter')
  }
  await run('machine ram=512M')
  await run('cat /proc/meminfo')
  await expect(page.getByRole('log', { name: 'Console' })).toContainText('DirectMap2M:')
  await run('machine ram=256M')
  await expect(page.getByTestId('status-machine')).toContainText('256 MiB')
  await run('big = alloc_pages 9')
  await run('small = alloc_pages 2 gfp=GFP_HIGHUSER_MOVABLE cpu=1')
  await run('cat /proc/buddyinfo')
  await expect(page.getByRole('log', { name: 'Console' })).toContainText('Node 0, zone    DMA32')
  await expect(page.locator('.frames-pane')).toHaveAttribute('data-allocated', '516')
  await page.locator('.dv-tab', { hasText: 'Buddy allocator' }).click()
  await page.locator('article[data-zone="DMA32"] thead button', { hasText: /^\s*9\s*$/ }).click()
  const box = (await page.locator('.frames-pane canvas').boundingBox())!
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.45)
  await expect(page.getByTestId('frame-tip')).toContainText('struct page')
  await page.screenshot({ path: join(OUT, 'app-en.png') })

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
  await expect(page.locator('.dv-tab', { hasText: '控制台' })).toBeVisible()
  await expect(page.locator('.dv-tab', { hasText: '伙伴系统' })).toBeVisible()
  await expect(page.getByText('内存区 DMA32')).toBeVisible()
  // /proc text stays as Linux prints it.
  await expect(page.getByRole('log', { name: '控制台' })).toContainText('Node 0, zone')
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.45 + 4)
  await expect(page.getByTestId('frame-tip')).toContainText('struct page')
  await page.screenshot({ path: join(OUT, 'app-zh-CN.png') })

  await page.locator('.dv-tab', { hasText: '内存信息' }).click()
  await expect(page.getByRole('table', { name: '内存信息（meminfo）' })).toBeVisible()
  await page.getByRole('combobox', { name: '语言' }).selectOption('en')
  await expect(page.locator('.dv-tab', { hasText: 'Console' })).toBeVisible()
})

test('the Slab and Vmalloc panes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(host.url)
  const input = page.getByRole('textbox', { name: /VML command/ })
  for (const line of ['machine ram=256M', 'a = kmalloc 100', 'b = kmalloc 100', 'c = kmalloc 3000', 'v = vmalloc 64K', 'w = vmalloc 12K', 'vfree $v', 'x = vmalloc 40K']) {
    await input.fill(line)
    await input.press('Enter')
  }
  await page.locator('.dv-tab', { hasText: 'Vmalloc' }).click()
  await page.locator('.vmalloc-pane tr[data-kind="busy"]').first().click()
  await page.locator('.dv-tab', { hasText: 'Slab caches' }).click()
  await page.locator('.slab-pane tr[data-cache="kmalloc-128"]').click()
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(OUT, 'slab-en.png') })
  await page.locator('.dv-tab', { hasText: 'Vmalloc' }).click()
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(OUT, 'vmalloc-en.png') })
})

test('the Processes and VMA panes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(host.url)
  const input = page.getByRole('textbox', { name: /VML command/ })
  for (const line of ['machine ram=256M', 'spawn p1', 'spawn p2', 'p2: mmap 1M r', 'a = p1: mmap 64K rw', 'b = p1: mmap 64K rw', 'p1: mprotect $b+4K 4K r']) {
    await input.fill(line)
    await input.press('Enter')
  }
  await expect(page.getByTestId('status-process')).toContainText('p1')
  await page.locator('.dv-tab', { hasText: 'Meminfo' }).click()
  await page.locator('.dv-tab', { hasText: 'VMAs' }).click()
  const vma = page.locator('section.vma-pane')
  // The page mprotect made read-only, between the two pieces split off around it.
  const middle = vma.locator('table.maps tr', { hasText: 'r--p' }).filter({ has: page.locator('.badge') })
  await expect(vma.locator('table.maps tr[data-change="split"]').first()).toBeVisible()
  await middle.click()
  await vma.locator('[data-testid="vma-strip"] .seg[data-kind="file"]').nth(6).hover()
  await page.waitForTimeout(1000) // past the flash of what the last command changed
  await page.screenshot({ path: join(OUT, 'vma-en.png') })
  // Below the table: the maple tree with the walk to the selected VMA, and the mm_struct.
  await vma.locator('[data-testid="vma-strip"] .seg.pinned').hover()
  // The root at the top of the pane: the walk from it down to the leaf slot shows whole.
  await vma.locator('.maple .node').first().evaluate((e) => e.scrollIntoView({ block: 'start', inline: 'nearest' }))
  await expect(vma.locator('.maple .node.on-path[data-type="leaf"] tr.on-path')).toBeInViewport()
  await page.waitForTimeout(1000) // past the flash of what the last command changed
  await page.screenshot({ path: join(OUT, 'vma-tree-en.png') })
  // The Processes pane: the current process highlighted; picking p2 makes it current.
  await page.locator('.dv-tab', { hasText: 'Processes' }).click()
  await page.locator('.processes-pane tbody tr', { hasText: 'p2' }).click()
  await expect(page.getByTestId('status-process')).toContainText('p2')
  await page.mouse.move(640, 780)
  await page.waitForTimeout(1000) // past the flash of what the last command changed
  await page.screenshot({ path: join(OUT, 'processes-en.png') })
})

test('the Page tables pane', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(host.url)
  // Each line after the last one's answer, as a student types them.
  await runLines(page, [
    ['machine ram=256M', 'Memory: '],
    ['spawn p1', 'p1: pid'],
    ['a = p1: mmap 64K rw', 'rw-p'],
    ['p1: write $a 8K', '2 new pages'],
    ['p1: read $a+8K 4K', '1 zero-page mapping']
  ])
  await page.locator('.dv-tab', { hasText: 'Page tables' }).click()
  const pane = page.locator('section.pagetable-pane')
  // The first page written: its walk, picked from the pagemap.
  await pane.locator('table.pagemap tbody tr[data-kind="anon"] td.addr').first().click()
  await expect(pane.getByTestId('pt-phys')).toBeVisible()
  await page.mouse.move(640, 780)
  await page.waitForTimeout(1000) // past the flash of what the last command changed
  await page.screenshot({ path: join(OUT, 'pagetable-en.png') })
  // Further down: the pagemap and the tree of tables.
  await pane.locator('table.pagemap').evaluate((e) => e.closest('details')!.scrollIntoView({ block: 'start' }))
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(OUT, 'pagetable-tree-en.png') })
})

test('the TLB pane', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(host.url)
  await runLines(page, [
    ['machine pcid=on', 'Memory: '],
    ['spawn p1', 'p1: pid'],
    ['spawn p2', 'p2: pid'],
    ['a = p1: mmap 64K rw', 'rw-p'],
    ['p1: write $a 24K', '6 new pages'],
    ['b = p2: mmap 64K rw', 'rw-p'],
    ['p2: write $b 8K', '2 new pages'],
    ['run p1 cpu=0', 'kept its entries'],
    ['p1: read $a 8K', '2 pages']
  ])
  await page.locator('.dv-tab', { hasText: 'TLB' }).click()
  await expect(page.locator('section.tlb-pane article.cpu-card[data-cpu="0"]')).toBeVisible()
  await page.mouse.move(640, 780)
  await page.waitForTimeout(1000)
  await page.screenshot({ path: join(OUT, 'tlb-en.png') })
})

test('a transparent huge page in the Page tables and TLB panes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(host.url)
  await runLines(page, [
    ['machine ram=1G thp=madvise', 'Memory: '],
    ['spawn p1', 'p1: pid'],
    ['a = p1: mmap 4M rw fixed_noreplace addr=0x200000000', 'rw-p'],
    ['p1: madvise $a 4M hugepage', 'changed 0x'],
    ['p1: write $a 8K', '1 new 2 MiB page'],
    ['p1: write $a+2M+1M 4K', '1 new 2 MiB page'],
    ['p1: mprotect $a+2M+1M 4K r', 'split'],
    ['p1: read $a+1M 4K', '1 page']
  ])
  await page.locator('.dv-tab', { hasText: 'Page tables' }).click()
  const pane = page.locator('section.pagetable-pane')
  await pane.getByTestId('pt-va').fill('0x200123456')
  await expect(pane.getByTestId('pt-phys')).toBeVisible()
  await page.mouse.move(640, 780)
  await page.waitForTimeout(1000)
  await page.screenshot({ path: join(OUT, 'pagetable-thp-en.png') })
  await pane.locator('table.pagemap').evaluate((e) => e.closest('details')!.scrollIntoView({ block: 'start' }))
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(OUT, 'pagetable-thp-tree-en.png') })
  await page.locator('.dv-tab', { hasText: 'TLB' }).click()
  await expect(page.locator('section.tlb-pane [data-array="l1Huge"] td.way[tabindex]')).toHaveCount(1)
  await page.waitForTimeout(1000)
  await page.screenshot({ path: join(OUT, 'tlb-thp-en.png') })
  // munmap of it all: free_pgtables() frees the tables below, listed under the tree.
  await runLines(page, [['p1: munmap $a 4M', 'removed 0x200301000-0x200400000']])
  await page.locator('.dv-tab', { hasText: 'Page tables' }).click()
  await expect(pane.getByTestId('pt-freed').locator('li')).toHaveCount(3)
  await pane.getByTestId('pt-freed').scrollIntoViewIfNeeded()
  await page.waitForTimeout(1000)
  await page.screenshot({ path: join(OUT, 'pagetable-freed-en.png') })
})

test('projector mode: larger type, fits 1024×768', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto(host.url)
  await page.getByRole('menuitem', { name: 'View' }).click()
  await page.getByRole('menuitem', { name: 'Projector mode' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-projector', 'on')
  expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('18px')
  const input = page.getByRole('textbox', { name: /VML command/ })
  for (const line of ['p = alloc_pages 9', 'k = kmalloc 100', 'cat /proc/buddyinfo']) {
    await input.fill(line)
    await input.press('Enter')
  }
  await page.locator('.dv-tab', { hasText: 'Buddy allocator' }).click()
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(OUT, 'projector-en.png') })
  // It is a preference: it survives a reload, and the menu turns it off again.
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-projector', 'on')
  await page.getByRole('menuitem', { name: 'View' }).click()
  await page.getByRole('menuitem', { name: 'Projector mode' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-projector', 'off')
})

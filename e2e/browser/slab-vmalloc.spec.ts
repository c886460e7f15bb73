// The Slab and Vmalloc panes through the real UI: kmalloc and vmalloc typed in the console show
// up in them, and selecting a cache or an area lights its frames in the frame map.
import { expect, test } from '@playwright/test'
import { runLine as run } from '../support/console'
import { startHost, type Host } from '../support/host'

let host: Host

test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host?.stop()
})

test('kmalloc and vmalloc show up in the Slab and Vmalloc panes', async ({ page }) => {
  await page.goto(host.url)
  await page.locator('.dv-tab', { hasText: 'Slab caches' }).click()
  await run(page, 'p = kmalloc 100')
  const row = page.locator('.slab-pane tr[data-cache="kmalloc-128"]')
  await expect(row.getByTestId('allocated')).toHaveText('1+1')
  await row.click()
  await expect(page.getByTestId('slab-detail')).toContainText('CPU slab of cpu 0')
  await expect(page.getByTestId('frames-chip')).toContainText('slabs of kmalloc-128')

  await page.locator('.dv-tab', { hasText: 'Vmalloc' }).click()
  await run(page, 'v = vmalloc 64K')
  const busy = page.locator('.vmalloc-pane tr[data-kind="busy"]')
  await expect(busy).toContainText('0xffffc90000000000')
  await expect(busy).toContainText('vmalloc, 16 pages')
  await busy.click()
  await expect(page.getByTestId('frames-chip')).toContainText('pages of 0xffffc90000000000')
  // The first page's walk through init_mm: PGD 402 for VMALLOC_START, down to a PAGE_KERNEL PTE.
  const walk = page.getByTestId('vmalloc-walk')
  await expect(walk).toContainText('PGD[402]')
  // pti=on: kernel mappings are not Global.
  await expect(walk).toContainText('P RW A D NX')
  await run(page, 'vfree $v')
  await expect(page.locator('.vmalloc-pane tr[data-kind="unpurged"]')).toHaveCount(1)
  await expect(page.locator('.vmalloc-pane tr[data-kind="busy"]')).toHaveCount(0)
})

// The frame map and the buddy pane through the real UI: alloc_pages and free_pages typed in the
// console change the frames drawn and the free-list counts; hovering a frame decodes its
// struct page; an order clicked in the buddy pane lights its blocks in the frame map.
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

test('alloc_pages and free_pages change the frame map and the buddy counts', async ({ page }) => {
  await page.goto(host.url)
  const map = page.locator('.frames-pane')
  await expect(map).toHaveAttribute('data-maxpfn', '65536')
  await expect(map).toHaveAttribute('data-allocated', '0')
  await page.locator('.dv-tab', { hasText: 'Buddy allocator' }).click()
  const dma32 = page.locator('article[data-zone="DMA32"]')
  const order10 = dma32.locator('tr.total td[data-order="10"]')
  const before = Number((await order10.innerText()).replace(/[+−].*$/s, '').trim())

  await run(page, 'p = alloc_pages 10')
  await expect(map).toHaveAttribute('data-allocated', '1024')
  await expect(map).toHaveAttribute('data-changed', /^[1-9]\d*$/)
  await expect(order10).toHaveClass(/changed/)
  expect(Number((await order10.innerText()).replace(/[+−].*$/s, '').trim())).toBe(before - 1)
  await expect(order10).toContainText('−1')

  await run(page, 'q = alloc_pages 0 cpu=1')
  await expect(map).toHaveAttribute('data-allocated', '1025')
  // CPU 1's list was empty: one batch came over from the buddy lists, one page went out.
  const cpu1 = dma32.locator('table.pcp tr[data-cpu="1"] [data-testid="pcp-count"]')
  await expect(cpu1).toHaveClass(/changed/)

  await run(page, 'free_pages $p 10')
  await run(page, 'free_pages $q 0 cpu=1')
  await expect(map).toHaveAttribute('data-allocated', '0')
  // CPU 1 keeps the rest of its batch until the lists are drained; then the block is whole.
  await run(page, 'drain_pages')
  await expect(order10).toContainText(String(before))
  await expect(page.getByRole('log', { name: 'Console' })).toContainText('freed pfn')
})

test('hovering a frame shows its struct page; clicking pins it; an order lights its blocks', async ({ page }) => {
  await page.goto(host.url)
  const canvas = page.locator('.frames-pane canvas')
  await expect(canvas).toBeVisible()
  const box = (await canvas.boundingBox())!
  // Somewhere in the middle of the map: free DMA32 memory.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3)
  const tip = page.getByTestId('frame-tip')
  await expect(tip).toContainText('struct page · pfn')
  await expect(tip).toContainText('_refcount')
  await expect(tip).toContainText('owner')
  await page.mouse.down()
  await page.mouse.up()
  await expect(page.getByTestId('frame-pinned')).toContainText('struct page · pfn')

  await page.locator('.dv-tab', { hasText: 'Buddy allocator' }).click()
  await page.locator('article[data-zone="DMA32"] thead button', { hasText: /^\s*10\s*$/ }).click()
  await expect(page.getByTestId('highlight-chip')).toContainText('order-10 blocks in DMA32')
  await page.locator('.frames-pane').press('Escape')
  await expect(page.getByTestId('highlight-chip')).toHaveCount(0)
  await expect(page.getByTestId('frame-pinned')).toHaveCount(0)
})

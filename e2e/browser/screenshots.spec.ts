// Screenshots of the app in English and in Simplified Chinese, as a student sees it after a few
// commands; the README shows the English one. The language switches at run time.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
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
  await page.goto(host.url)
  const input = page.getByRole('textbox', { name: /VML command/ })
  for (const line of ['machine ram=512M', 'cat /proc/meminfo']) {
    await input.fill(line)
    await input.press('Enter')
  }
  await expect(page.getByRole('log', { name: 'Console' })).toContainText('DirectMap2M:')
  await input.fill('machine ram=1G')
  await input.press('Enter')
  await expect(page.getByTestId('status-machine')).toContainText('1 GiB')
  await page.getByRole('row', { name: /^MemTotal/ }).hover()
  await page.screenshot({ path: join(OUT, 'app-en.png') })

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
  await expect(page.locator('.dv-tab', { hasText: '控制台' })).toBeVisible()
  await expect(page.getByRole('table', { name: '内存信息（meminfo）' })).toBeVisible()
  // /proc text stays as Linux prints it.
  await expect(page.getByRole('log', { name: '控制台' })).toContainText('MemTotal:')
  await page.screenshot({ path: join(OUT, 'app-zh-CN.png') })

  await page.getByRole('combobox', { name: '语言' }).selectOption('en')
  await expect(page.locator('.dv-tab', { hasText: 'Console' })).toBeVisible()
})

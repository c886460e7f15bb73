// The real UI through the browser host in Chromium: type VML in the console and watch the
// Meminfo pane follow the engine.
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { LAYOUT_VERSION } from '../../src-renderer/stores/layout'
import { runLine as run } from '../support/console'
import { startHost, type Host } from '../support/host'

let host: Host

// A host (and preferences file) per test: a layout one test saves must not leak into the next.
test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host?.stop()
})

function memTotalKb(text: string): number {
  const m = /^MemTotal:\s+(\d+) kB$/m.exec(text)
  if (!m) throw new Error(`no MemTotal in:\n${text}`)
  return Number(m[1])
}

test('machine ram=512M, then cat /proc/meminfo: pane and console show the new MemTotal', async ({ page }) => {
  await page.goto(host.url)
  const meminfo = page.getByRole('table', { name: 'Meminfo' })
  const memTotalRow = meminfo.getByRole('row', { name: /^MemTotal/ })
  await expect(memTotalRow).toBeVisible()
  const before = Number((await memTotalRow.getByRole('cell').first().innerText()).replace(/ kB$/, ''))

  await run(page, 'machine ram=512M')
  // The status bar and the pane follow the new machine.
  await expect(page.getByTestId('status-machine')).toContainText('512 MiB')
  await expect(memTotalRow).toHaveClass(/changed/)
  const after = Number((await memTotalRow.getByRole('cell').first().innerText()).replace(/ kB$/, ''))
  expect(after).toBeGreaterThan(before)
  // 512 MiB less what the simulated boot reserved: well under 512 MiB, well over 400 MiB.
  expect(after).toBeLessThan(512 * 1024)
  expect(after).toBeGreaterThan(400 * 1024)

  await run(page, 'cat /proc/meminfo')
  const log = page.getByRole('log', { name: 'Console' })
  await expect(log).toContainText(`MemTotal:       ${String(after).padStart(8)} kB`)
  const printed = await log.innerText()
  expect(memTotalKb(printed)).toBe(after)
  // `cat` changes nothing: no row is marked any more.
  await expect(memTotalRow).not.toHaveClass(/changed/)
})

test('console history, completion and errors', async ({ page }) => {
  await page.goto(host.url)
  const input = page.getByRole('textbox', { name: /VML command/ })
  await input.fill('mach')
  await input.press('Tab')
  await expect(input).toHaveValue('machine ')
  await input.fill('cta /proc/meminfo')
  await input.press('Enter')
  const log = page.getByRole('log', { name: 'Console' })
  await expect(log).toContainText("line 1:1: unknown command 'cta': did you mean 'cat'?")
  await expect(log.locator('.entry.error').last()).toBeVisible()
  await input.press('ArrowUp')
  await expect(input).toHaveValue('cta /proc/meminfo')
  await input.press('ArrowDown')
  await expect(input).toHaveValue('')
})

test('the layout persists between runs and can be reset', async ({ page }) => {
  await page.goto(host.url)
  await page.getByRole('menuitem', { name: 'View' }).click()
  await page.getByRole('menuitem', { name: 'VML reference' }).click()
  const reference = page.locator('section.reference-pane')
  await expect(reference).toBeVisible()
  await expect(reference).toContainText('cat PATH')
  // Close the Meminfo pane, reload: it stays closed (the layout was saved by the host).
  const meminfoTab = page.locator('.dv-tab', { hasText: 'Meminfo' })
  await meminfoTab.hover()
  await meminfoTab.locator('.dv-default-tab-action').click()
  await expect(page.getByRole('table', { name: 'Meminfo' })).toHaveCount(0)
  await page.waitForTimeout(700)
  await page.reload()
  // The reference was the active tab when the page went away: it still is.
  await expect(reference).toBeVisible()
  await expect(page.getByRole('table', { name: 'Meminfo' })).toHaveCount(0)
  // View ▸ Reset layout brings the default back.
  await page.getByRole('menuitem', { name: 'View' }).click()
  await page.getByRole('menuitem', { name: 'Reset layout' }).click()
  await expect(page.getByRole('table', { name: 'Meminfo' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: /VML command/ })).toBeVisible()
})

test('a layout saved by an earlier version is replaced by the default, and the student is told', async ({ page }) => {
  await page.goto(host.url)
  const meminfoTab = page.locator('.dv-tab', { hasText: 'Meminfo' })
  await meminfoTab.hover()
  await meminfoTab.locator('.dv-default-tab-action').click()
  await page.waitForTimeout(700)
  await page.close()
  // The same layout, as an earlier version saved it: without the version mark.
  const prefs = JSON.parse(readFileSync(host.prefsPath, 'utf8')) as { layout: Record<string, unknown> }
  expect(prefs.layout.vmlabLayoutVersion).toBe(LAYOUT_VERSION)
  delete prefs.layout.vmlabLayoutVersion
  await host.stop()
  writeFileSync(host.prefsPath, JSON.stringify(prefs))
  host = await startHost(host.prefsPath)
  const again = await page.context().newPage()
  await again.goto(host.url)
  await expect(again.getByRole('log', { name: 'Console' })).toContainText('This version adds panes')
  await expect(again.getByRole('table', { name: 'Meminfo' })).toBeVisible()
  await expect(again.locator('.dv-tab', { hasText: 'Frame map' })).toBeVisible()
})

test('a pasted script shows its progress and Esc cancels it', async ({ page }) => {
  await page.goto(host.url)
  const input = page.getByRole('textbox', { name: /VML command/ })
  await input.focus()
  const lines = 50000
  await page.evaluate((n) => {
    const data = new DataTransfer()
    data.setData('text/plain', Array.from({ length: n }, () => 'cat /proc/meminfo').join('\n'))
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, lines)
  await expect(page.getByTestId('status-engine')).toContainText('running')
  await expect(page.getByTestId('status-engine').locator('progress')).toBeVisible()
  await input.press('Escape')
  const log = page.getByRole('log', { name: 'Console' })
  await expect(log).toContainText(/Cancelled after \d+ of 50000 lines/, { timeout: 30_000 })
  await expect(page.getByTestId('status-engine')).toContainText('idle')
})

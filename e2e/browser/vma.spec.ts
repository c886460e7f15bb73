// The Processes and VMA panes through the real UI: a process spawned and a mapping made in the
// console show up in them, mprotect of one page marks the split, picking a process in the
// Processes pane makes it the current one everywhere; a layout saved before these panes existed
// keeps its arrangement and gains them.
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
const hex = (n: bigint): string => `0x${n.toString(16)}`

test('spawn, mmap and mprotect show up in the Processes and VMA panes', async ({ page }) => {
  await page.goto(host.url)
  await tab(page, 'VMAs').click()
  const vma = page.locator('section.vma-pane')
  await expect(vma.getByTestId('vma-empty')).toContainText('spawn p1')

  await run(page, 'spawn p1')
  await tab(page, 'Processes').click()
  const current = page.locator('.processes-pane tbody tr[aria-current="true"]')
  await expect(current).toContainText('p1')
  await expect(page.getByTestId('status-process')).toContainText('p1')
  // A new process owns an mm_struct of its own.
  await expect(current.locator('.mm')).toContainText(/0xffff[0-9a-f]+/)

  await run(page, 'a = p1: mmap 64K rw')
  await expect(page.getByRole('log', { name: 'Console' })).toContainText(/0x7f[0-9a-f]+/)
  // The Processes pane counts it: one more VMA, 64 KiB more VmSize.
  await expect(current.getByTestId('map-count')).toContainText('+1')
  await expect(current.getByTestId('vmsize')).toContainText('+64 KiB')

  await tab(page, 'VMAs').click()
  const fresh = vma.locator('table.maps tr[data-change="new"]')
  await expect(fresh).toHaveCount(1)
  const a = BigInt((await fresh.getAttribute('data-start'))!)
  const cells = fresh.locator('td')
  await expect(cells.nth(1)).toHaveText(`${a.toString(16)}-${(a + 0x10000n).toString(16)}`)
  await expect(cells.nth(2)).toHaveText('rw-p')
  await expect(fresh.locator('.badge')).toHaveText('new')
  await expect(vma.locator(`[data-testid="vma-strip"] .seg.changed[data-start="${hex(a)}"]`)).toHaveCount(1)

  // mprotect of one page in the middle splits the VMA into three: the page changed in place, the
  // pieces split off around it.
  await run(page, 'p1: mprotect $a+4K 4K r')
  const middle = vma.locator(`table.maps tr[data-start="${hex(a + 0x1000n)}"]`)
  await expect(middle.locator('td').nth(2)).toHaveText('r--p')
  await expect(middle).toHaveAttribute('data-change', /^(changed|split)$/)
  for (const [start, end] of [
    [a, a + 0x1000n],
    [a + 0x2000n, a + 0x10000n]
  ]) {
    const piece = vma.locator(`table.maps tr[data-start="${hex(start)}"]`)
    await expect(piece.locator('td').nth(1)).toHaveText(`${start.toString(16)}-${end.toString(16)}`)
    await expect(piece.locator('td').nth(2)).toHaveText('rw-p')
  }
  await expect(vma.locator('table.maps tr[data-change="split"]')).not.toHaveCount(0)
  await expect(vma.locator('table.maps tr[data-change="split"] .badge').first()).toHaveText('split')

  // Selecting the piece: its vm_area_struct, and its walk in the maple tree.
  await middle.click()
  const detail = vma.getByTestId('vma-detail')
  await expect(detail.locator('.flag', { hasText: /^VM_READ$/ })).toHaveCount(1)
  await expect(detail.locator('.flag', { hasText: /^VM_WRITE$/ })).toHaveCount(0)
  await expect(detail).toContainText('anonymous memory')
  await expect(vma.locator('.maple .node.on-path[data-type="leaf"] tr.on-path')).toHaveCount(1)
  await expect(vma.locator(`[data-testid="vma-strip"] [data-start="${hex(a + 0x1000n)}"]`)).toHaveClass(/pinned/)
  await vma.locator('table.maps').press('Escape')
  await expect(detail).toHaveCount(0)

  // A second process becomes current; picking p1 in the Processes pane brings it back.
  await run(page, 'spawn p2')
  await expect(page.getByTestId('status-process')).toContainText('p2')
  await expect(vma.locator('[role="status"]')).toContainText('p2')
  await tab(page, 'Processes').click()
  await page.locator('.processes-pane tbody tr', { hasText: 'p1' }).click()
  await expect(page.locator('.processes-pane tbody tr[aria-current="true"]')).toContainText('p1')
  await expect(page.getByTestId('status-process')).toContainText('p1')
  await tab(page, 'VMAs').click()
  await expect(vma.locator('[role="status"]')).toContainText('p1')
  await expect(vma.locator(`table.maps tr[data-start="${hex(a + 0x1000n)}"] td`).nth(2)).toHaveText('r--p')
})

test('the panes open from the View menu, and a layout of the previous version gains them', async ({ page }) => {
  await page.goto(host.url)
  // Close Meminfo, Processes and VMAs: the layout as a student arranged it.
  for (const name of ['Meminfo', 'Processes', 'VMAs']) {
    const t = tab(page, name)
    await t.hover()
    await t.locator('.dv-default-tab-action').click()
    await expect(t).toHaveCount(0)
  }
  await page.getByRole('menuitem', { name: 'View' }).click()
  await page.getByRole('menuitem', { name: 'VMAs' }).click()
  await expect(page.locator('section.vma-pane')).toBeVisible()
  await tab(page, 'VMAs').hover()
  await tab(page, 'VMAs').locator('.dv-default-tab-action').click()
  await page.waitForTimeout(700)
  await page.close()

  // The same layout as version 2 saved it, before the Processes and VMA panes.
  const prefs = JSON.parse(readFileSync(host.prefsPath, 'utf8')) as { layout: Record<string, unknown> }
  prefs.layout.vmlabLayoutVersion = 2
  await host.stop()
  writeFileSync(host.prefsPath, JSON.stringify(prefs))
  host = await startHost(host.prefsPath)
  const again = await page.context().newPage()
  await again.goto(host.url)
  await expect(again.getByRole('log', { name: 'Console' })).toContainText('This version adds panes (VMAs, Processes): they were added to your layout as tabs.')
  // Kept: Meminfo stays closed. Added: the two new panes, as tabs.
  await expect(tab(again, 'Frame map')).toBeVisible()
  await expect(tab(again, 'Meminfo')).toHaveCount(0)
  await expect(tab(again, 'Processes')).toBeVisible()
  await expect(tab(again, 'VMAs')).toBeVisible()
  await tab(again, 'Processes').click()
  await expect(again.locator('section.processes-pane')).toBeVisible()
})

// Typing a VML line into the console, as the student does.
import type { Page } from '@playwright/test'

export async function runLine(page: Page, line: string): Promise<void> {
  const input = page.getByRole('textbox', { name: /VML command/ })
  await input.fill(line)
  await input.press('Enter')
}

// Typing a VML line into the console, as the student does.
import { expect, type Page } from '@playwright/test'

export async function runLine(page: Page, line: string): Promise<void> {
  const input = page.getByRole('textbox', { name: /VML command/ })
  await input.fill(line)
  await input.press('Enter')
}

/** Types each line after the console showed the previous one's answer, as a student types them. */
export async function runLines(page: Page, lines: readonly (readonly [line: string, answer: string | RegExp])[]): Promise<void> {
  for (const [line, answer] of lines) {
    await runLine(page, line)
    await expect(page.getByRole('log', { name: 'Console' })).toContainText(answer)
  }
}

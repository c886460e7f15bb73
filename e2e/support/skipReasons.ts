// A Playwright reporter that prints why each skipped test was skipped (the list reporter only
// marks it "-"): the Electron tests skip where the Electron binary cannot be installed, and the
// output of the test command must say so.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'

export default class SkipReasons implements Reporter {
  private readonly lines: string[] = []

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return
    const why = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given'
    this.lines.push(`  skipped: ${test.titlePath().filter(Boolean).join(' › ')}\n    reason: ${why}`)
  }

  onEnd(): void {
    if (this.lines.length) process.stdout.write(`\nSkipped tests and why:\n${this.lines.join('\n')}\n`)
  }

  printsToStdio(): boolean {
    return true
  }
}

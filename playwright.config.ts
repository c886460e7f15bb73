import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumPath } from './e2e/support/chromium'

// Two projects: the real UI through the browser host in Chromium, and the Electron app
// (which skips, saying why, where no Electron binary can be installed).
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list'], ['./e2e/support/skipReasons.ts']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: chromiumPath(), args: chromiumArgs }
      }
    },
    { name: 'electron', testDir: 'e2e/electron' }
  ]
})

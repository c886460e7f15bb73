import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const alias = { '@shared': resolve(import.meta.dirname, 'src-shared') }

// Two projects so the run's summary shows unit and component counts apart.
export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ['src-main/worker/testing/globalSetup.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts'],
          env: { VMLAB_DEBUG_VM: '1' },
          // Correctness, not speed (speed lives in bench/): a 16 GiB boot with every invariant
          // checked may take a while on a loaded 2-core machine.
          testTimeout: 60_000
        }
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['src-renderer/**/*.test.ts']
        }
      }
    ]
  }
})

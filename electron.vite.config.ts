import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

// electron-vite only auto-detects src/main, src/preload and src/renderer: every entry is given
// explicitly, through rolldownOptions.input (build.lib.entry breaks `?modulePath` in 6.0).
const alias = { '@shared': resolve(__dirname, 'src-shared') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      // The browser host and the CLI run under the system's Node (20+), not Electron's.
      target: 'node20',
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/app/index.ts'),
          host: resolve(__dirname, 'src-main/host/index.ts'),
          cli: resolve(__dirname, 'src-main/cli/vmlab.ts')
        },
        // ws probes for optional native add-ons; it works without them.
        external: ['bufferutil', 'utf-8-validate']
      }
    }
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rolldownOptions: { input: { index: resolve(__dirname, 'src-main/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // No data: URLs: the CSP allows fonts and images from the app's own files only.
      assetsInlineLimit: 0,
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') }
    },
    plugins: [vue()]
  }
})

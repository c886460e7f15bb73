// The renderer's entry: open the bridge (Electron preload or the browser host's WebSocket),
// load preferences, then mount the app.
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import 'dockview-vue/dist/styles/dockview.css'
// Fonts ship with the app (UI.md): Latin UI, Simplified Chinese UI, monospace for /proc text.
import '@fontsource-variable/inter'
import '@fontsource-variable/noto-sans-sc'
import '@fontsource/jetbrains-mono/400.css'
import '@fontsource/jetbrains-mono/600.css'
import './styles/theme.css'
import App from './App.vue'
import { openBridge } from './bridge'
import { createAppI18n } from './i18n'
import { useEngineStore } from './stores/engine'
import { usePrefsStore } from './stores/prefs'

async function start(): Promise<void> {
  const pinia = createPinia()
  const app = createApp(App)
  app.use(pinia)
  const bridge = await openBridge()
  await useEngineStore(pinia).attach(bridge)
  const prefs = usePrefsStore(pinia)
  await prefs.load()
  app.use(createAppI18n(prefs.locale))
  app.mount('#app')
}

start().catch((e: unknown) => {
  const el = document.getElementById('app')
  if (el) {
    el.textContent = ''
    const p = document.createElement('p')
    p.className = 'fatal'
    p.textContent = `VM Lab could not start: ${e instanceof Error ? e.message : String(e)}`
    el.append(p)
  }
})

// Preferences kept by the main process (language, theme, dock layout). The UI language switches
// at run time; the /proc text itself stays as Linux prints it.

import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { DEFAULT_PREFS, type Locale, type Prefs } from '@shared/ipc/contract'
import { useEngineStore } from './engine'

export const usePrefsStore = defineStore('prefs', () => {
  const locale = ref<Locale>(DEFAULT_PREFS.locale)
  const theme = ref<Prefs['theme']>(DEFAULT_PREFS.theme)
  const projector = ref(DEFAULT_PREFS.projector)
  const layout = shallowRef<Prefs['layout']>(null)

  async function load(): Promise<void> {
    const b = useEngineStore().bridge
    if (!b) return
    const p = await b.request('prefs.get', {})
    locale.value = p.locale
    theme.value = p.theme
    projector.value = p.projector
    layout.value = p.layout
  }

  async function save(patch: Partial<Prefs>): Promise<void> {
    if (patch.locale) locale.value = patch.locale
    if (patch.theme) theme.value = patch.theme
    if (patch.projector !== undefined) projector.value = patch.projector
    if (patch.layout !== undefined) layout.value = patch.layout
    await useEngineStore().bridge?.request('prefs.set', patch)
  }

  return { locale, theme, projector, layout, load, save }
})

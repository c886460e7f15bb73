// The native application menu, built from the shared menu model in the UI language. Items whose
// feature comes in a later version are shown disabled, not faked.

import { Menu, app, type MenuItemConstructorOptions } from 'electron'
import type { Locale, MenuAction } from '@shared/ipc/contract'
import { MENUS } from '@shared/model/menu'

export function buildMenu(locale: Locale, onAction: (action: MenuAction) => void): void {
  const template: MenuItemConstructorOptions[] = MENUS.map((menu) => ({
    label: menu.label[locale],
    submenu: menu.items.map((item): MenuItemConstructorOptions => {
      if (item === 'separator') return { type: 'separator' }
      const action = item.action
      return {
        label: item.label[locale],
        accelerator: item.accelerator,
        enabled: action !== null,
        toolTip: item.disabledReason?.[locale],
        click: () => {
          if (action === 'app.quit') app.quit()
          else if (action) onAction(action)
        }
      }
    })
  }))
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

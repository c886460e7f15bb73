// The application menu, described once: Electron builds its native menu from it and the
// browser host's page draws the same menu bar. Labels in both UI languages live here so the
// native menu (built in the main process) and the page say the same words.

import type { Locale, MenuAction } from '../ipc/contract'

export interface MenuItem {
  /** A menu action the renderer or main carries out; null for an item not available yet. */
  action: MenuAction | 'app.quit' | null
  label: Record<Locale, string>
  accelerator?: string
  /** Why an item is disabled (the feature comes with a later version), shown as a tooltip. */
  disabledReason?: Record<Locale, string>
}

export interface Menu {
  id: 'file' | 'view' | 'help'
  label: Record<Locale, string>
  items: (MenuItem | 'separator')[]
}

const LATER = { en: 'Session files come in a later version of VM Lab', 'zh-CN': '会话文件将在后续版本中提供' }

export const MENUS: readonly Menu[] = [
  {
    id: 'file',
    label: { en: 'File', 'zh-CN': '文件' },
    items: [
      { action: 'session.new', label: { en: 'New session', 'zh-CN': '新建会话' }, accelerator: 'CmdOrCtrl+N' },
      { action: null, label: { en: 'Open…', 'zh-CN': '打开…' }, accelerator: 'CmdOrCtrl+O', disabledReason: LATER },
      { action: null, label: { en: 'Save', 'zh-CN': '保存' }, accelerator: 'CmdOrCtrl+S', disabledReason: LATER },
      { action: null, label: { en: 'Save As…', 'zh-CN': '另存为…' }, accelerator: 'CmdOrCtrl+Shift+S', disabledReason: LATER },
      { action: null, label: { en: 'Export…', 'zh-CN': '导出…' }, accelerator: 'CmdOrCtrl+E', disabledReason: LATER },
      'separator',
      { action: 'app.quit', label: { en: 'Quit', 'zh-CN': '退出' }, accelerator: 'CmdOrCtrl+Q' }
    ]
  },
  {
    id: 'view',
    label: { en: 'View', 'zh-CN': '视图' },
    items: [
      { action: 'view.pane.console', label: { en: 'Console', 'zh-CN': '控制台' }, accelerator: 'CmdOrCtrl+1' },
      { action: 'view.pane.meminfo', label: { en: 'Meminfo', 'zh-CN': '内存信息（meminfo）' }, accelerator: 'CmdOrCtrl+2' },
      { action: 'view.pane.reference', label: { en: 'VML reference', 'zh-CN': 'VML 参考' }, accelerator: 'CmdOrCtrl+3' },
      { action: 'view.pane.frames', label: { en: 'Frame map', 'zh-CN': '页框图' }, accelerator: 'CmdOrCtrl+4' },
      { action: 'view.pane.buddy', label: { en: 'Buddy allocator', 'zh-CN': '伙伴系统' }, accelerator: 'CmdOrCtrl+5' },
      { action: 'view.pane.slab', label: { en: 'Slab caches', 'zh-CN': 'slab 缓存' }, accelerator: 'CmdOrCtrl+6' },
      { action: 'view.pane.vmalloc', label: { en: 'Vmalloc', 'zh-CN': 'vmalloc 区' }, accelerator: 'CmdOrCtrl+7' },
      { action: 'view.pane.processes', label: { en: 'Processes', 'zh-CN': '进程' }, accelerator: 'CmdOrCtrl+8' },
      { action: 'view.pane.vma', label: { en: 'VMAs', 'zh-CN': '虚拟内存区域（VMA）' }, accelerator: 'CmdOrCtrl+9' },
      { action: 'view.pane.pagetable', label: { en: 'Page tables', 'zh-CN': '页表' }, accelerator: 'CmdOrCtrl+0' },
      { action: 'view.pane.tlb', label: { en: 'TLB', 'zh-CN': 'TLB（快表）' }, accelerator: 'CmdOrCtrl+Shift+T' },
      'separator',
      { action: 'view.resetLayout', label: { en: 'Reset layout', 'zh-CN': '重置布局' } },
      { action: 'view.projector', label: { en: 'Projector mode', 'zh-CN': '投影模式' }, accelerator: 'CmdOrCtrl+Shift+P' },
      'separator',
      { action: 'view.language.en', label: { en: 'English', 'zh-CN': 'English' } },
      { action: 'view.language.zh-CN', label: { en: '简体中文', 'zh-CN': '简体中文' } }
    ]
  },
  {
    id: 'help',
    label: { en: 'Help', 'zh-CN': '帮助' },
    items: [
      { action: 'help.reference', label: { en: 'VML reference', 'zh-CN': 'VML 参考' }, accelerator: 'F1' },
      { action: 'help.about', label: { en: 'About VM Lab', 'zh-CN': '关于 VM Lab' } }
    ]
  }
]

import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { useSelectionStore } from '../stores/selection'
import VmallocPane from './VmallocPane.vue'

describe('VmallocPane', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('lists busy, unpurged and free areas, draws the free tree, and lights a busy area’s pages', async () => {
    const engine = useEngineStore()
    engine.snapshot = {
      seq: 1,
      vmalloc: {
        areas: [
          {
            start: '0xffffc90000000000',
            end: '0xffffc90000011000',
            size: 69632,
            kind: 'busy',
            caller: 'vml_line_1+0x0/0x0 [vml]',
            pages: [7000, 7003],
            walk: [
              { level: 'PGD', table: -1, index: 402, entry: '0x0000000000004063', flags: ['P', 'RW', 'A', 'D'], pfn: 4 },
              { level: 'PUD', table: 4, index: 0, entry: '0x0000000000005063', flags: ['P', 'RW', 'A', 'D'], pfn: 5 },
              { level: 'PMD', table: 5, index: 0, entry: '0x0000000000006063', flags: ['P', 'RW', 'A', 'D'], pfn: 6 },
              { level: 'PTE', table: 6, index: 0, entry: '0x8000000001b58063', flags: ['P', 'RW', 'A', 'D', 'NX'], pfn: 7000 }
            ]
          },
          { start: '0xffffc90000011000', end: '0xffffc90000013000', size: 8192, kind: 'unpurged' },
          { start: '0xffffc90000013000', end: '0xffffe90000000000', size: 35184372006912, kind: 'free' }
        ],
        tree: { start: '0xffffc90000013000', size: 35184372006912, subtree_max_size: 35184372006912, red: false, left: null, right: null },
        lazyPages: 2,
        lazyMaxPages: 16384,
        purges: 0,
        usedPages: 16
      }
    }
    engine.previousVmalloc = { areas: [{ start: '0xffffc90000000000', end: '0xffffe90000000000', size: 35184372088832, kind: 'free' }], tree: null, lazyPages: 0, lazyMaxPages: 16384, purges: 0, usedPages: 0 }
    const w = mount(VmallocPane, { global: { plugins: [createAppI18n('en')] } })
    // Everything the last command made is marked.
    expect(w.findAll('tbody tr.changed').map((r) => r.attributes('data-kind'))).toEqual(['busy', 'unpurged', 'free'])
    expect(w.findAll('tbody tr').map((r) => r.attributes('data-kind'))).toEqual(['busy', 'unpurged', 'free'])
    expect(w.text()).toContain('16 pages in use (VmallocUsed) · 2 of 16384 lazily freed pages')
    expect(w.find('.tree .node').attributes('title')).toContain('subtree_max_size 35,184,372,006,912')
    await w.findAll('tbody tr')[0]!.trigger('click')
    expect(w.find('[data-testid="vmalloc-detail"]').text()).toContain('7000 7003')
    const walk = w.findAll('[data-testid="vmalloc-walk"] tr').map((r) => r.text())
    expect(walk[0]).toContain('PGD[402]init_top_pgt')
    expect(walk[3]).toContain('P RW A D NX→ pfn 7000')
    expect(useSelectionStore().frames?.ranges).toEqual([
      [7000, 7001],
      [7003, 7004]
    ])
  })
})

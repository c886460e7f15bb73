import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { MeminfoField } from '@shared/model/meminfo'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import MeminfoPane from './MeminfoPane.vue'

const field = (name: string, value: number, unit: 'kB' | '' = 'kB'): MeminfoField => ({ name, value, unit, text: '' })

describe('MeminfoPane', () => {
  beforeEach(() => setActivePinia(createPinia()))

  function mountWith(before: MeminfoField[] | null, now: MeminfoField[], locale: 'en' | 'zh-CN' = 'en') {
    const engine = useEngineStore()
    engine.snapshot = { seq: 1, meminfo: now }
    engine.previousMeminfo = before
    return mount(MeminfoPane, { global: { plugins: [createAppI18n(locale)] } })
  }

  it('lists every field with its value as Linux prints it and in human units', () => {
    const w = mountWith(null, [field('MemTotal', 477388), field('HugePages_Total', 0, ''), field('Hugepagesize', 2048)])
    const rows = w.findAll('tbody tr')
    expect(rows.map((r) => r.find('th').text())).toEqual(['MemTotal', 'HugePages_Total', 'Hugepagesize'])
    expect(rows[0]!.findAll('td').map((c) => c.text())).toEqual(['477388 kB', '466 MiB', ''])
    expect(rows[1]!.findAll('td')[0]!.text()).toBe('0')
    expect(rows[2]!.find('td:nth-child(3)').text()).toBe('2 MiB')
    expect(rows[2]!.find('td:nth-child(3)').attributes('title')).toBe('2,097,152 bytes')
  })

  it('shows the delta of the last command and marks changed rows', () => {
    const w = mountWith([field('MemTotal', 215000), field('MemFree', 200000), field('SwapTotal', 0)], [field('MemTotal', 477388), field('MemFree', 199996), field('SwapTotal', 0)])
    const rows = w.findAll('tbody tr')
    expect(rows[0]!.classes()).toContain('changed')
    expect(rows[0]!.find('.delta').text()).toBe('+256 MiB')
    expect(rows[1]!.find('.delta').text()).toBe('−4 KiB')
    expect(rows[1]!.find('.delta').classes()).toContain('down')
    expect(rows[2]!.classes()).not.toContain('changed')
    expect(rows[2]!.find('.delta').text()).toBe('')
    expect(w.find('[role=status]').text()).toBe('2 fields changed by the last command')
  })

  it('explains each field in a tooltip, in the UI language, with field names untranslated', () => {
    const w = mountWith(null, [field('MemTotal', 1000)], 'zh-CN')
    const th = w.find('tbody th')
    expect(th.text()).toBe('MemTotal')
    expect(th.attributes('title')).toMatch(/[\u4e00-\u9fff]/)
    expect(w.find('thead').text()).toContain('字段')
  })

  it('teaches while waiting for the engine', () => {
    const w = mountWith(null, [])
    expect(w.text()).toContain('Waiting for the engine')
  })
})

import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createAppI18n as createTlbI18n } from '../../i18n'
import { tlbNow } from './tlbFixture'
import type { Counters } from './tlbModel'
import TlbCounters from './TlbCounters.vue'

const mountCounters = (counters: Counters, before: Counters | null, locale: 'en' | 'zh-CN' = 'en') => mount(TlbCounters, { props: { counters, before }, global: { plugins: [createTlbI18n(locale)] } })
const row = (w: ReturnType<typeof mountCounters>, key: string) =>
  w
    .get(`tr[data-counter="${key}"]`)
    .findAll('th, td')
    .map((c) => c.text())

describe('TlbCounters', () => {
  it('splits lookups by where they were found, as counts and shares, with the last command’s Δ', () => {
    // A trace replay: many lookups, mostly L1 hits; the Δ tooltip gives the command's own hit rate.
    const before: Counters = { l1Hits: 900, stlbHits: 60, misses: 40, walks: 40, fullFlushes: 3, pageFlushes: 1, ipisSent: 0, ipisReceived: 1, contextSwitches: 4 }
    const now: Counters = { ...before, l1Hits: 1890, stlbHits: 70, misses: 40, ipisSent: 2, contextSwitches: 5 }
    const w = mountCounters(now, before)
    expect(w.findAll('table').map((t) => t.attributes('aria-label'))).toEqual(['Lookups', 'Flushes and switches'])
    expect(row(w, 'lookups')).toEqual(['lookups', '2,000', '', '+1000'])
    expect(row(w, 'l1Hits')).toEqual(['L1 hits', '1,890', '94.5%', '+990'])
    expect(row(w, 'stlbHits')).toEqual(['STLB hits', '70', '3.5%', '+10'])
    expect(row(w, 'misses')).toEqual(['misses', '40', '2.0%', ''])
    expect(w.get('tr[data-counter="l1Hits"] td.delta').attributes('title')).toBe('The last command: 990 of 1000 lookups (99.0%)')
    expect(row(w, 'ipisSent')).toEqual(['IPIs sent', '2', '+2'])
    expect(row(w, 'ipisReceived')).toEqual(['IPIs received', '1', ''])
    expect(w.findAll('tr.changed').map((r) => r.attributes('data-counter'))).toEqual(['lookups', 'l1Hits', 'stlbHits', 'ipisSent', 'contextSwitches'])
    expect(w.get('tr[data-counter="walks"] th').attributes('title')).toContain('Page table walks')
  })

  it('marks nothing without a before, and reads "—" for shares of no lookup', () => {
    const counters = { ...tlbNow().cpus[1]!.counters, misses: 0, walks: 0 }
    const w = mountCounters(counters, null)
    expect(w.findAll('tr.changed')).toHaveLength(0)
    expect(w.findAll('td.delta').every((d) => d.text() === '')).toBe(true)
    expect(row(w, 'l1Hits')).toEqual(['L1 hits', '0', '—', ''])
    expect(w.get('tr[data-counter="l1Hits"] td.delta').attributes('title')).toBeUndefined()
  })

  it('uses the glossary in Chinese', () => {
    const w = mountCounters(tlbNow().cpus[0]!.counters, null, 'zh-CN')
    expect(w.findAll('tbody th').map((t) => t.text())).toEqual(['查找', 'L1 命中', 'STLB 命中', '未命中', '页表遍历', '整体刷新', '单页刷新', '发出的 IPI', '收到的 IPI', '上下文切换'])
  })
})

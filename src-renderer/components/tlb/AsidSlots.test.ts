import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CpuView } from '@shared/model/mm'
import { createAppI18n as createTlbI18n } from '../../i18n'
import { tlbBefore, tlbNow } from './tlbFixture'
import { newestGens } from './tlbModel'
import AsidSlots from './AsidSlots.vue'

const mountSlots = (cpu: CpuView, before: CpuView | null, pti = true) =>
  mount(AsidSlots, { props: { cpu, before, pti, gens: newestGens({ pcid: true, pti, cpus: [cpu] }) }, global: { plugins: [createTlbI18n()] } })

describe('AsidSlots', () => {
  it('shows a slot reused for another mm: new owner and ctx_id, marked', () => {
    // `run p3 cpu=0` after p1 and p2: choose_new_asid() takes slot 3 for the new mm (ctx_id 4).
    const before = tlbNow().cpus[0]!
    const cpu: CpuView = { ...before, asid: 3, asids: before.asids.map((s) => (s.slot === 3 ? { slot: 3, ctxId: 4, tlbGen: 2, owner: 'p3' } : s)) }
    const w = mountSlots(cpu, before)
    const row = w.get('tr[data-slot="3"]')
    expect(row.findAll('td').slice(0, 5).map((c) => c.text())).toEqual(['3', '4 / 2052', 'p3', '4', '2'])
    expect(row.classes()).toEqual(expect.arrayContaining(['loaded', 'changed']))
    expect(row.findAll('.moved')).toHaveLength(3)
    expect(w.get('tr[data-slot="1"]').attributes('aria-current')).toBeUndefined()
    expect(w.find('tr[data-slot="1"] .loaded-badge').exists()).toBe(false)
  })

  it('names one PCID per ASID without PTI, and an exited owner', () => {
    const cpu = tlbBefore().cpus[0]!
    cpu.asids[2] = { ...cpu.asids[2]!, owner: null }
    const w = mountSlots(cpu, null, false)
    expect(w.findAll('tbody tr').map((r) => r.findAll('td')[1]!.text())).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(w.get('tr[data-slot="2"] .owner').text()).toBe('an exited process')
    expect(w.get('thead th:nth-child(2)').attributes('title')).toBe('The PCID the slot’s entries are tagged with: kern_pcid() = ASID + 1.')
    expect(w.findAll('tr.changed')).toHaveLength(0)
  })
})

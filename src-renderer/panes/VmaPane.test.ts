import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { VmaView } from '@shared/model/mm'
import { createAppI18n } from '../i18n'
import { useEngineStore } from '../stores/engine'
import { useSelectionStore } from '../stores/selection'
import { CAT_PID, catProcesses, catVma } from '../testing/catProcess'
import VmaPane from './VmaPane.vue'

const LIBC_TEXT = '0x7ffff7dfa000'
const mountPane = (locale: 'en' | 'zh-CN' = 'en') => mount(VmaPane, { global: { plugins: [createAppI18n(locale)] }, attachTo: document.body })

function show(vma: VmaView | null | undefined, previous: VmaView | null = null): void {
  const engine = useEngineStore()
  engine.previousVma = previous
  engine.snapshot = vma === undefined ? { seq: 5 } : { seq: 5, vma, processes: catProcesses() }
}

const widthOf = (el: { attributes(k: string): string | undefined }): number => parseFloat(/width: ([\d.e-]+)%/.exec(el.attributes('style') ?? '')![1]!)

describe('VmaPane', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    document.body.innerHTML = ''
  })

  it('prints /proc/PID/maps column for column as Linux does, and names the process', () => {
    show(catVma())
    const w = mountPane()
    expect(w.find('[role="status"]').text()).toContain('p1 · cat (pid 412)')
    expect(w.find('[role="status"]').text()).toContain('26 VMAs')
    const lines = w.findAll('table.maps tbody tr').map((r) =>
      r
        .findAll('td')
        .slice(1)
        .map((c) => c.text())
        .join(' ')
        .trim()
    )
    expect(lines[0]).toBe('555555554000-555555556000 r--p 00000000 fe:00 260131 /usr/bin/cat')
    expect(lines).toContain('555555560000-555555581000 rw-p 00000000 00:00 0 [heap]')
    expect(lines).toContain('7ffff7dfa000-7ffff7f50000 r-xp 00026000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6')
    expect(lines).toContain('7ffff7fc6000-7ffff7fc8000 r--p 00000000 00:00 0 [vvar_vclock]')
    expect(lines).toContain('7ffff7d50000-7ffff7d72000 rw-p 00000000 00:00 0')
    expect(lines.at(-2)).toBe('7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]')
    expect(lines.at(-1)).toBe('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]')
    expect(w.findAll('[data-change]')).toHaveLength(0)
  })

  it('marks what the last command did: a new VMA, the pieces of a split, a merge, and removed ranges', () => {
    // The marks of a few commands at once: a 64 KiB mmap placed below the anonymous VMA under
    // LC_CTYPE; mprotect of the first page of libc's data (changed in place, the rest split off);
    // a VMA grown into its neighbour; a munmap.
    const vma = catVma(
      { '0x7ffff7d40000': 'new', '0x7ffff7fa7000': 'changed', '0x7ffff7fa8000': 'split', '0x7ffff7fa9000': 'merged' },
      ['7ffff7d40000-7ffff7d50000 rw-p 00000000 00:00 0']
    )
    const libcData = vma.vmas.findIndex((v) => v.start === '0x7ffff7fa7000')
    vma.vmas.splice(libcData, 1, { ...vma.vmas[libcData]!, end: '0x7ffff7fa8000', perms: 'r--p', change: 'changed' }, { ...vma.vmas[libcData]!, start: '0x7ffff7fa8000', pgoff: '0x1d4', change: 'split' })
    vma.removed = [{ start: '0x7ffff7fc0000', end: '0x7ffff7fc2000' }]
    show(vma)
    const w = mountPane()
    const marked = w.findAll('table.maps [data-change]').map((r) => [r.attributes('data-start'), r.attributes('data-change'), r.find('.badge').text()])
    expect(marked).toEqual([
      ['0x7ffff7d40000', 'new', 'new'],
      ['0x7ffff7fa7000', 'changed', 'changed'],
      ['0x7ffff7fa8000', 'split', 'split'],
      ['0x7ffff7fa9000', 'merged', 'merged'],
      ['0x7ffff7fc0000', 'removed', 'removed']
    ])
    const removed = w.get('table.maps tr.gone')
    expect(removed.text()).toContain('7ffff7fc0000-7ffff7fc2000')
    expect(removed.text()).toContain('removed by the last command')
    expect(w.find('[role="status"]').text()).toContain('5 changed by the last command')
    // The strip marks the same VMAs.
    expect(w.findAll('[data-testid="vma-strip"] .seg.changed').map((s) => s.attributes('data-start'))).toEqual(['0x7ffff7d40000', '0x7ffff7fa7000', '0x7ffff7fa8000', '0x7ffff7fa9000'])
    const badge = w.get('tr[data-start="0x7ffff7d40000"] .badge')
    expect(badge.attributes('title')).toBe('Created by the last command.')
  })

  it('selects a VMA from the table, the strip or the tree: detail card, tree path, shared selection; Esc clears', async () => {
    show(catVma())
    const w = mountPane()
    const selection = useSelectionStore()
    await w.get(`table.maps tr[data-start="${LIBC_TEXT}"]`).trigger('click')
    expect(selection.vma).toEqual({ pid: CAT_PID, start: LIBC_TEXT })

    const card = w.get('[data-testid="vma-detail"]')
    expect(card.get('h4').text()).toBe('0x7fff_f7df_a000 – 0x7fff_f7f5_0000')
    expect(card.text()).toContain('1.34 MiB · 342 pages')
    expect(card.text()).toContain('0x75')
    expect(card.findAll('.flag').map((f) => f.text())).toEqual(['VM_READ', 'VM_EXEC', 'VM_MAYREAD', 'VM_MAYWRITE', 'VM_MAYEXEC'])
    expect(card.text()).toContain('0x26 pages into the file: offset 0x26000')
    expect(card.text()).toContain('/usr/lib/x86_64-linux-gnu/libc.so.6 · inode 339380 · dev fe:00')
    expect(card.text()).toContain('anon_vmaNULL — none yet')
    expect(w.get('[data-testid="vma-chip"]').text()).toContain('0x7fff_f7df_a000')

    // The walk: the root's slot that covers libc's text, then the leaf slot that holds it.
    const onPath = w.findAll('.maple .node.on-path')
    expect(onPath.map((n) => n.attributes('data-type'))).toEqual(['arange', 'leaf'])
    const leafSlot = onPath[1]!.get('tr.on-path')
    expect(leafSlot.text()).toContain('0x7ffff7f4ffff')
    expect(leafSlot.text()).toContain('libc.so.6')
    expect(onPath[0]!.findAll('tr.on-path')).toHaveLength(1)
    // The strip's segment is pinned too.
    expect(w.get(`[data-testid="vma-strip"] [data-start="${LIBC_TEXT}"]`).classes()).toContain('pinned')

    // Click in the strip: the stack.
    await w.get('[data-testid="vma-strip"] [data-start="0x7ffffffde000"]').trigger('click')
    expect(selection.vma?.start).toBe('0x7ffffffde000')
    expect(w.get('[data-testid="vma-detail"] h4').text()).toBe('0x7fff_fffd_e000 – 0x7fff_ffff_f000')
    expect(w.findAll('.maple tr.on-path').at(-1)!.text()).toContain('[stack]')

    // Click in a tree leaf: the heap.
    await w.findAll('.maple .node[data-type="leaf"] tr.pick').find((r) => r.text().includes('[heap]'))!.trigger('click')
    expect(selection.vma?.start).toBe('0x555555560000')
    expect(w.get('[data-testid="vma-detail"]').text()).toContain('heap')

    // [vsyscall] is no VMA of the mm's tree: selecting it outlines no walk.
    await w.get('table.maps tr[data-start="0xffffffffff600000"]').trigger('click')
    expect(w.findAll('.maple .on-path')).toHaveLength(0)

    // Esc clears; × unpins.
    await w.get('section.vma-pane').trigger('keydown', { key: 'Escape' })
    expect(selection.vma).toBeNull()
    expect(w.find('[data-testid="vma-detail"]').exists()).toBe(false)
    await w.get(`table.maps tr[data-start="${LIBC_TEXT}"]`).trigger('click')
    await w.get('[data-testid="vma-detail"] .x').trigger('click')
    expect(selection.vma).toBeNull()
  })

  it('hovering the strip shows the range at once, and a gap’s size', async () => {
    show(catVma())
    const w = mountPane()
    const readout = w.get('[data-testid="strip-readout"]')
    expect(readout.text()).toContain('Hover a VMA')
    await w.get('[data-testid="vma-strip"] [data-start="0x7ffff7fc8000"]').trigger('mouseenter')
    expect(readout.text()).toContain('0x7ffff7fc8000–0x7ffff7fca000 · 8 KiB (8,192 bytes) · r-xp · [vdso] · 2 pages')
    expect(useSelectionStore().hoverVma).toEqual({ pid: CAT_PID, start: '0x7ffff7fc8000' })
    // Hover is shared: the table row lights, the tree shows the walk, nothing is pinned.
    expect(w.get('table.maps tr[data-start="0x7ffff7fc8000"]').classes()).toContain('hovered')
    expect(w.findAll('.maple .node.on-path')).toHaveLength(2)
    expect(useSelectionStore().vma).toBeNull()
    // The gap between the heap and the mmap area: some 42 TiB nobody mapped.
    await w.get('[data-testid="vma-strip"] [data-gap="0x555555581000"]').trigger('mouseenter')
    expect(readout.text()).toMatch(/^0x555555581000–0x7ffff7d50000 · unmapped · 42.7 TiB/)
    await w.get('[data-testid="vma-strip"]').trigger('mouseleave')
    expect(useSelectionStore().hoverVma).toBeNull()
  })

  it('switches the strip between a logarithmic and a linear scale', async () => {
    show(catVma())
    const w = mountPane()
    const strip = () => w.get('[data-testid="vma-strip"]')
    const vclock = () => strip().get('[data-start="0x7ffff7fc6000"]')
    const gap = () => strip().get('[data-gap="0x555555581000"]')
    expect(strip().attributes('data-scale')).toBe('log')
    expect(w.get('[data-testid="scale-log"]').attributes('aria-pressed')).toBe('true')
    // Log: an 8 KiB VMA is plainly visible, and a 42 TiB gap does not swallow the strip.
    expect(widthOf(vclock())).toBeGreaterThan(1)
    expect(widthOf(gap())).toBeLessThan(25)
    expect(w.findAll('.labels span').map((s) => s.text())).toContain('libc.so.6')

    await w.get('[data-testid="scale-linear"]').trigger('click')
    expect(strip().attributes('data-scale')).toBe('linear')
    expect(w.get('[data-testid="scale-linear"]').attributes('aria-pressed')).toBe('true')
    // Linear, 0 to TASK_SIZE: 8 KiB of 128 TiB is nothing, the gap is a third of everything, and
    // the PIE sits at 2/3 of the way up.
    expect(widthOf(vclock())).toBeLessThan(1e-6)
    expect(widthOf(gap())).toBeCloseTo(33.3, 1)
    expect(parseFloat(/left: ([\d.]+)%/.exec(strip().get('[data-start="0x555555554000"]').attributes('style')!)![1]!)).toBeCloseTo(66.67, 2)
    expect(w.findAll('.labels .end').map((s) => s.text())).toEqual(['0x0', '0x555555554000', '0x7ffffffff000'])
    // [vsyscall] lies above TASK_SIZE: named, not drawn.
    expect(strip().find('[data-start="0xffffffffff600000"]').exists()).toBe(false)
    expect(w.get('.beyond').text()).toBe('above TASK_SIZE, not drawn: [vsyscall]')

    await w.get('[data-testid="scale-log"]').trigger('click')
    expect(strip().attributes('data-scale')).toBe('log')
  })

  it('shows the mm_struct: counters in pages and kB with the change of the last command, and the layout', () => {
    const now = catVma()
    const before = catVma()
    before.mm = { ...before.mm, total_vm: now.mm.total_vm - 16, map_count: now.mm.map_count - 1 }
    show(now, before)
    const w = mountPane()
    const card = w.get('[data-testid="mm-card"]')
    expect(card.text()).toContain('mm_struct 0xffff888004a3c000')
    expect(card.text()).toContain('pfn 18342')
    expect(card.text()).toContain('exe_file /usr/bin/cat')
    const total = card.get('tr[data-field="total_vm"]')
    expect(total.findAll('td').map((c) => c.text())).toEqual([String(now.mm.total_vm), `${now.mm.total_vm * 4} kB`, '+16'])
    expect(total.classes()).toContain('changed')
    expect(card.get('tr[data-field="map_count"]').text()).toContain('+1')
    expect(card.get('tr[data-field="locked_vm"]').classes()).not.toContain('changed')
    const brk = card.get('tr[data-field="start_brk"]')
    expect(brk.text()).toContain('start_brk – brk')
    expect(brk.text()).toContain('0x555555560000 – 0x555555581000')
    expect(brk.text()).toContain('132 KiB')
    expect(card.get('tr[data-field="task_size"]').text()).toContain('0x7ffffffff000')

    // The counters of another process are no "before" for this one.
    show(now, { ...before, pid: 1 })
    const other = mountPane()
    expect(other.findAll('[data-testid="mm-card"] tr.changed')).toHaveLength(0)
  })

  it('teaches which commands create a process and a mapping when there is no current process', () => {
    show(null)
    const w = mountPane()
    expect(w.get('[data-testid="vma-empty"]').text()).toBe('No current process. spawn p1 in the console creates one; p1: mmap 64K rw then maps 64 KiB of anonymous memory in it.')
    expect(w.findAll('[data-testid="vma-empty"] code').map((c) => c.text())).toEqual(['spawn p1', 'p1: mmap 64K rw'])
    expect(w.find('[data-testid="vma-strip"]').exists()).toBe(false)
    // No vma view at all (an engine without it): the same.
    show(undefined)
    expect(mountPane('zh-CN').get('[data-testid="vma-empty"]').text()).toContain('spawn p1')
  })
})

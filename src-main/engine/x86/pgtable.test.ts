import { describe, expect, it } from 'vitest'
import { DEFAULT_MACHINE } from '@shared/model/machine'
import { Machine } from '../machine'
import { FrameUse } from '@shared/model/frames'
import {
  DIRECT_MAP_START,
  IMAGE_PGTABLES,
  START_KERNEL_MAP,
  _PAGE_GLOBAL,
  _PAGE_NX,
  _PAGE_PRESENT,
  _PAGE_PSE,
  _PAGE_RW,
  _PAGE_USER,
  PageTableMap,
  W_DIRTY,
  W_NX_HI,
  W_PRESENT,
  W_RW,
  W_USER,
  entryPfn,
  wordsHi,
  wordsLo,
  wordsPfn
} from './pgtable'
import { KERNEL_IMAGE } from './sections'

const boot = (ram = 256) => new Machine({ ...DEFAULT_MACHINE, ram: ram * 1024 * 1024 }, { debug: true })
const k = KERNEL_IMAGE
const high = (phys: number) => START_KERNEL_MAP + BigInt(phys)
const leaf = (m: Machine, va: bigint) => {
  const w = m.pgtables.walk(va)
  return w[w.length - 1]!
}

describe('the kernel image mapping of init_mm', () => {
  const m = boot()

  it('links PGD 511 → level3_kernel_pgt → level2_kernel_pgt, tables in the image’s .data', () => {
    const w = m.pgtables.walk(high(k._text))
    expect(w.map((s) => [s.level, s.index])).toEqual([
      ['PGD', 511],
      ['PUD', 510],
      ['PMD', 8]
    ])
    expect(w[0]!.table).toBe(IMAGE_PGTABLES.init_top_pgt / 4096)
    expect(entryPfn(w[0]!.entry)).toBe(IMAGE_PGTABLES.level3_kernel_pgt / 4096)
    expect(entryPfn(w[1]!.entry)).toBe(IMAGE_PGTABLES.level2_kernel_pgt / 4096)
    // head_64.S links the image's PUD table with _PAGE_TABLE (U/S set), its PMD table with _KERNPG_TABLE.
    expect(w[0]!.entry & _PAGE_USER).toBe(_PAGE_USER)
    expect(w[1]!.entry & _PAGE_USER).toBe(0n)
    for (const t of Object.values(IMAGE_PGTABLES).filter((a) => a !== IMAGE_PGTABLES.level4_kernel_pgt)) {
      expect(m.memmap.use[t / 4096]).toBe(FrameUse.PGTABLE)
      expect(m.memmap.isReserved(t / 4096)).toBe(true)
    }
  })

  it('maps the text as read-only, executable 2 MiB pages at virtual = physical + __START_KERNEL_map', () => {
    const pmd = leaf(m, high(0x1400000))
    expect(pmd.level).toBe('PMD')
    expect(pmd.entry & (_PAGE_PSE | _PAGE_PRESENT)).toBe(_PAGE_PSE | _PAGE_PRESENT)
    expect(entryPfn(pmd.entry)).toBe(0x1400)
    expect(pmd.entry & (_PAGE_RW | _PAGE_NX)).toBe(0n)
    // pti=on: the image is not Global (pti_set_kernel_image_nonglobal()).
    expect(pmd.entry & _PAGE_GLOBAL).toBe(0n)
  })

  it('maps rodata read-only and no-execute, data and bss writable and no-execute', () => {
    const ro = leaf(m, high(k.__start_rodata))
    expect(ro.entry & (_PAGE_RW | _PAGE_NX)).toBe(_PAGE_NX)
    for (const phys of [k._sdata, k.__bss_start, k.__bss_stop - 4096]) {
      expect(leaf(m, high(phys)).entry & (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)).toBe(_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)
    }
    // Nothing past roundup(_brk_end, 2 MiB), nothing below _text (cleanup_highmap()).
    expect(leaf(m, high(0x3e00000)).entry).toBe(0n)
    expect(leaf(m, high(0xe00000)).entry).toBe(0n)
  })

  it('unmaps what it freed from the image mapping (PTI), splitting 2 MiB pages, and keeps the direct map', () => {
    for (const phys of [k._etext + 0x1000, k.__end_rodata + 0x1000, k.__init_begin, k.__init_end - 4096]) {
      const l = leaf(m, high(phys))
      expect(l.entry & _PAGE_PRESENT).toBe(0n)
      const d = leaf(m, DIRECT_MAP_START + BigInt(phys))
      expect(d.entry & (_PAGE_PRESENT | _PAGE_RW)).toBe(_PAGE_PRESENT | _PAGE_RW)
    }
    // The text's last page stays, now through a PTE table.
    const last = leaf(m, high(k._etext - 1))
    expect(last.level).toBe('PTE')
    expect(last.entry & (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)).toBe(_PAGE_PRESENT)
    // free_init_pages() of the SMP alternatives keeps them mapped: writable, no-execute.
    expect(leaf(m, high(k.__smp_locks)).entry & (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)).toBe(_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)
  })

  it('makes the direct-map alias of text and rodata read-only (set_memory_ro() processes the alias)', () => {
    const d = leaf(m, DIRECT_MAP_START + BigInt(k._text))
    expect(d.level).toBe('PMD')
    expect(d.entry & _PAGE_RW).toBe(0n)
    expect(d.entry & _PAGE_NX).toBe(_PAGE_NX) // the direct map is never executable
    expect(leaf(m, DIRECT_MAP_START + BigInt(k._sdata)).entry & _PAGE_RW).toBe(_PAGE_RW)
  })

  it('counts six 2 MiB splits, four of the image mapping and two of the direct map, in vmstat and DirectMap', () => {
    // Image: the PMDs holding the text's end, rodata's end, the start of initmem and the SMP
    // alternatives; direct map: the alias PMDs of the two gaps, made writable again inside
    // read-only 2 MiB pages. (The reference VM, after boot and whatever ran since, shows
    // direct_map_level2_splits 5.)
    expect(m.pgtables.splits).toEqual({ image: 4, direct: 2 })
    expect(m.vmstat.event('direct_map_level2_splits')).toBe(6)
    for (const phys of [0x2200000, 0x2e00000, 0x3600000, 0x3a00000]) expect(m.pgtables.walk(high(phys))).toHaveLength(4)
    for (const phys of [0x2200000, 0x2e00000]) expect(m.pgtables.walk(DIRECT_MAP_START + BigInt(phys))).toHaveLength(4)
    // A 2 MiB page of initmem freed whole stays one entry, not present.
    const whole = leaf(m, high(0x3800000))
    expect([whole.level, whole.entry & _PAGE_PRESENT]).toEqual(['PMD', 0n])
  })
})

describe('the 32-bit view of a page table', () => {
  it('reads and writes the same entries as the 64-bit one, PFN bits above 32 and NX included', () => {
    const map = new PageTableMap()
    const t = new BigUint64Array(512)
    map.set(7, t)
    const w = map.words.get(7)!
    for (const pfn of [0, 1, 0xfffff, 0x100000, 0x12345678, 2 ** 40 - 1]) {
      for (const nx of [false, true]) {
        w[10] = wordsLo(pfn, W_PRESENT | W_RW | W_DIRTY)
        w[11] = wordsHi(pfn, nx)
        expect(t[5]).toBe((BigInt(pfn) << 12n) | _PAGE_PRESENT | _PAGE_RW | (1n << 6n) | (nx ? _PAGE_NX : 0n))
        expect(entryPfn(t[5]!)).toBe(pfn)
        expect(wordsPfn(w[10]!, w[11]!)).toBe(pfn)
        expect((w[11]! & W_NX_HI) !== 0).toBe(nx)
      }
    }
    t[5] = (0xabcdefn << 12n) | _PAGE_PRESENT | _PAGE_USER
    expect(wordsPfn(w[10]!, w[11]!)).toBe(0xabcdef)
    expect(w[10]! & W_USER).toBe(W_USER)
    map.delete(7)
    expect(map.words.has(7)).toBe(false)
  })
})

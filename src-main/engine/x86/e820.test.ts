import { describe, expect, it } from 'vitest'
import {
  E820_TYPE_RAM,
  E820_TYPE_RESERVED,
  e820EndOfLowRamPfn,
  e820EndOfRamPfn,
  e820MemblockRanges,
  e820PrintTable,
  e820RangeUpdate,
  firecrackerE820,
  trimBiosRange
} from './e820'

const MiB = 1024 * 1024
const GiB = 1024 * MiB

// dmesg of the reference VM (Linux 6.18.44-fc, Firecracker, 24 GiB), 2026-11-25:
//   BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
//   BIOS-e820: [mem 0x000000000009fc00-0x00000000000fffff] reserved
//   BIOS-e820: [mem 0x0000000000100000-0x00000000bfffffff] usable
//   BIOS-e820: [mem 0x00000000eec00000-0x00000000febfffff] reserved
//   BIOS-e820: [mem 0x0000000100000000-0x000000063fffffff] usable
//   e820: update [mem 0x00000000-0x00000fff] usable ==> reserved
//   last_pfn = 0x640000 max_arch_pfn = 0x400000000
//   last_pfn = 0xc0000 max_arch_pfn = 0x400000000
//   Early memory node ranges
//     node   0: [mem 0x0000000000001000-0x000000000009efff]
//     node   0: [mem 0x0000000000100000-0x00000000bfffffff]
//     node   0: [mem 0x0000000100000000-0x000000063fffffff]
const REFERENCE_BIOS_E820 = [
  '[mem 0x0000000000000000-0x000000000009fbff] usable',
  '[mem 0x000000000009fc00-0x00000000000fffff] reserved',
  '[mem 0x0000000000100000-0x00000000bfffffff] usable',
  '[mem 0x00000000eec00000-0x00000000febfffff] reserved',
  '[mem 0x0000000100000000-0x000000063fffffff] usable'
]

describe('the Firecracker e820 map', () => {
  it('is the reference VM’s map for 24 GiB', () => {
    expect(e820PrintTable(firecrackerE820(24 * GiB))).toEqual(REFERENCE_BIOS_E820)
  })

  it.each([
    // ram, usable entries after trim_bios_range as pfn ranges, max_pfn
    [128 * MiB, [[1, 0x9f], [0x100, 0x8000]], 0x8000],
    [256 * MiB, [[1, 0x9f], [0x100, 0x10000]], 0x10000],
    [3 * GiB, [[1, 0x9f], [0x100, 0xc0000]], 0xc0000],
    [4 * GiB, [[1, 0x9f], [0x100, 0xc0000], [0x100000, 0x140000]], 0x140000],
    [24 * GiB, [[1, 0x9f], [0x100, 0xc0000], [0x100000, 0x640000]], 0x640000]
  ])('gives memblock.memory and max_pfn for %i bytes', (ram, ranges, maxPfn) => {
    const table = trimBiosRange(firecrackerE820(ram))
    expect(e820MemblockRanges(table).map((r) => [r.start, r.end])).toEqual(ranges)
    expect(e820EndOfRamPfn(table)).toBe(maxPfn)
    expect(e820EndOfLowRamPfn(table)).toBe(Math.min(maxPfn, 0xc0000))
  })

  it('reserves page 0 as trim_bios_range() does, leaving the rest of the base RAM usable', () => {
    const table = trimBiosRange(firecrackerE820(256 * MiB))
    expect(e820PrintTable(table).slice(0, 3)).toEqual([
      '[mem 0x0000000000000000-0x0000000000000fff] reserved',
      '[mem 0x0000000000001000-0x000000000009fbff] usable',
      '[mem 0x000000000009fc00-0x00000000000fffff] reserved'
    ])
  })

  it('lists the PCI ECAM window as reserved whatever the RAM size, and no RAM in the 3–4 GiB hole', () => {
    for (const ram of [256 * MiB, 8 * GiB]) {
      const t = firecrackerE820(ram)
      expect(t.some((e) => e.addr === 0xeec00000 && e.type === E820_TYPE_RESERVED)).toBe(true)
      expect(t.some((e) => e.type === E820_TYPE_RAM && e.addr < 4 * GiB && e.addr + e.size > 3 * GiB)).toBe(false)
    }
  })

  it('splits and merges entries when a range changes type', () => {
    const t = e820RangeUpdate(firecrackerE820(256 * MiB), 0x2000, 0x1000, E820_TYPE_RAM, E820_TYPE_RESERVED)
    expect(e820PrintTable(t).slice(0, 3)).toEqual([
      '[mem 0x0000000000000000-0x0000000000001fff] usable',
      '[mem 0x0000000000002000-0x0000000000002fff] reserved',
      '[mem 0x0000000000003000-0x000000000009fbff] usable'
    ])
    const back = e820RangeUpdate(t, 0x2000, 0x1000, E820_TYPE_RESERVED, E820_TYPE_RAM)
    expect(back).toEqual(firecrackerE820(256 * MiB))
  })
})

import { describe, expect, it } from 'vitest'
import { e820MemblockRanges, firecrackerE820, trimBiosRange } from '../x86/e820'
import {
  MAX_NR_ZONES,
  WMARK_HIGH,
  WMARK_LOW,
  WMARK_MIN,
  WMARK_PROMO,
  calculateMinFreeKbytes,
  freeAreaInit,
  hugepageInit,
  initPerZoneWmarkMin,
  zoneLimits,
  calculateTotalreservePages,
  emptyZone,
  intSqrt,
  recommendedMinFreeKbytes,
  setupPerZoneLowmemReserve,
  setupPerZoneWmarks,
  type Zone
} from './zone'

// /proc/zoneinfo and /proc/sys/vm of the reference VM (Linux 6.18.44-fc, 2 CPUs, 24 GiB,
// THP madvise), read on 2026-11-25:
//   DMA     start_pfn 1       spanned 4095    present 3998    managed 3840
//           min 47   low 58    high 69    promo 80     protection (0, 3018, 5322, 5322, 5322)
//   DMA32   start_pfn 4096    spanned 1044480 present 782336  managed 772808
//           min 9555 low 11943 high 14331 promo 16719  protection (0, 0, 2304, 2304, 2304)
//   Normal  start_pfn 1048576 spanned 5505024 present 5505024 managed 589824
//           min 7292 low 9115  high 10938 promo 12761  protection (0, 0, 0, 0, 0)
//   Movable spanned 0 managed 0  min 32 low 32 high 32 promo 32;  Device: all 0
//   vm.min_free_kbytes 67584, vm.watermark_scale_factor 10, lowmem_reserve_ratio 256 256 32 0 0
// (Normal's managed is low because that kernel initialises most of its memmap lazily,
// deferred_init=lazy; the watermarks follow the managed counts, whatever they are.)
const REFERENCE_WMARKS = [
  [47, 58, 69, 80],
  [9555, 11943, 14331, 16719],
  [7292, 9115, 10938, 12761],
  [32, 32, 32, 32],
  [0, 0, 0, 0]
]
function referenceZones(): Zone[] {
  const managed = [3840, 772808, 589824, 0, 0]
  return managed.map((m, i) => ({ ...emptyZone(i), managed_pages: m, present_pages: m, spanned_pages: m }))
}

describe('zones of the reference VM (mm/mm_init.c: free_area_init)', () => {
  it('span and present pages come out of its e820 map as /proc/zoneinfo shows them', () => {
    const memory = e820MemblockRanges(trimBiosRange(firecrackerE820(24 * 1024 ** 3)))
    const zones = freeAreaInit(zoneLimits(0x640000), memory)
    expect(zones.map((z) => [z.name, z.zone_start_pfn, z.spanned_pages, z.present_pages])).toEqual([
      ['DMA', 1, 4095, 3998],
      ['DMA32', 4096, 1044480, 782336],
      ['Normal', 1048576, 5505024, 5505024],
      ['Movable', 0, 0, 0],
      ['Device', 0, 0, 0]
    ])
  })

  it('has no Normal zone on a machine below 4 GiB', () => {
    const memory = e820MemblockRanges(trimBiosRange(firecrackerE820(256 * 1024 ** 2)))
    const zones = freeAreaInit(zoneLimits(0x10000), memory)
    expect(zones.map((z) => [z.zone_start_pfn, z.spanned_pages, z.present_pages])).toEqual([
      [1, 4095, 3998],
      [4096, 61440, 61440],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ])
  })
})

describe('watermarks (mm/page_alloc.c)', () => {
  it('come out of the boot sequence with the reference VM’s values: init_per_zone_wmark_min, then khugepaged', () => {
    const zones = referenceZones()
    const s = { min_free_kbytes: 0, watermark_scale_factor: 10, lowmem_reserve_ratio: [256, 256, 32, 0, 0] }
    initPerZoneWmarkMin(zones, s)
    // postcore_initcall: 4·sqrt(lowmem kB) = 9351 kB, which THP then raises.
    expect(s.min_free_kbytes).toBe(9351)
    const totalram = zones.reduce((n, z) => n + z.managed_pages, 0)
    expect(hugepageInit(zones, s, 'madvise', totalram)).toBe('madvise')
    expect(s.min_free_kbytes).toBe(67584)
    expect(zones.map((z) => z._watermark.slice(WMARK_MIN, WMARK_PROMO + 1))).toEqual(REFERENCE_WMARKS)
    expect(zones.map((z) => z.lowmem_reserve)).toEqual([
      [0, 3018, 5322, 5322, 5322],
      [0, 0, 2304, 2304, 2304],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0]
    ])
  })

  it('switch THP off below 512 MiB of RAM and keep the first min_free_kbytes (hugepage_init)', () => {
    const zones = [emptyZone(0), emptyZone(1), emptyZone(2), emptyZone(3), emptyZone(4)]
    zones[0]!.managed_pages = zones[0]!.present_pages = 3840
    zones[1]!.managed_pages = zones[1]!.present_pages = 48925
    const s = { min_free_kbytes: 0, watermark_scale_factor: 10, lowmem_reserve_ratio: [256, 256, 32, 0, 0] }
    initPerZoneWmarkMin(zones, s)
    expect(s.min_free_kbytes).toBe(intSqrt((3840 + 48925) * 4 * 16))
    expect(hugepageInit(zones, s, 'madvise', 3840 + 48925)).toBe('never')
    expect(s.min_free_kbytes).toBe(intSqrt((3840 + 48925) * 4 * 16))
  })

  it('recompute min_free_kbytes above the high watermarks when THP is off (set_recommended_min_free_kbytes)', () => {
    const zones = referenceZones()
    const s = { min_free_kbytes: 0, watermark_scale_factor: 10, lowmem_reserve_ratio: [256, 256, 32, 0, 0] }
    initPerZoneWmarkMin(zones, s)
    const high = zones.slice(0, 3).reduce((n, z) => n + z._watermark[WMARK_HIGH], 0)
    const totalram = zones.reduce((n, z) => n + z.managed_pages, 0)
    expect(hugepageInit(zones, s, 'never', totalram)).toBe('never')
    expect(s.min_free_kbytes).toBe(intSqrt((totalram - high) * 4 * 16))
    expect(s.min_free_kbytes).toBeLessThan(9351)
  })

  it('reproduce the reference VM’s min/low/high from min_free_kbytes', () => {
    const zones = referenceZones()
    setupPerZoneWmarks(zones, 67584, 10)
    expect(zones.map((z) => z._watermark.slice(WMARK_MIN, WMARK_HIGH + 1))).toEqual([
      [47, 58, 69],
      [9555, 11943, 14331],
      [7292, 9115, 10938],
      [32, 32, 32],
      [0, 0, 0]
    ])
  })

  it('reproduce the reference VM’s lowmem_reserve (protection)', () => {
    const zones = referenceZones()
    setupPerZoneLowmemReserve(zones, [256, 256, 32, 0, 0])
    expect(zones[0]!.lowmem_reserve).toEqual([0, 3018, 5322, 5322, 5322])
    expect(zones[1]!.lowmem_reserve).toEqual([0, 0, 2304, 2304, 2304])
    expect(zones[2]!.lowmem_reserve).toEqual([0, 0, 0, 0, 0])
  })

  it('raise min_free_kbytes for THP to two pageblocks per zone plus fallbacks: 67584 kB for 3 zones', () => {
    const zones = referenceZones()
    expect(recommendedMinFreeKbytes(zones, 11000)).toBe(67584)
    // Never more than 5 % of lowmem: a small machine gets less.
    const small = [emptyZone(0), emptyZone(1), emptyZone(2), emptyZone(3), emptyZone(4)]
    small[0]!.managed_pages = small[0]!.present_pages = 3840
    small[1]!.managed_pages = small[1]!.present_pages = 50000
    expect(recommendedMinFreeKbytes(small, 1000)).toBe(Math.floor(53840 / 20) * 4)
    // and it only ever raises
    expect(recommendedMinFreeKbytes(zones, 100000)).toBe(100000)
  })

  it('compute min_free_kbytes as 4·sqrt(lowmem kB), clamped', () => {
    const zones = referenceZones()
    const lowmem = (3840 + 772808 + 589824) * 4
    expect(calculateMinFreeKbytes(zones)).toBe(Math.min(intSqrt(lowmem * 16), 262144))
    expect(calculateMinFreeKbytes([{ ...emptyZone(0), managed_pages: 10 }])).toBe(128)
  })

  it('count totalreserve_pages as the largest protection plus high, capped by the zone', () => {
    const zones = referenceZones()
    setupPerZoneWmarks(zones, 67584, 10)
    setupPerZoneLowmemReserve(zones, [256, 256, 32, 0, 0])
    expect(calculateTotalreservePages(zones)).toBe(Math.min(5322 + 69, 3840) + (2304 + 14331) + 10938)
    expect(zones).toHaveLength(MAX_NR_ZONES)
    expect(zones[0]!._watermark[WMARK_LOW]).toBe(58)
  })
})

import { describe, expect, it } from 'vitest'
import {
  MAX_NR_ZONES,
  WMARK_HIGH,
  WMARK_LOW,
  WMARK_MIN,
  calculateMinFreeKbytes,
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
//   DMA     managed 3840    min 47   low 58    high 69     protection (0, 3018, 5322, 5322, 5322)
//   DMA32   managed 772808  min 9555 low 11943 high 14331  protection (0, 0, 2304, 2304, 2304)
//   Normal  managed 589824  min 7292 low 9115  high 10938  protection (0, 0, 0, 0, 0)
//   Movable managed 0       min 32   low 32    high 32
//   vm.min_free_kbytes 67584, vm.watermark_scale_factor 10, lowmem_reserve_ratio 256 256 32 0 0
function referenceZones(): Zone[] {
  const managed = [3840, 772808, 589824, 0, 0]
  return managed.map((m, i) => ({ ...emptyZone(i), managed_pages: m, present_pages: m, spanned_pages: m }))
}

describe('watermarks (mm/page_alloc.c)', () => {
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

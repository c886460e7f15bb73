import { describe, expect, it } from 'vitest'
import { calculateNormalThreshold, nrPcpAlloc, orderToPindex, pindexToOrder, zoneBatchsize, zoneHighsize, newPcp } from './pcp'
import { emptyZone, type Zone } from './zone'

function zone(managed: number, low: number): Zone {
  const z = emptyZone(1)
  z.managed_pages = managed
  z._watermark = [0, low, 0, 0]
  return z
}

describe('per-CPU list sizes (zone_batchsize, zone_highsize, calculate_normal_threshold)', () => {
  // The reference machine's /proc/zoneinfo (fixtures/zoneinfo-6.18.44-fc.txt), 2 CPUs:
  //   DMA    managed 3840,   low 53    → batch 1,  high_min 26,   high_max 240,   threshold 4
  //   DMA32  managed 772808, low 10898 → batch 63, high_min 5449, high_max 48300, threshold 24
  //   Normal managed 720896, low 10166 → batch 63, high_min 5083, high_max 45056, threshold 24
  it.each([
    [3840, 53, 1, 26, 240, 4],
    [772808, 10898, 63, 5449, 48300, 24],
    [720896, 10166, 63, 5083, 45056, 24]
  ])('managed %i, low %i → batch %i, high_min %i, high_max %i, threshold %i', (managed, low, batch, highMin, highMax, threshold) => {
    const z = zone(managed, low)
    const b = Math.max(1, zoneBatchsize(z))
    expect(b).toBe(batch)
    expect(zoneHighsize(z, b, 2, 0)).toBe(highMin)
    expect(zoneHighsize(z, b, 2, 8)).toBe(highMax)
    expect(calculateNormalThreshold(z, 2)).toBe(threshold)
  })

  it('gives orders 0–3 one list per migratetype and THP two', () => {
    const seen = new Set<number>()
    for (let order = 0; order <= 3; order++) for (let mt = 0; mt < 3; mt++) seen.add(orderToPindex(mt, order))
    seen.add(orderToPindex(0, 9))
    seen.add(orderToPindex(1, 9))
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(14).keys()])
    expect(pindexToOrder(orderToPindex(2, 3))).toBe(3)
    expect(pindexToOrder(orderToPindex(1, 9))).toBe(9)
  })

  it('refills an empty list with a batch, grows high by it, and doubles the next batch', () => {
    const z = zone(772808, 10898)
    const p = newPcp(0)
    Object.assign(p, { high_min: 5449, high_max: 48300, batch: 63 })
    expect(nrPcpAlloc(p, z, 0)).toBe(63)
    expect(p.high).toBe(5449 + 63)
    expect(p.alloc_factor).toBe(1)
    expect(nrPcpAlloc(p, z, 0)).toBe(126)
    // Order 3 takes batch >> 3 blocks, at least 2.
    expect(nrPcpAlloc(p, z, 3)).toBe(7)
  })
})

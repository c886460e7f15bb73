import { describe, expect, it } from 'vitest'
import { Prng } from './prng'

describe('Prng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Prng(1)
    const b = new Prng(1)
    const c = new Prng(2)
    const xs = [a.u32(), a.u32(), a.u32()]
    expect([b.u32(), b.u32(), b.u32()]).toEqual(xs)
    expect(c.u32()).not.toBe(xs[0])
  })

  it('draws below a bound, covering it', () => {
    const p = new Prng(7)
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const v = p.below(10)
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThan(10)
      seen.add(v)
    }
    expect(seen.size).toBe(10)
  })
})

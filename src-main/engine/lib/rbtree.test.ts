import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RbTree } from './rbtree'

describe('RbTree', () => {
  it('keeps order, balance and the augmented maximum through random inserts and erases', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 1000 })), { maxLength: 300 }), (ops) => {
        const t = new RbTree<{ w: number }>((v) => v.w)
        const ref = new Map<number, number>()
        for (const [ins, key, w] of ops) {
          if (ins && !ref.has(key)) {
            t.insert(key, { w })
            ref.set(key, w)
          } else if (!ins && ref.has(key)) {
            t.erase(t.find(key)!)
            ref.delete(key)
          }
          t.check()
        }
        expect(t.size).toBe(ref.size)
        expect([...t.values()].map((v) => v.w)).toEqual([...ref.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w))
        expect(RbTree.aug(t.root)).toBe(ref.size ? Math.max(...ref.values()) : 0)
      }),
      { numRuns: 100, seed: 3 }
    )
  })

  it('finds the floor of a key and follows a changed value', () => {
    const t = new RbTree<{ w: number }>((v) => v.w)
    for (const k of [10, 20, 30]) t.insert(k, { w: k })
    expect(t.floor(25)!.key).toBe(20)
    expect(t.floor(5)).toBeNull()
    const n = t.find(10)!
    n.value.w = 99
    t.changed(n)
    t.check()
    expect(RbTree.aug(t.root)).toBe(99)
  })
})

// Tests of the maple tree, ported from the kernel's own (lib/test_maple_tree.c and
// tools/testing/radix-tree/maple.c): loads at every boundary, stores and erases, spanning stores
// across many nodes, the kernel's fuzzer-found sequences, iteration forward and back, gap
// searches forward and reverse with their exact expected results, structural checks (where a
// node splits, the tree's height) that pin the shape to the kernel's, and a property test against
// a sorted list of ranges with mt_validate() after every step. Entries are bigints, standing for
// the kernel's xa_mk_value(n).

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  EBUSY,
  EEXIST,
  EINVAL,
  MA_STATE,
  MM_MT_FLAGS,
  MT_FLAGS_ALLOC_RANGE,
  MT_FLAGS_USE_RCU,
  MapleTree,
  ULONG_MAX,
  mas_empty_area,
  mas_empty_area_rev,
  mas_erase,
  mas_find,
  mas_find_rev,
  mas_for_each,
  mas_next,
  mas_pause,
  mas_prev,
  mas_reset,
  mas_set,
  mas_set_range,
  mas_store,
  mas_store_gfp,
  mas_walk,
  mt_clear_in_rcu,
  mt_find,
  mt_for_each,
  mt_height,
  mt_init_flags,
  mt_set_in_rcu,
  mtree_alloc_range,
  mtree_alloc_rrange,
  mtree_destroy,
  mtree_dup,
  mtree_empty,
  mtree_erase,
  mtree_insert,
  mtree_insert_range,
  mtree_load,
  mtree_store,
  mtree_store_range,
  ma_active,
  ma_none,
  ma_overflow,
  ma_root,
  ma_underflow,
  wr_split_store,
  STORE_TYPE_NAMES,
  type MaState
} from './maple_tree'
import { Prng } from '../lib/prng'
import { mt_validate } from './validate'
import { mt_dump, mt_ranges, mt_view, type MapleNodeView } from './view'

type Tree = MapleTree<bigint>
const X = (v: number | bigint): bigint => BigInt(v)
/** xa_mk_value() */
const V = X
/** XA_ZERO_ENTRY: occupies its range (a reserved entry), distinct from every value. */
const ZERO = -1n
/** MTREE_ALLOC_MAX in lib/test_maple_tree.c */
const MTREE_ALLOC_MAX = 0x2000000000000n

function tree(flags = 0): Tree {
  return new MapleTree<bigint>(flags)
}

function check_load(mt: Tree, index: number | bigint, ptr: number | bigint | null): void {
  const got = mtree_load(mt, X(index))
  expect(got, `load ${index}`).toBe(ptr == null ? null : X(ptr))
}

/** check_store_range(): store, validate, and load every index of the range back. */
function check_store_range(mt: Tree, start: number | bigint, end: number | bigint, ptr: number | bigint | null, expected = 0): void {
  const ret = mtree_store_range(mt, X(start), X(end), ptr == null ? null : X(ptr))
  expect(ret).toBe(expected)
  mt_validate(mt)
  if (ret) return
  if (X(end) - X(start) < 2000n) for (let i = X(start); i <= X(end); i++) check_load(mt, i, ptr)
  else for (const i of [X(start), X(end)]) check_load(mt, i, ptr)
}

function check_insert_range(mt: Tree, start: number | bigint, end: number | bigint, ptr: number | bigint, expected = 0): void {
  const ret = mtree_insert_range(mt, X(start), X(end), X(ptr))
  expect(ret).toBe(expected)
  mt_validate(mt)
  if (ret) return
  if (X(end) - X(start) < 2000n) for (let i = X(start); i <= X(end); i++) check_load(mt, i, ptr)
}

/** check_seq(): insert 0..max one index at a time, loading back what is there. */
function check_seq(mt: Tree, max: number, full = true): void {
  expect(mtree_empty(mt)).toBe(true)
  for (let i = 0; i <= max; i++) {
    expect(mtree_insert(mt, X(i), V(i))).toBe(0)
    if (full) for (let j = 0; j <= i; j++) check_load(mt, j, j)
    else check_load(mt, i, i)
    if (i) expect(mt_height(mt)).not.toBe(0)
    check_load(mt, i + 1, null)
  }
  mt_validate(mt)
}

/** A node's children in a view. */
const kids = (n: MapleNodeView): MapleNodeView[] => n.slots.filter((s): s is MapleNodeView => s.kind === 'node')

// ---------------------------------------------------------------------------------------------
// The reference model: the entries as a sorted list of disjoint ranges.

interface Range {
  first: bigint
  last: bigint
  v: bigint
}

class RangeModel {
  ranges: Range[] = []

  store(first: bigint, last: bigint, v: bigint | null): void {
    const out: Range[] = []
    for (const r of this.ranges) {
      if (r.last < first || r.first > last) {
        out.push(r)
        continue
      }
      if (r.first < first) out.push({ first: r.first, last: first - 1n, v: r.v })
      if (r.last > last) out.push({ first: last + 1n, last: r.last, v: r.v })
    }
    if (v != null) out.push({ first, last, v })
    out.sort((a, b) => (a.first < b.first ? -1 : 1))
    this.ranges = out
  }

  find(index: bigint): Range | undefined {
    return this.ranges.find((r) => r.first <= index && index <= r.last)
  }

  erase(index: bigint): bigint | null {
    const r = this.find(index)
    if (!r) return null
    this.ranges = this.ranges.filter((x) => x !== r)
    return r.v
  }

  /** The empty runs of indices, in order. */
  gaps(): { first: bigint; last: bigint }[] {
    const out: { first: bigint; last: bigint }[] = []
    let next = 0n
    for (const r of this.ranges) {
      if (r.first > next) out.push({ first: next, last: r.first - 1n })
      next = r.last + 1n
    }
    if (next <= ULONG_MAX) out.push({ first: next, last: ULONG_MAX })
    return out
  }

  /** What mas_empty_area() (fwd) or mas_empty_area_rev() must answer. */
  emptyArea(min: bigint, max: bigint, size: bigint, fwd: boolean): { index: bigint; last: bigint } | number {
    if (min > max || size === 0n || max - min < size - 1n) return -EINVAL
    const gaps = this.gaps()
    if (!fwd) gaps.reverse()
    for (const g of gaps) {
      const lo = g.first > min ? g.first : min
      const hi = g.last < max ? g.last : max
      if (hi < lo || hi - lo + 1n < size) continue
      return fwd ? { index: lo, last: lo + size - 1n } : { index: hi - size + 1n, last: hi }
    }
    return -EBUSY
  }
}

function expectSameAsModel(mt: Tree, m: RangeModel): void {
  mt_validate(mt)
  expect(mt_ranges(mt).map((r) => [r.index, r.last, r.entry])).toEqual(m.ranges.map((r) => [r.first, r.last, r.v]))
}

// ---------------------------------------------------------------------------------------------

describe('maple tree: loads and stores', () => {
  it('keeps a lone entry at index 0 in the root pointer and expands the root when needed (check_root_expand)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    const mas = MA_STATE(mt, 0n, 0n)
    mas_set(mas, 3n)
    expect(mas_walk(mas)).toBeNull()
    expect([mas.index, mas.last]).toEqual([0n, ULONG_MAX])

    mas_set(mas, 1n)
    expect(mas_store_gfp(mas, 7n)).toBe(0)
    mas_set(mas, 0n)
    expect(mas_walk(mas)).toBeNull()
    mas_set(mas, 1n)
    expect(mas_walk(mas)).toBe(7n)
    mas_set(mas, 2n)
    expect(mas_walk(mas)).toBeNull()
    mt_validate(mt)
    mtree_destroy(mt)

    // A single entry at index 0 is the root pointer itself: no node.
    mt_init_flags(mt, 0)
    mas_set(mas, 0n)
    mas_store_gfp(mas, 9n)
    expect(mt.ma_root).toBe(9n)
    expect(mt.nodes).toBe(0)
    expect(mt_height(mt)).toBe(0)
    mas_set(mas, 5n)
    expect(mas_walk(mas)).toBeNull()
    expect([mas.index, mas.last]).toEqual([1n, ULONG_MAX])
    mas_set_range(mas, 0n, 100n)
    expect(mas_walk(mas)).toBe(9n)
    expect(mas.last).toBe(0n)
    mas_set(mas, 0n)
    expect(mas_next(mas, ULONG_MAX)).toBeNull()
    mas_set(mas, 1n)
    expect(mas_prev(mas, 0n)).toBe(9n)
    expect([mas.index, mas.last]).toEqual([0n, 0n])

    // Storing beside the root entry expands the root into a leaf.
    expect(mtree_store(mt, 5n, 10n)).toBe(0)
    expect(mt_height(mt)).toBe(1)
    expect(mt.nodes).toBe(1)
    check_load(mt, 0, 9)
    check_load(mt, 1, null)
    check_load(mt, 5, 10)
    check_load(mt, 6, null)
    mt_validate(mt)
    // Erasing everything empties the tree: no node is left.
    expect(mtree_erase(mt, 5n)).toBe(10n)
    expect(mtree_erase(mt, 0n)).toBe(9n)
    expect(mtree_empty(mt)).toBe(true)
    expect(mt.nodes).toBe(0)
    expect(mt_height(mt)).toBe(0)
  })

  it('loads every range at its first index, its last index and one past it, up to 2^64 - 1', () => {
    const mt = tree()
    const ranges: [bigint, bigint][] = [
      [0x1000n, 0x1fffn],
      [0x555555554000n, 0x555555556fffn],
      [0x7ffff7fc3000n, 0x7ffff7fc4fffn],
      [0x7ffffffde000n, 0x7fffffffefffn],
      [0xffff_8000_0000_0000n, 0xffff_ffff_ffff_fffen],
      [ULONG_MAX, ULONG_MAX]
    ]
    ranges.forEach(([a, b], i) => expect(mtree_store_range(mt, a, b, X(i + 1))).toBe(0))
    mt_validate(mt)
    ranges.forEach(([a, b], i) => {
      check_load(mt, a - 1n, i > 0 && ranges[i - 1]![1] === a - 1n ? i : null)
      check_load(mt, a, i + 1)
      check_load(mt, b, i + 1)
      if (b < ULONG_MAX) check_load(mt, b + 1n, ranges[i + 1]?.[0] === b + 1n ? i + 2 : null)
    })
    // 47-bit user addresses round-trip exactly through the walk's range.
    const mas = MA_STATE(mt, 0x555555555123n, 0x555555555123n)
    expect(mas_walk(mas)).toBe(2n)
    expect([mas.index, mas.last]).toEqual([0x555555554000n, 0x555555556fffn])
    mas_set(mas, ULONG_MAX)
    expect(mas_walk(mas)).toBe(6n)
    expect([mas.index, mas.last]).toEqual([ULONG_MAX, ULONG_MAX])
  })

  it('inserts refuse occupied ranges, stores overwrite them, bad ranges are -EINVAL (check_ranges)', () => {
    const mt = tree()
    const r = [10, 15, 20, 25, 17, 22, 9, 1000, 100, 200, 45, 168, 118, 128]
    check_insert_range(mt, r[0]!, r[1]!, r[0]!)
    check_insert_range(mt, r[2]!, r[3]!, r[2]!)
    check_insert_range(mt, r[4]!, r[5]!, r[4]!, -EEXIST)
    expect(mt_height(mt)).not.toBe(0)
    check_store_range(mt, r[4]!, r[5]!, r[4]!)
    check_store_range(mt, r[6]!, r[7]!, r[6]!)
    check_store_range(mt, r[8]!, r[9]!, r[8]!)
    mtree_destroy(mt)
    expect(mt_height(mt)).toBe(0)
    expect(mt.nodes).toBe(0)
    expect(mtree_store_range(mt, 5n, 4n, 1n)).toBe(-EINVAL)
    expect(mtree_insert_range(mt, 26n, 1n, 1n)).toBe(-EINVAL)
    expect(mtree_insert(mt, 3n, 1n)).toBe(0)
    expect(mtree_insert(mt, 3n, 2n)).toBe(-EEXIST)
  })

  it('stores over parts of ranges and across many nodes (check_ranges)', () => {
    const mt = tree()
    check_seq(mt, 50, false)
    check_store_range(mt, 5, 47, 47)
    mtree_destroy(mt)

    // Create tree of 1-100, then 1-200, store 45-168
    for (const n of [100, 200]) {
      check_seq(mt, n, false)
      check_store_range(mt, 45, 168, 45)
      expect(mt_height(mt)).not.toBe(0)
      mtree_destroy(mt)
    }
    check_seq(mt, 30, false)
    check_store_range(mt, 6, 18, 6)
    mtree_destroy(mt)

    // Overwrite across multiple levels.
    check_seq(mt, 400, false)
    check_store_range(mt, 118, 128, 118)
    for (const i of [140, 141, 142, 143, 130, 131, 132, 133, 134, 135]) mtree_erase(mt, X(i))
    mt_validate(mt)
    check_load(mt, 118, 118)
    check_load(mt, 128, 118)
    check_load(mt, 127, 118)
    check_load(mt, 129, 129)
    check_load(mt, 135, null)
    check_load(mt, 140, null)
    mtree_destroy(mt)

    // Overwrite multiple levels at the end of the tree (slot 7)
    check_seq(mt, 400, false)
    check_store_range(mt, 353, 361, 353)
    check_store_range(mt, 347, 352, 347)
    check_load(mt, 346, 346)
    for (let i = 347; i <= 352; i++) check_load(mt, i, 347)
    for (let i = 353; i <= 361; i++) check_load(mt, i, 353)
    check_load(mt, 362, 362)
    mtree_destroy(mt)

    check_seq(mt, 400, false)
    check_store_range(mt, 352, 364, null)
    check_store_range(mt, 351, 363, 352)
    check_load(mt, 350, 350)
    check_load(mt, 351, 352)
    for (let i = 352; i <= 363; i++) check_load(mt, i, 352)
    check_load(mt, 364, null)
    check_load(mt, 365, 365)
    mtree_destroy(mt)

    check_seq(mt, 400, false)
    check_store_range(mt, 352, 364, null)
    check_store_range(mt, 351, 364, 352)
    check_load(mt, 350, 350)
    for (let i = 351; i <= 364; i++) check_load(mt, i, 352)
    check_load(mt, 365, 365)
    mtree_destroy(mt)

    check_seq(mt, 400, false)
    check_store_range(mt, 362, 367, 362)
    check_store_range(mt, 353, 361, 353)
    mtree_destroy(mt)

    // Interesting cases: overwrite the end of a node and end in the first entry of the next,
    // split a single range, overwrite the start/end/whole of a range, combine parents.
    for (let i = 0; i <= 500; i++) check_store_range(mt, i * 5, (i + 1) * 5, i * 5)
    check_store_range(mt, 2400, 2400, 2400)
    check_store_range(mt, 2411, 2411, 2411)
    check_store_range(mt, 2412, 2412, 2412)
    check_store_range(mt, 2396, 2400, 4052020)
    check_store_range(mt, 2402, 2402, 2402)
    mtree_destroy(mt)

    for (let i = 0; i <= 500; i++) check_store_range(mt, i * 5, (i + 1) * 5, i * 5)
    check_store_range(mt, 2422, 2422, 2422)
    check_store_range(mt, 2424, 2424, 2424)
    check_store_range(mt, 2425, 2425, 2)
    check_store_range(mt, 2460, 2470, null)
    check_store_range(mt, 2435, 2460, 2435)
    check_store_range(mt, 2461, 2470, 2461)
    mtree_destroy(mt)
  })

  it('keeps gaps exact through rebalancing, and splits three ways up the tree (check_ranges)', () => {
    // Test rebalance gaps
    let mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 50; i++) check_store_range(mt, i * 10, (i + 1) * 10, i * 10)
    check_store_range(mt, 161, 161, 161)
    check_store_range(mt, 162, 162, 162)
    check_store_range(mt, 163, 163, 163)
    check_store_range(mt, 240, 249, null)
    for (const i of [200, 210, 220, 230]) mtree_erase(mt, X(i))
    mt_validate(mt)

    mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 500; i++) check_store_range(mt, i * 10, (i + 1) * 10, i * 10)
    check_store_range(mt, 4600, 4959, 1)

    mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 500; i++) check_store_range(mt, i * 10, (i + 1) * 10, i * 10)
    for (const i of [4811, 4812, 4861, 4862]) check_store_range(mt, i, i, i)
    check_store_range(mt, 4842, 4849, null)

    mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 1300; i++) {
      check_store_range(mt, i * 10, (i + 1) * 10, i * 10)
      expect(mt_height(mt)).toBeLessThan(4)
    }
    // Cause a 3 child split all the way up the tree.
    for (let i = 5; i < 215; i += 10) check_store_range(mt, 11450 + i, 11450 + i + 1, null)
    for (let i = 5; i < 65; i += 10) check_store_range(mt, 11770 + i, 11770 + i + 1, null)
    expect(mt_height(mt)).toBeLessThan(4)
    for (let i = 5; i < 45; i += 10) check_store_range(mt, 11700 + i, 11700 + i + 1, null)
    expect(mt_height(mt)).toBe(4)

    mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 1200; i++) {
      check_store_range(mt, i * 10, (i + 1) * 10, i * 10)
      expect(mt_height(mt)).toBeLessThan(4)
    }
    // Fill parents and leaves before split.
    for (let i = 5; i < 455; i += 10) check_store_range(mt, 7800 + i, 7800 + i + 1, null)
    for (let i = 1; i < 16; i++) check_store_range(mt, 8185 + i, 8185 + i + 1, 8185 + i)
    expect(mt_height(mt)).toBeLessThan(4)
    // triple split across multiple levels.
    check_store_range(mt, 8184, 8184, 8184)
    expect(mt_height(mt)).toBe(4)
  })

  it('grows to height 3 and more with thousands of ranges, then erases back to an empty tree', () => {
    for (const flags of [0, MT_FLAGS_ALLOC_RANGE, MM_MT_FLAGS]) {
      const mt = tree(flags)
      const n = 5000
      for (let i = 0; i < n; i++) expect(mtree_store_range(mt, X(i * 10), X(i * 10 + 5), V(i))).toBe(0)
      mt_validate(mt)
      expect(mt_height(mt)).toBeGreaterThanOrEqual(3)
      for (let i = 0; i < n; i += 7) {
        check_load(mt, i * 10, i)
        check_load(mt, i * 10 + 5, i)
        check_load(mt, i * 10 + 6, null)
      }
      // Erase in a scattered order so that nodes rebalance from both sides.
      for (let k = 0; k < n; k++) {
        const i = (k * 7919) % n
        expect(mtree_erase(mt, X(i * 10 + 3))).toBe(V(i))
        if (k % 97 === 0) mt_validate(mt)
      }
      mt_validate(mt)
      expect(mtree_empty(mt)).toBe(true)
      expect(mt_height(mt)).toBe(0)
      expect(mt.nodes).toBe(0)
      expect(mt.nodesAllocated).toBe(mt.nodesFreed)
    }
  })

  it('overwrites a large part of a 4000-range tree with one spanning store (check_node_overwrite, check_spanning_relatives)', () => {
    let mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i < 4000; i++) mtree_store_range(mt, X(i * 100), X(i * 100 + 50), V(i * 100))
    expect(mtree_store_range(mt, 319951n, 367950n, null)).toBe(0)
    mt_validate(mt)
    check_load(mt, 319950, 319900)
    check_load(mt, 319951, null)
    check_load(mt, 367950, null)
    check_load(mt, 367951, null)
    check_load(mt, 368000, 368000)

    mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 1000; i++) mtree_store_range(mt, X(i * 10), X(i * 10 + 5), V(i))
    expect(mtree_store_range(mt, 9365n, 9955n, null)).toBe(0)
    mt_validate(mt)
    check_load(mt, 9360, 936)
    check_load(mt, 9365, null)
    check_load(mt, 9960, 996)
  })

  it('replays the sequences the kernel fuzzer found (check_fuzzer)', () => {
    // The kernel's own text, run against the reference model with mt_validate() after each call.
    const runs = [
      // 1. Causes a spanning rebalance of a single root node.
      `mtree_test_insert(mt, 88, (void *)0xb1); mtree_test_insert(mt, 84, (void *)0xa9);
       mtree_test_insert(mt, 2,  (void *)0x5); mtree_test_insert(mt, 4,  (void *)0x9);
       mtree_test_insert(mt, 14, (void *)0x1d); mtree_test_insert(mt, 7,  (void *)0xf);
       mtree_test_insert(mt, 12, (void *)0x19); mtree_test_insert(mt, 18, (void *)0x25);
       mtree_test_store_range(mt, 8, 18, (void *)0x11);`,
      // 2. Cause a spanning rebalance of two nodes in root.
      `mtree_test_store(mt, 87, (void *)0xaf); mtree_test_store(mt, 0, (void *)0x1);
       mtree_test_load(mt, 4); mtree_test_insert(mt, 4, (void *)0x9);
       mtree_test_store(mt, 8, (void *)0x11); mtree_test_store(mt, 44, (void *)0x59);
       mtree_test_store(mt, 68, (void *)0x89); mtree_test_store(mt, 2, (void *)0x5);
       mtree_test_insert(mt, 43, (void *)0x57); mtree_test_insert(mt, 24, (void *)0x31);
       mtree_test_insert(mt, 844, (void *)0x699); mtree_test_store(mt, 84, (void *)0xa9);
       mtree_test_store(mt, 4, (void *)0x9); mtree_test_erase(mt, 4);
       mtree_test_load(mt, 5); mtree_test_erase(mt, 0);`,
      // 3. Cause a node overflow on copy
      `mtree_test_store_range(mt, 0, ULONG_MAX, (void *)0x1); mtree_test_store(mt, 4, (void *)0x9);
       mtree_test_erase(mt, 5); mtree_test_erase(mt, 0); mtree_test_erase(mt, 4);
       mtree_test_store(mt, 5, (void *)0xb); mtree_test_erase(mt, 5);
       mtree_test_store(mt, 5, (void *)0xb); mtree_test_erase(mt, 5); mtree_test_erase(mt, 4);
       mtree_test_store(mt, 4, (void *)0x9); mtree_test_store(mt, 444, (void *)0x379);
       mtree_test_store(mt, 0, (void *)0x1); mtree_test_load(mt, 0);
       mtree_test_store(mt, 5, (void *)0xb); mtree_test_erase(mt, 0);`,
      // 4. spanning store failure due to writing incorrect pivot value at last slot.
      `mtree_test_insert(mt, 261, (void *)0x20b); mtree_test_store(mt, 516, (void *)0x409);
       mtree_test_store(mt, 6, (void *)0xd); mtree_test_insert(mt, 5, (void *)0xb);
       mtree_test_insert(mt, 1256, (void *)0x9d1); mtree_test_store(mt, 4, (void *)0x9);
       mtree_test_erase(mt, 1); mtree_test_store(mt, 56, (void *)0x71);
       mtree_test_insert(mt, 1, (void *)0x3); mtree_test_store(mt, 24, (void *)0x31);
       mtree_test_erase(mt, 1); mtree_test_insert(mt, 2263, (void *)0x11af);
       mtree_test_insert(mt, 446, (void *)0x37d); mtree_test_store_range(mt, 6, 45, (void *)0xd);
       mtree_test_store_range(mt, 3, 446, (void *)0x7);`,
      // 5. mas_wr_extend_null() may overflow slots.
      `mtree_test_store(mt, 48, (void *)0x61); mtree_test_store(mt, 3, (void *)0x7);
       mtree_test_load(mt, 0); mtree_test_store(mt, 88, (void *)0xb1);
       mtree_test_store(mt, 81, (void *)0xa3); mtree_test_insert(mt, 0, (void *)0x1);
       mtree_test_insert(mt, 8, (void *)0x11); mtree_test_insert(mt, 4, (void *)0x9);
       mtree_test_insert(mt, 2480, (void *)0x1361); mtree_test_insert(mt, ULONG_MAX, (void *)0xffffffffffffffff);
       mtree_test_erase(mt, ULONG_MAX);`,
      // 6. When reusing a node with an implied pivot and the node is shrinking, old data would be
      // left in the implied slot.
      `mtree_test_erase(mt, 3); mtree_test_insert(mt, 22, (void *)0x2d); mtree_test_insert(mt, 15, (void *)0x1f);
       mtree_test_load(mt, 2); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_insert(mt, 5, (void *)0xb); mtree_test_erase(mt, 1); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_insert(mt, 4, (void *)0x9); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 1);
       mtree_test_insert(mt, 2, (void *)0x5); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 3);
       mtree_test_insert(mt, 22, (void *)0x2d); mtree_test_insert(mt, 15, (void *)0x1f); mtree_test_insert(mt, 2, (void *)0x5);
       mtree_test_insert(mt, 1, (void *)0x3); mtree_test_insert(mt, 8, (void *)0x11); mtree_test_load(mt, 2);
       mtree_test_insert(mt, 1, (void *)0x3); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_store(mt, 1, (void *)0x3);
       mtree_test_insert(mt, 5, (void *)0xb); mtree_test_erase(mt, 1); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_insert(mt, 4, (void *)0x9); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 1);
       mtree_test_insert(mt, 2, (void *)0x5); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 3);
       mtree_test_insert(mt, 22, (void *)0x2d); mtree_test_insert(mt, 15, (void *)0x1f); mtree_test_insert(mt, 2, (void *)0x5);
       mtree_test_insert(mt, 1, (void *)0x3); mtree_test_insert(mt, 8, (void *)0x11); mtree_test_insert(mt, 12, (void *)0x19);
       mtree_test_erase(mt, 1); mtree_test_store_range(mt, 4, 62, (void *)0x9); mtree_test_erase(mt, 62);
       mtree_test_store_range(mt, 1, 0, (void *)0x3); mtree_test_insert(mt, 11, (void *)0x17); mtree_test_insert(mt, 3, (void *)0x7);
       mtree_test_insert(mt, 3, (void *)0x7); mtree_test_store(mt, 62, (void *)0x7d); mtree_test_erase(mt, 62);
       mtree_test_store_range(mt, 1, 15, (void *)0x3); mtree_test_erase(mt, 1); mtree_test_insert(mt, 22, (void *)0x2d);
       mtree_test_insert(mt, 12, (void *)0x19); mtree_test_erase(mt, 1); mtree_test_insert(mt, 3, (void *)0x7);
       mtree_test_store(mt, 62, (void *)0x7d); mtree_test_erase(mt, 62); mtree_test_insert(mt, 122, (void *)0xf5);
       mtree_test_store(mt, 3, (void *)0x7); mtree_test_insert(mt, 0, (void *)0x1); mtree_test_store_range(mt, 0, 1, (void *)0x1);
       mtree_test_insert(mt, 85, (void *)0xab); mtree_test_insert(mt, 72, (void *)0x91); mtree_test_insert(mt, 81, (void *)0xa3);
       mtree_test_insert(mt, 726, (void *)0x5ad); mtree_test_insert(mt, 0, (void *)0x1); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_store(mt, 51, (void *)0x67); mtree_test_insert(mt, 611, (void *)0x4c7); mtree_test_insert(mt, 485, (void *)0x3cb);
       mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 1); mtree_test_insert(mt, 0, (void *)0x1);
       mtree_test_insert(mt, 1, (void *)0x3); mtree_test_insert_range(mt, 26, 1, (void *)0x35); mtree_test_load(mt, 1);
       mtree_test_store_range(mt, 1, 22, (void *)0x3); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 1);
       mtree_test_load(mt, 53); mtree_test_load(mt, 1); mtree_test_store_range(mt, 1, 1, (void *)0x3);
       mtree_test_insert(mt, 222, (void *)0x1bd); mtree_test_insert(mt, 485, (void *)0x3cb); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_erase(mt, 1); mtree_test_load(mt, 0); mtree_test_insert(mt, 21, (void *)0x2b);
       mtree_test_insert(mt, 3, (void *)0x7); mtree_test_store(mt, 621, (void *)0x4db); mtree_test_insert(mt, 0, (void *)0x1);
       mtree_test_erase(mt, 5); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_store(mt, 62, (void *)0x7d);
       mtree_test_erase(mt, 62); mtree_test_store_range(mt, 1, 0, (void *)0x3); mtree_test_insert(mt, 22, (void *)0x2d);
       mtree_test_insert(mt, 12, (void *)0x19); mtree_test_erase(mt, 1); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_store_range(mt, 4, 62, (void *)0x9); mtree_test_erase(mt, 62); mtree_test_erase(mt, 1);
       mtree_test_load(mt, 1); mtree_test_store_range(mt, 1, 22, (void *)0x3); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_erase(mt, 1); mtree_test_load(mt, 53); mtree_test_load(mt, 1);
       mtree_test_store_range(mt, 1, 1, (void *)0x3); mtree_test_insert(mt, 222, (void *)0x1bd); mtree_test_insert(mt, 485, (void *)0x3cb);
       mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 1); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_load(mt, 0); mtree_test_load(mt, 0);`,
      // 7. Previous fix was incomplete, fix mas_resuse_node() clearing of old data.
      `mtree_test_load(mt, 1); mtree_test_insert(mt, 102, (void *)0xcd); mtree_test_erase(mt, 2);
       mtree_test_erase(mt, 0); mtree_test_load(mt, 0); mtree_test_insert(mt, 4, (void *)0x9);
       mtree_test_insert(mt, 2, (void *)0x5); mtree_test_insert(mt, 110, (void *)0xdd); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_insert_range(mt, 5, 0, (void *)0xb); mtree_test_erase(mt, 2); mtree_test_store(mt, 0, (void *)0x1);
       mtree_test_store(mt, 112, (void *)0xe1); mtree_test_insert(mt, 21, (void *)0x2b); mtree_test_store(mt, 1, (void *)0x3);
       mtree_test_insert_range(mt, 110, 2, (void *)0xdd); mtree_test_store(mt, 2, (void *)0x5); mtree_test_load(mt, 22);
       mtree_test_erase(mt, 2); mtree_test_store(mt, 210, (void *)0x1a5); mtree_test_store_range(mt, 0, 2, (void *)0x1);
       mtree_test_store(mt, 2, (void *)0x5); mtree_test_erase(mt, 2); mtree_test_erase(mt, 22);
       mtree_test_erase(mt, 1); mtree_test_erase(mt, 2); mtree_test_store(mt, 0, (void *)0x1);
       mtree_test_load(mt, 112); mtree_test_insert(mt, 2, (void *)0x5); mtree_test_erase(mt, 2);
       mtree_test_store(mt, 1, (void *)0x3); mtree_test_insert_range(mt, 1, 2, (void *)0x3); mtree_test_erase(mt, 0);
       mtree_test_erase(mt, 2); mtree_test_store(mt, 2, (void *)0x5); mtree_test_erase(mt, 0);
       mtree_test_erase(mt, 2); mtree_test_store(mt, 0, (void *)0x1); mtree_test_store(mt, 0, (void *)0x1);
       mtree_test_erase(mt, 2); mtree_test_store(mt, 2, (void *)0x5); mtree_test_erase(mt, 2);
       mtree_test_insert(mt, 2, (void *)0x5); mtree_test_insert_range(mt, 1, 2, (void *)0x3); mtree_test_erase(mt, 0);
       mtree_test_erase(mt, 2); mtree_test_store(mt, 0, (void *)0x1); mtree_test_load(mt, 112);
       mtree_test_store_range(mt, 110, 12, (void *)0xdd); mtree_test_store(mt, 2, (void *)0x5); mtree_test_load(mt, 110);
       mtree_test_insert_range(mt, 4, 71, (void *)0x9); mtree_test_load(mt, 2); mtree_test_store(mt, 2, (void *)0x5);
       mtree_test_insert_range(mt, 11, 22, (void *)0x17); mtree_test_erase(mt, 12); mtree_test_store(mt, 2, (void *)0x5);
       mtree_test_load(mt, 22);`,
      // 8. When rebalancing, the max of the new node may be set to the final pivot, not the max.
      `mtree_test_store(mt, 6, (void *)0xd); mtree_test_store(mt, 67, (void *)0x87);
       mtree_test_insert(mt, 15, (void *)0x1f); mtree_test_insert(mt, 6716, (void *)0x3479);
       mtree_test_store(mt, 61, (void *)0x7b); mtree_test_insert(mt, 13, (void *)0x1b);
       mtree_test_store(mt, 8, (void *)0x11); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_load(mt, 0); mtree_test_erase(mt, 67167);
       mtree_test_insert_range(mt, 6, 7167, (void *)0xd); mtree_test_insert(mt, 6, (void *)0xd);
       mtree_test_erase(mt, 67); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_erase(mt, 667167); mtree_test_insert(mt, 6, (void *)0xd);
       mtree_test_store(mt, 67, (void *)0x87); mtree_test_insert(mt, 5, (void *)0xb);
       mtree_test_erase(mt, 1); mtree_test_insert(mt, 6, (void *)0xd);
       mtree_test_erase(mt, 67); mtree_test_insert(mt, 15, (void *)0x1f);
       mtree_test_insert(mt, 67167, (void *)0x20cbf); mtree_test_insert(mt, 1, (void *)0x3);
       mtree_test_load(mt, 7); mtree_test_insert(mt, 16, (void *)0x21);
       mtree_test_insert(mt, 36, (void *)0x49); mtree_test_store(mt, 67, (void *)0x87);
       mtree_test_store(mt, 6, (void *)0xd); mtree_test_insert(mt, 367, (void *)0x2df);
       mtree_test_insert(mt, 115, (void *)0xe7); mtree_test_store(mt, 0, (void *)0x1);
       mtree_test_store_range(mt, 1, 3, (void *)0x3); mtree_test_store(mt, 1, (void *)0x3);
       mtree_test_erase(mt, 67167); mtree_test_insert_range(mt, 6, 47, (void *)0xd);
       mtree_test_store(mt, 1, (void *)0x3); mtree_test_insert_range(mt, 1, 67, (void *)0x3);
       mtree_test_load(mt, 67); mtree_test_insert(mt, 1, (void *)0x3); mtree_test_erase(mt, 67167);`,
      // 9. spanning store to the end of data caused an invalid metadata length.
      `mtree_test_insert(mt, 21, (void *)0x2b); mtree_test_insert(mt, 12, (void *)0x19);
       mtree_test_insert(mt, 6, (void *)0xd); mtree_test_insert(mt, 8, (void *)0x11);
       mtree_test_insert(mt, 2, (void *)0x5); mtree_test_insert(mt, 91, (void *)0xb7);
       mtree_test_insert(mt, 18, (void *)0x25); mtree_test_insert(mt, 81, (void *)0xa3);
       mtree_test_store_range(mt, 0, 128, (void *)0x1); mtree_test_store(mt, 1, (void *)0x3);
       mtree_test_erase(mt, 8); mtree_test_insert(mt, 11, (void *)0x17);
       mtree_test_insert(mt, 8, (void *)0x11); mtree_test_insert(mt, 21, (void *)0x2b);
       mtree_test_insert(mt, 2, (void *)0x5); mtree_test_insert(mt, ULONG_MAX - 10, (void *)0xffffffffffffffeb);
       mtree_test_erase(mt, ULONG_MAX - 10); mtree_test_store_range(mt, 0, 281, (void *)0x1);
       mtree_test_erase(mt, 2); mtree_test_insert(mt, 1211, (void *)0x977);
       mtree_test_insert(mt, 111, (void *)0xdf); mtree_test_insert(mt, 13, (void *)0x1b);
       mtree_test_insert(mt, 211, (void *)0x1a7); mtree_test_insert(mt, 11, (void *)0x17);
       mtree_test_insert(mt, 5, (void *)0xb); mtree_test_insert(mt, 1218, (void *)0x985);
       mtree_test_insert(mt, 61, (void *)0x7b); mtree_test_store(mt, 1, (void *)0x3);
       mtree_test_insert(mt, 121, (void *)0xf3); mtree_test_insert(mt, 8, (void *)0x11);
       mtree_test_insert(mt, 21, (void *)0x2b); mtree_test_insert(mt, 2, (void *)0x5);
       mtree_test_insert(mt, ULONG_MAX - 10, (void *)0xffffffffffffffeb); mtree_test_erase(mt, ULONG_MAX - 10);`
    ]
    const num = (s: string): bigint => {
      const t = s.replace('(void *)', '').trim()
      const m = /^ULONG_MAX(?:\s*-\s*(\d+))?$/.exec(t)
      if (m) return ULONG_MAX - BigInt(m[1] ?? 0)
      return BigInt(t)
    }
    for (const run of runs) {
      const mt = tree()
      const m = new RangeModel()
      for (const call of run.matchAll(/(mtree_test_\w+)\(mt,([^;]*)\);/g)) {
        const args = call[2]!.split(',').map(num)
        switch (call[1]) {
          case 'mtree_test_insert':
          case 'mtree_test_insert_range': {
            const [a, b, v] = call[1] === 'mtree_test_insert' ? [args[0]!, args[0]!, args[1]!] : [args[0]!, args[1]!, args[2]!]
            const free = a <= b && m.ranges.every((r) => r.last < a || r.first > b)
            expect(mtree_insert_range(mt, a, b, v)).toBe(a > b ? -EINVAL : free ? 0 : -EEXIST)
            if (a <= b && free) m.store(a, b, v)
            break
          }
          case 'mtree_test_store':
          case 'mtree_test_store_range': {
            const [a, b, v] = call[1] === 'mtree_test_store' ? [args[0]!, args[0]!, args[1]!] : [args[0]!, args[1]!, args[2]!]
            expect(mtree_store_range(mt, a, b, v)).toBe(a > b ? -EINVAL : 0)
            if (a <= b) m.store(a, b, v)
            break
          }
          case 'mtree_test_erase':
            expect(mtree_erase(mt, args[0]!)).toBe(m.erase(args[0]!))
            break
          case 'mtree_test_load':
            expect(mtree_load(mt, args[0]!)).toBe(m.find(args[0]!)?.v ?? null)
            break
        }
        expectSameAsModel(mt, m)
      }
    }
  })

  it('builds the same layout in RCU mode, where nodes are replaced instead of modified', () => {
    const ops = (mt: Tree): void => {
      for (let i = 0; i < 600; i++) mtree_store_range(mt, X((i * 37) % 3001), X(((i * 37) % 3001) + (i % 7)), i % 5 === 0 ? null : V(i))
      for (let i = 0; i < 200; i++) mtree_erase(mt, X((i * 53) % 3001))
    }
    const a = tree(MT_FLAGS_ALLOC_RANGE)
    const b = tree(MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU)
    ops(a)
    ops(b)
    mt_validate(a)
    mt_validate(b)
    const strip = (v: unknown): string => JSON.stringify(v, (k, x) => (k === 'id' || k === 'flags' || k === 'rcu' ? undefined : x))
    expect(strip(mt_view(b))).toBe(strip(mt_view(a)))
    // RCU mode replaced nodes on every in-node change: many more allocations.
    expect(b.nodesAllocated).toBeGreaterThan(a.nodesAllocated)
    expect(b.nodes).toBe(a.nodes)
    mt_set_in_rcu(a)
    mt_clear_in_rcu(b)
    expect(a.ma_flags & MT_FLAGS_USE_RCU).toBe(MT_FLAGS_USE_RCU)
    expect(b.ma_flags & MT_FLAGS_USE_RCU).toBe(0)
  })
})

describe('maple tree: the shape the kernel builds', () => {
  it('splits sequential appends where the kernel does (next_prev_test, check_gap_combining)', () => {
    // next_prev_test: 0..200 as [i*10, i*10+5]; 710-715 and 720-725 are in different leaves.
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 200; i++) mtree_store_range(mt, X(i * 10), X(i * 10 + 5), V(i))
    const mas = MA_STATE(mt, 707n, 707n)
    expect(mas_walk(mas)).toBeNull()
    expect(mas_next(mas, 1000n)).toBe(71n)
    expect([mas.index, mas.last]).toEqual([710n, 715n])
    const mn = mas.node
    expect(mas_next(mas, 1000n)).toBe(72n)
    expect([mas.index, mas.last]).toEqual([720n, 725n])
    expect(mas.node).not.toBe(mn)
    expect(mas_prev(mas, 0n)).toBe(71n)
    expect([mas.index, mas.last]).toEqual([710n, 715n])
  })

  it('decreases the height when a spanning store empties a level (check_spanning_store_height)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    const mas = MA_STATE(mt, 0n, 0n)
    let index = 0
    while (mt_height(mt) !== 3) {
      mas_store_gfp(mas, V(index))
      mas_set(mas, X(++index))
    }
    mas_set_range(mas, 90n, 140n)
    mas_store_gfp(mas, V(index))
    mt_validate(mt)
    expect(mt_height(mt)).toBe(2)
  })

  it('collapses a height-5 tree entry by entry from the right (check_collapsing_rebalance)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    let i = 0
    // The kernel test builds height 6; height 5 walks the same paths in a tenth of the time.
    while (mt_height(mt) < 5) {
      mtree_store_range(mt, X(i), X(i + 10), V(i))
      i += 9
    }
    mt_validate(mt)
    const mas = MA_STATE(mt, ULONG_MAX, ULONG_MAX)
    let n = 0
    do {
      mas_erase(mas)
      if (++n % 500 === 0) mt_validate(mt)
    } while (mas_prev(mas, 0n) != null)
    mt_validate(mt)
    expect(mtree_empty(mt)).toBe(true)
    expect(mt.nodes).toBe(0)
  })

  it('splits a full leaf into two nodes and a new root with the kernel split point', () => {
    const mt = tree()
    // 16 singletons [i, i] with NULL between them: the root leaf holds 16 slots at i = 7.
    for (let i = 0; i < 9; i++) mtree_store(mt, X(2 * i + 1), V(i))
    const v = mt_view(mt)
    expect(mt_height(mt)).toBe(2)
    const root = v.root as MapleNodeView
    expect(root.type).toBe('maple_range_64')
    // The 8th store made 17 slots (b_end 16): mab_calc_split() splits evenly at 8, which is a
    // NULL, so mab_no_null_split() moves it to 9. The 9th store then went into the right leaf.
    expect(kids(root).map((k) => [k.min, k.max, k.end])).toEqual([
      ['0x0', '0x9', 9],
      ['0xa', '0xffffffffffffffff', 8]
    ])
    mt_validate(mt)
    // The store that split reported wr_split_store and asked for 3 nodes (2 leaves + a root).
    const t2 = tree()
    for (let i = 0; i < 7; i++) mtree_store(t2, X(2 * i + 1), V(i))
    expect(mt_height(t2)).toBe(1)
    const mas = MA_STATE(t2, 15n, 15n)
    mas_store(mas, 7n)
    expect(mt_height(t2)).toBe(2)
    expect(mas.store_type).toBe(wr_split_store)
    expect(mas.node_request).toBe(3)
  })
})

describe('maple tree: iteration', () => {
  it('walks entries in order with mas_find, mas_for_each, mt_find and mt_for_each (check_find_2, check_iteration)', () => {
    const mt = tree()
    const mas = MA_STATE(mt, 0n, 0n)
    expect([...mas_for_each(mas, ULONG_MAX)]).toEqual([])
    for (let i = 0; i < 256; i++) {
      mtree_insert(mt, X(i), V(i))
      mas_set(mas, 0n)
      expect([...mas_for_each(mas, ULONG_MAX)]).toEqual(Array.from({ length: i + 1 }, (_, j) => V(j)))
    }
    for (let i = 0; i < 256; i++) {
      expect(mtree_erase(mt, X(i))).toBe(V(i))
      mas_set(mas, 0n)
      expect([...mas_for_each(mas, ULONG_MAX)].length).toBe(255 - i)
    }
    expect(mtree_empty(mt)).toBe(true)

    // check_iteration: ranges [i*10, i*10+9], modified while iterating.
    const it2 = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 125; i++) mtree_store_range(it2, X(i * 10), X(i * 10 + 9), V(i))
    const m2 = MA_STATE(it2, 0n, 0n)
    let i = 0
    for (const val of mas_for_each(m2, 925n)) {
      expect([m2.index, m2.last]).toEqual([X(i * 10), X(i * 10 + 9)])
      // Overwrite end of entry 92
      if (i === 92) {
        m2.index = 925n
        m2.last = 929n
        mas_store(m2, val)
      }
      i++
    }
    // Ensure mas_find() gets the next value
    expect(mas_find(m2, ULONG_MAX)).toBe(V(i))
    mt_validate(it2)

    // mas_pause between steps: the walk restarts from the root each time.
    mas_set(m2, 0n)
    let n = 0
    for (let e = mas_find(m2, 500n); e != null; e = mas_find(m2, 500n)) {
      n++
      mas_pause(m2)
    }
    expect(n).toBe(51)

    // mt_find / mt_for_each move the index past each range.
    const idx = { value: 17n }
    expect(mt_find(it2, idx, 512n)).toBe(1n)
    expect(idx.value).toBe(20n)
    expect(mt_find(it2, { value: 1270n }, ULONG_MAX)).toBeNull()
    expect([...mt_for_each(it2, 995n, 1030n)].map((r) => [r.index, r.last, r.entry])).toEqual([
      [990n, 999n, 99n],
      [1000n, 1009n, 100n],
      [1010n, 1019n, 101n],
      [1020n, 1029n, 102n],
      [1030n, 1039n, 103n]
    ])
  })

  it('steps next and prev across nodes and levels, and off the ends and back (next_prev_test)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    const nr = 200
    for (let i = 0; i <= nr; i++) mtree_store_range(mt, X(i * 10), X(i * 10 + 5), V(i))
    const mas = MA_STATE(mt, 686n, 686n)
    expect(mas_walk(mas)).toBeNull()
    expect(mas_next(mas, 1000n)).toBe(69n)
    expect([mas.index, mas.last]).toEqual([690n, 695n])
    expect(mas_prev(mas, 0n)).toBe(68n)
    expect([mas.index, mas.last]).toEqual([680n, 685n])
    expect(mas_next(mas, 1000n)).toBe(69n)
    expect(mas_next(mas, 1000n)).toBe(70n)
    expect([mas.index, mas.last]).toEqual([700n, 705n])

    // Check across node boundaries of the tree
    mas_set(mas, 70n)
    expect(mas_walk(mas)).toBe(7n)
    expect(mas_next(mas, 1000n)).toBe(8n)
    expect(mas_prev(mas, 70n)).toBe(7n)
    expect([mas.index, mas.last]).toEqual([70n, 75n])

    // Check running off the end and back on
    mas_set(mas, X(nr * 10))
    expect(mas_walk(mas)).toBe(V(nr))
    expect(mas_next(mas, ULONG_MAX)).toBeNull()
    expect([mas.index, mas.last]).toEqual([0x7d6n, ULONG_MAX])
    expect(mas_prev(mas, 0n)).toBe(V(nr))
    expect([mas.index, mas.last]).toEqual([X(nr * 10), X(nr * 10 + 5)])

    // Check running off the start and back on
    mas_reset(mas)
    mas_set(mas, 10n)
    expect(mas_walk(mas)).toBe(1n)
    expect(mas_prev(mas, 0n)).toBe(0n)
    expect([mas.index, mas.last]).toEqual([0n, 5n])
    expect(mas_prev(mas, 0n)).toBeNull()
    expect([mas.index, mas.last]).toEqual([0n, 5n])
    expect(mas.status).toBe(ma_underflow)

    mas.index = 0n
    mas.last = 5n
    mas_store(mas, null)
    mas_reset(mas)
    mas_set(mas, 10n)
    mas_walk(mas)
    expect(mas_prev(mas, 0n)).toBeNull()
    expect([mas.index, mas.last]).toEqual([0n, 9n])
    mt_validate(mt)

    const t2 = tree()
    mtree_store_range(t2, 0n, 0n, 0n)
    mtree_store_range(t2, 5n, 5n, 5n)
    const m2 = MA_STATE(t2, 5n, 5n)
    expect(mas_prev(m2, 4n)).toBeNull()
  })

  it('moves between the states of a walk as the kernel documents (check_state_handling)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    const mas = MA_STATE(mt, 0n, 0n)
    const ptr = 0x1234500n
    const ptr2 = 2n
    const ptr3 = 3n
    const at = (entry: bigint | null, index: bigint, last: bigint, status: number): void => {
      expect([mas.index, mas.last, mas.status]).toEqual([index, last, status])
      void entry
    }
    const is = (got: bigint | null, entry: bigint | null, index: bigint, last: bigint, status: number): void => {
      expect(got).toBe(entry)
      at(entry, index, last, status)
    }
    // Check MAS_ROOT First
    mtree_store_range(mt, 0n, 0n, ptr)
    // prev: Start -> underflow
    expect(mas_prev(mas, 0n)).toBeNull()
    expect(mas.status).toBe(ma_underflow)
    // prev: Start -> root
    mas_set(mas, 10n)
    is(mas_prev(mas, 0n), ptr, 0n, 0n, ma_root)
    // prev: pause -> root
    mas_set(mas, 10n)
    mas_pause(mas)
    is(mas_prev(mas, 0n), ptr, 0n, 0n, ma_root)
    // next: start -> none
    mas_set(mas, 0n)
    is(mas_next(mas, ULONG_MAX), null, 1n, ULONG_MAX, ma_none)
    mas_set(mas, 10n)
    is(mas_next(mas, ULONG_MAX), null, 1n, ULONG_MAX, ma_none)
    // find: start -> root, root -> none, none -> none, start -> none
    mas_set(mas, 0n)
    is(mas_find(mas, ULONG_MAX), ptr, 0n, 0n, ma_root)
    is(mas_find(mas, ULONG_MAX), null, 1n, ULONG_MAX, ma_none)
    is(mas_find(mas, ULONG_MAX), null, 1n, ULONG_MAX, ma_none)
    mas_set(mas, 10n)
    is(mas_find(mas, ULONG_MAX), null, 1n, ULONG_MAX, ma_none)
    // find_rev: none -> root, start -> root, root -> none, none -> none, start -> root
    is(mas_find_rev(mas, 0n), ptr, 0n, 0n, ma_root)
    mas_set(mas, 0n)
    is(mas_find_rev(mas, 0n), ptr, 0n, 0n, ma_root)
    is(mas_find_rev(mas, 0n), null, 0n, 0n, ma_none)
    is(mas_find_rev(mas, 0n), null, 0n, 0n, ma_none)
    mas_set(mas, 10n)
    is(mas_find_rev(mas, 0n), ptr, 0n, 0n, ma_root)
    // walk: start -> none, pause -> none, none -> none (twice)
    mas_set(mas, 10n)
    is(mas_walk(mas), null, 1n, ULONG_MAX, ma_none)
    mas_set(mas, 10n)
    mas_pause(mas)
    is(mas_walk(mas), null, 1n, ULONG_MAX, ma_none)
    mas.index = mas.last = 10n
    is(mas_walk(mas), null, 1n, ULONG_MAX, ma_none)
    is(mas_walk(mas), null, 1n, ULONG_MAX, ma_none)
    // walk: start -> root, pause -> root, none -> root, root -> root, root -> none, none -> root
    mas_set(mas, 0n)
    is(mas_walk(mas), ptr, 0n, 0n, ma_root)
    mas_set(mas, 0n)
    mas_pause(mas)
    is(mas_walk(mas), ptr, 0n, 0n, ma_root)
    mas.status = ma_none
    is(mas_walk(mas), ptr, 0n, 0n, ma_root)
    is(mas_walk(mas), ptr, 0n, 0n, ma_root)
    mas_set(mas, 10n)
    is(mas_walk(mas), null, 1n, ULONG_MAX, ma_none)
    mas.index = mas.last = 0n
    is(mas_walk(mas), ptr, 0n, 0n, ma_root)

    // Check when there is an actual node
    mtree_store_range(mt, 0n, 0n, null)
    mtree_store_range(mt, 0x1000n, 0x1500n, ptr)
    mtree_store_range(mt, 0x2000n, 0x2500n, ptr2)
    mtree_store_range(mt, 0x3000n, 0x3500n, ptr3)
    // next: start -> active, pause -> active, none -> active
    mas_set(mas, 0n)
    is(mas_next(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    mas_set(mas, 0n)
    mas_pause(mas)
    is(mas_next(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    mas.index = mas.last = 0n
    mas.offset = 0
    mas.status = ma_none
    is(mas_next(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    // next: active -> active (spanning limit), -> overflow beyond data, overflow -> active
    is(mas_next(mas, 0x2100n), ptr2, 0x2000n, 0x2500n, ma_active)
    is(mas_next(mas, 0x2999n), null, 0x2501n, 0x2fffn, ma_overflow)
    is(mas_next(mas, ULONG_MAX), ptr3, 0x3000n, 0x3500n, ma_active)
    is(mas_next(mas, ULONG_MAX), null, 0x3501n, ULONG_MAX, ma_overflow)
    is(mas_next(mas, ULONG_MAX), null, 0x3501n, ULONG_MAX, ma_overflow)
    // prev: overflow -> active
    is(mas_prev(mas, 0n), ptr3, 0x3000n, 0x3500n, ma_active)
    // next: none -> active, skip value at location
    mas_set(mas, 0n)
    mas_next(mas, ULONG_MAX)
    mas.status = ma_none
    mas.offset = 0
    is(mas_next(mas, ULONG_MAX), ptr2, 0x2000n, 0x2500n, ma_active)
    // prev: active -> active, -> active at the span limit, -> underflow
    is(mas_prev(mas, 0n), ptr, 0x1000n, 0x1500n, ma_active)
    mas_next(mas, ULONG_MAX)
    is(mas_prev(mas, 0x1200n), ptr, 0x1000n, 0x1500n, ma_active)
    is(mas_prev(mas, 0x1200n), null, 0x1000n, 0x1500n, ma_underflow)
    // prev: underflow -> underflow (lower limit) spanning end range
    is(mas_prev(mas, 0x0100n), null, 0n, 0x0fffn, ma_underflow)
    is(mas_prev(mas, 0n), null, 0n, 0x0fffn, ma_underflow)
    is(mas_prev(mas, 0n), null, 0n, 0x0fffn, ma_underflow)
    // next: underflow -> active; prev: first value -> underflow; find: underflow -> first value
    is(mas_next(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    is(mas_prev(mas, 0x1000n), null, 0x1000n, 0x1500n, ma_underflow)
    is(mas_find(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    // prev: pause -> active
    mas_set(mas, 0x3600n)
    expect(mas_prev(mas, 0n)).toBe(ptr3)
    mas_pause(mas)
    is(mas_prev(mas, 0n), ptr2, 0x2000n, 0x2500n, ma_active)
    // prev: active -> underflow spanning min, then active again
    is(mas_prev(mas, 0x1600n), null, 0x1501n, 0x1fffn, ma_underflow)
    is(mas_prev(mas, 0n), ptr, 0x1000n, 0x1500n, ma_active)
    // find: start -> active, pause -> active, start -> active on value, active -> active
    mas_set(mas, 0n)
    is(mas_find(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    mas_set(mas, 0n)
    mas_pause(mas)
    is(mas_find(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    mas_set(mas, 1200n)
    is(mas_find(mas, ULONG_MAX), ptr, 0x1000n, 0x1500n, ma_active)
    is(mas_find(mas, ULONG_MAX), ptr2, 0x2000n, 0x2500n, ma_active)
    // find: active -> active (NULL), overflow -> active, active -> active (NULL) at the end
    is(mas_find(mas, 0x2700n), null, 0x2501n, 0x2fffn, ma_active)
    is(mas_find(mas, 0x5000n), ptr3, 0x3000n, 0x3500n, ma_active)
    is(mas_find(mas, ULONG_MAX), null, 0x3501n, ULONG_MAX, ma_active)
    // find_rev: active (END) -> active, active -> active, pause -> active, active -> underflow
    is(mas_find_rev(mas, 0n), ptr3, 0x3000n, 0x3500n, ma_active)
    is(mas_find_rev(mas, 0n), ptr2, 0x2000n, 0x2500n, ma_active)
    mas_pause(mas)
    is(mas_find_rev(mas, 0n), ptr, 0x1000n, 0x1500n, ma_active)
    is(mas_find_rev(mas, 0n), null, 0n, 0x0fffn, ma_underflow)
    mas_set(mas, 0x1200n)
    is(mas_find_rev(mas, 0n), ptr, 0x1000n, 0x1500n, ma_active)
    // mas_walk: start, pause and none -> active, on an entry and on a NULL range
    for (const prep of [() => {}, () => mas_pause(mas), () => (mas.status = ma_none)]) {
      mas_set(mas, 0x1200n)
      prep()
      is(mas_walk(mas), ptr, 0x1000n, 0x1500n, ma_active)
      mas_set(mas, 0x1600n)
      prep()
      is(mas_walk(mas), null, 0x1501n, 0x1fffn, ma_active)
    }
    // mas_walk: active -> active, walking within the node it is on
    mas.index = mas.last = 0x1200n
    mas.offset = 0
    is(mas_walk(mas), ptr, 0x1000n, 0x1500n, ma_active)
    mas.index = mas.last = 0x1600n
    is(mas_walk(mas), null, 0x1501n, 0x1fffn, ma_active)
  })

  it('finds backwards with mas_find_rev (check_rev_find) and stops prev at a limit (check_prev_entry)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i <= 200; i++) mtree_store_range(mt, X(i * 10), X(i * 10 + 5), V(i))
    const mas = MA_STATE(mt, 1000n, 1000n)
    expect(mas_find_rev(mas, 1000n)).toBe(100n)
    expect(mas_find_rev(mas, 1000n)).toBeNull()
    mas_set(mas, 999n)
    expect(mas_find_rev(mas, 997n)).toBeNull()
    mas_set(mas, 1000n)
    expect(mas_find_rev(mas, 900n)).toBe(100n)
    expect(mas_find_rev(mas, 900n)).toBe(99n)
    mas_set(mas, 20n)
    expect(mas_find_rev(mas, 0n)).toBe(2n)
    expect(mas_find_rev(mas, 0n)).toBe(1n)
    expect(mas_find_rev(mas, 0n)).toBe(0n)
    expect(mas_find_rev(mas, 0n)).toBeNull()

    const t2 = tree()
    check_seq(t2, 30, false)
    const m2 = MA_STATE(t2, 16n, 16n)
    expect(mas_find(m2, ULONG_MAX)).toBe(16n)
    expect(mas_prev(m2, 0n)).toBe(15n)

    const t3 = tree(MT_FLAGS_ALLOC_RANGE)
    const m3 = MA_STATE(t3, 0n, 0n)
    for (let i = 0; i <= 16; i++) {
      mas_set_range(m3, X(i * 10), X(i * 10 + 5))
      mas_store_gfp(m3, V(i))
    }
    mas_set(m3, 20n)
    expect(mas_walk(m3)).toBe(2n)
    expect(mas_prev(m3, 19n)).toBeNull()
    mas_set(m3, 80n)
    expect(mas_walk(m3)).toBe(8n)
    expect(mas_prev(m3, 76n)).toBeNull()
  })
})

describe('maple tree: gap searches', () => {
  it('finds the lowest and highest gap within a window, exactly fitting or not (check_empty_area_window)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 1; i <= 20; i++) mtree_store_range(mt, X(i * 10), X(i * 10 + 9), V(i))
    // Create another hole besides the one at 0
    mtree_store_range(mt, 160n, 169n, null)
    mt_validate(mt)
    const mas = MA_STATE(mt, 0n, 0n)
    const rev = (min: number, max: number, size: number): number => {
      mas_reset(mas)
      return mas_empty_area_rev(mas, X(min), X(max), X(size))
    }
    const fwd = (min: number, max: number, size: number): number => {
      mas_reset(mas)
      return mas_empty_area(mas, X(min), X(max), X(size))
    }
    // Check lower bounds that don't fit
    expect(rev(5, 90, 10)).toBe(-EBUSY)
    expect(rev(6, 90, 5)).toBe(-EBUSY)
    // Check lower bound that does fit
    expect(rev(5, 90, 5)).toBe(0)
    expect([mas.index, mas.last]).toEqual([5n, 9n])
    // Check one gap that doesn't fit and one that does
    expect(rev(5, 217, 9)).toBe(0)
    expect([mas.index, mas.last]).toEqual([161n, 169n])
    // Check one gap that does fit above the min
    expect(rev(100, 218, 3)).toBe(0)
    expect([mas.index, mas.last]).toEqual([216n, 218n])
    // Check size that doesn't fit any gap
    expect(rev(100, 218, 16)).toBe(-EBUSY)
    // Size that doesn't fit the lower end of the window but does fit the gap
    expect(rev(167, 200, 4)).toBe(-EBUSY)
    // Size that doesn't fit the upper end of the window but does fit the gap
    expect(rev(100, 162, 4)).toBe(-EBUSY)
    // Check mas_empty_area forward
    expect(fwd(0, 100, 9)).toBe(0)
    expect([mas.index, mas.last]).toEqual([0n, 8n])
    expect(fwd(0, 100, 4)).toBe(0)
    expect([mas.index, mas.last]).toEqual([0n, 3n])
    expect(fwd(0, 100, 11)).toBe(-EBUSY)
    expect(fwd(5, 100, 6)).toBe(-EBUSY)
    // A window smaller than the size is an invalid request (the kernel test said -EBUSY before
    // mas_empty_area() checked it up front).
    expect(fwd(0, 8, 10)).toBe(-EINVAL)
    expect(fwd(100, 165, 3)).toBe(0)
    expect([mas.index, mas.last]).toEqual([160n, 162n])
    expect(fwd(100, 163, 6)).toBe(-EBUSY)
    expect(fwd(5, 4, 1)).toBe(-EINVAL)
    expect(fwd(5, 10, 0)).toBe(-EINVAL)
  })

  it('answers a /proc/self/maps layout as the kernel test expects (check_alloc_range)', () => {
    const S = (v: bigint): bigint => v >> 12n
    // cat /proc/self/maps | awk '{print $1}' — inclusive, exclusive
    const range = [
      0x565234af2000n, 0x565234af4000n, 0x565234af4000n, 0x565234af9000n, 0x565234af9000n, 0x565234afb000n,
      0x565234afc000n, 0x565234afd000n, 0x565234afd000n, 0x565234afe000n, 0x565235def000n, 0x565235e10000n,
      0x7f36d4bfd000n, 0x7f36d4ee2000n, 0x7f36d4ee2000n, 0x7f36d4f04000n, 0x7f36d4f04000n, 0x7f36d504c000n,
      0x7f36d504c000n, 0x7f36d5098000n, 0x7f36d5098000n, 0x7f36d5099000n, 0x7f36d5099000n, 0x7f36d509d000n,
      0x7f36d509d000n, 0x7f36d509f000n, 0x7f36d509f000n, 0x7f36d50a5000n, 0x7f36d50b9000n, 0x7f36d50db000n,
      0x7f36d50db000n, 0x7f36d50dc000n, 0x7f36d50dc000n, 0x7f36d50fa000n, 0x7f36d50fa000n, 0x7f36d5102000n,
      0x7f36d5102000n, 0x7f36d5103000n, 0x7f36d5103000n, 0x7f36d5104000n, 0x7f36d5104000n, 0x7f36d5105000n,
      0x7fff5876b000n, 0x7fff5878d000n, 0x7fff5878e000n, 0x7fff58791000n, 0x7fff58791000n, 0x7fff58793000n
    ]
    // Start of hole, end of hole, size of hole (+1)
    const holes = [0x565234afb000n, 0x565234afc000n, 0x1000n, 0x565234afe000n, 0x565235def000n, 0x12f1000n, 0x565235e10000n, 0x7f36d4bfd000n, 0x28e49eded000n]
    // min, max, size, expected start, return value
    const req: [bigint, bigint, bigint, bigint, number][] = [
      [0x565234af9000n, 0x7fff58791000n, 0x1000n, 0x565234afb000n, 0], // First hole of size 1000.
      [0x0n, 0x7fff58791000n, 0x1f00n, 0x0n, 0], // First hole of size 2000.
      [34148797436n << 12n, 0x7fff587af000n, 0x3000n, 34148798629n << 12n, 0], // Test ascend.
      [34148798623n << 12n, 34148798683n << 12n, 0x15000n, 0n, -EBUSY], // Test failing.
      [34148798623n << 12n, 0x7fff587af000n, 0x10000n, 34148798632n << 12n, 0], // Filling an entire gap.
      [0n, ULONG_MAX, ULONG_MAX, 0n, -EBUSY], // Walking off the end of root.
      [0n, ULONG_MAX, 4503599618982063n << 12n, 34359052178n << 12n, -EBUSY] // Too large a hole.
    ]
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    mtree_store_range(mt, MTREE_ALLOC_MAX, ULONG_MAX, ZERO)
    for (let i = 0; i < range.length; i += 2) {
      check_insert_range(mt, S(range[i]!), S(range[i + 1]!) - 1n, S(range[i]!))
    }
    const mas = MA_STATE(mt, 0n, 0n)
    let min = 0x565234af2000n
    for (let i = 0; i < holes.length; i += 3) {
      expect(mas_empty_area(mas, S(min), S(holes[i + 1]!), S(holes[i + 2]!))).toBe(0)
      expect(mas.index).toBe(S(holes[i]!))
      min = holes[i + 1]!
      mas_reset(mas)
    }
    for (const [start, end, size, expected, eret] of req) {
      const result = { value: S(expected) + 1n }
      expect(mtree_alloc_range(mt, result, S(start), S(size), S(start), S(end))).toBe(eret)
      if (!eret) expect(result.value).toBe(S(expected))
      mt_validate(mt)
    }
  })

  it('answers the same layout top-down as the kernel test expects (check_alloc_rev_range)', () => {
    const S = (v: bigint): bigint => v >> 12n
    const range = [
      0x565234af2000n, 0x565234af4000n, 0x565234af4000n, 0x565234af9000n, 0x565234af9000n, 0x565234afb000n,
      0x565234afc000n, 0x565234afd000n, 0x565234afd000n, 0x565234afe000n, 0x565235def000n, 0x565235e10000n,
      0x7f36d4bfd000n, 0x7f36d4ee2000n, 0x7f36d4ee2000n, 0x7f36d4f04000n, 0x7f36d4f04000n, 0x7f36d504c000n,
      0x7f36d504c000n, 0x7f36d5098000n, 0x7f36d5098000n, 0x7f36d5099000n, 0x7f36d5099000n, 0x7f36d509d000n,
      0x7f36d509d000n, 0x7f36d509f000n, 0x7f36d509f000n, 0x7f36d50a5000n, 0x7f36d50b9000n, 0x7f36d50db000n,
      0x7f36d50db000n, 0x7f36d50dc000n, 0x7f36d50dc000n, 0x7f36d50fa000n, 0x7f36d50fa000n, 0x7f36d5102000n,
      0x7f36d5102000n, 0x7f36d5103000n, 0x7f36d5103000n, 0x7f36d5104000n, 0x7f36d5104000n, 0x7f36d5105000n,
      0x7fff5876b000n, 0x7fff5878d000n, 0x7fff5878e000n, 0x7fff58791000n, 0x7fff58791000n, 0x7fff58793000n
    ]
    const holes = [0x565234afb000n, 0x565234afc000n, 0x1000n, 0x565234afe000n, 0x565235def000n, 0x12f1000n, 0x565235e10000n, 0x7f36d4bfd000n, 0x28e49eded000n]
    const req: [bigint, bigint, bigint, bigint, number][] = [
      [0x565234af9000n, 0x7fff58791000n, 0x1000n, 0x7fff5878dn << 12n, 0], // First rev hole of size 0x1000
      [0x0n, 0x565234af1n << 12n, 0x3000n, 0x565234aeen << 12n, 0], // max - 3.
      [0x0n, ULONG_MAX, 0x1000n, 562949953421311n << 12n, 0], // First rev hole of size 0x1000
      [0x0n, 0x7f36d510an << 12n, 0x4000n, 0x7f36d5106n << 12n, 0], // First rev hole of size 0x4000
      [0x0n, 34148798629n << 12n, 19n << 12n, 34148797418n << 12n, 0], // Ascend test.
      [0x0n, ULONG_MAX, 562915594369134n << 12n, 0x0n, -EBUSY] // Too big test.
    ]
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    mtree_store_range(mt, MTREE_ALLOC_MAX, ULONG_MAX, ZERO)
    for (let i = 0; i < range.length; i += 2) check_insert_range(mt, S(range[i]!), S(range[i + 1]!) - 1n, S(range[i]!))
    const mas = MA_STATE(mt, 0n, 0n)
    let min = 0n
    for (let i = 0; i < holes.length; i += 3) {
      expect(mas_empty_area_rev(mas, min, S(holes[i + 1]!), S(holes[i + 2]!))).toBe(0)
      expect(mas.last + 1n).toBe(S(holes[i + 1]!))
      expect(mas.index).toBe(S(holes[i + 1]!) - S(holes[i + 2]!))
      min = S(holes[i + 1]!)
      mas_reset(mas)
    }
    for (const [start, end, size, expected, eret] of req) {
      const result = { value: S(expected) + 1n }
      // check_mtree_alloc_rrange() passes end - 1 as the maximum.
      expect(mtree_alloc_rrange(mt, result, S(start), S(size), S(start), S(end) - 1n)).toBe(eret)
      if (!eret) expect(result.value).toBe(S(expected))
      mt_validate(mt)
    }
    // create a deleted range.
    mtree_erase(mt, 34148798727n)
    const result = { value: 0n }
    expect(mtree_alloc_rrange(mt, result, 1n, 210253414n, 0n, 34359052173n - 1n)).toBe(0)
    expect(result.value).toBe(34148798725n)
    mt_validate(mt)
  })

  it('finds the gaps that erasing entries makes, across nodes and levels (check_gap_combining)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    const seq100 = [74, 75, 76, 50, 100, 2, 44, 45, 46, 43, 20, 50, 3, 80, 81, 82, 76, 2, 79, 85, 4]
    let index = seq100[0]!
    const mas = MA_STATE(mt, X(index), X(index))
    check_seq(mt, 100)
    mtree_erase(mt, X(seq100[2]!))
    check_load(mt, seq100[2]!, null)
    mtree_erase(mt, X(seq100[1]!))
    check_load(mt, seq100[1]!, null)
    expect(mas_find(mas, ULONG_MAX)).toBe(V(index))
    let mn1 = mas.node
    mas_next(mas, ULONG_MAX)
    expect(mas_next(mas, ULONG_MAX)).toBe(V(index + 4))
    // test the test: 74 and 78 are in different leaves.
    expect(mas.node).not.toBe(mn1)
    // There is a gap of 2 at index + 1 between seq100[3] and seq100[4].
    mas_reset(mas)
    expect(mas_empty_area_rev(mas, X(seq100[3]!), X(seq100[4]!), X(seq100[5]!))).toBe(0)
    expect(mas.index).toBe(X(index + 1))

    for (const i of [6, 7, 8]) mtree_erase(mt, X(seq100[i]!))
    check_load(mt, seq100[6]!, null)
    index = seq100[9]!
    mas.index = mas.last = X(index)
    mas_reset(mas)
    expect(mas_find(mas, ULONG_MAX)).toBe(V(index))
    mn1 = mas.node
    expect(mas_next(mas, ULONG_MAX)).toBe(V(index + 4))
    mas_next(mas, ULONG_MAX)
    // the next entry is in the next node.
    expect(mas.node).not.toBe(mn1)
    // A gap of 3 at seq100[6]: search 20 - 50 for size 3.
    mas_reset(mas)
    expect(mas_empty_area_rev(mas, X(seq100[10]!), X(seq100[11]!), X(seq100[12]!))).toBe(0)
    expect(mas.index).toBe(X(seq100[6]!))

    mtree_store(mt, X(seq100[13]!), null)
    check_load(mt, seq100[13]!, null)
    check_load(mt, seq100[14]!, seq100[14]!)
    mtree_store(mt, X(seq100[14]!), null)
    check_load(mt, seq100[13]!, null)
    check_load(mt, seq100[14]!, null)
    mas_reset(mas)
    expect(mas_empty_area_rev(mas, X(seq100[16]!), X(seq100[15]!), X(seq100[17]!))).toBe(0)
    expect(mas.index).toBe(X(seq100[13]!))
    mt_validate(mt)

    mtree_store_range(mt, X(seq100[18]!), X(seq100[14]!), null)
    mtree_erase(mt, X(seq100[15]!))
    mas_reset(mas)
    expect(mas_empty_area_rev(mas, X(seq100[16]!), X(seq100[19]!), X(seq100[20]!))).toBe(0)
    expect(mas.index).toBe(X(seq100[18]!))
    mt_validate(mt)

    // seq 2000 tests are for multi-level tree gaps
    const t2 = tree(MT_FLAGS_ALLOC_RANGE)
    check_seq(t2, 2000, false)
    mtree_erase(t2, 1152n)
    mtree_erase(t2, 1151n)
    const m2 = MA_STATE(t2, 0n, 0n)
    expect(mas_empty_area_rev(m2, 1100n, 1200n, 2n)).toBe(0)
    expect(m2.index).toBe(1151n)
    mt_validate(t2)

    // seq 400 tests rebalancing over two levels.
    const t3 = tree(MT_FLAGS_ALLOC_RANGE)
    check_seq(t3, 400, false)
    check_store_range(t3, 286, 318, null)
    const t4 = tree(MT_FLAGS_ALLOC_RANGE)
    check_seq(t4, 400, false)
    for (const a of [256, 260, 266, 270, 286, 275, 280, 290]) check_store_range(t4, a, 398, a)
    check_store_range(t4, 286, 310, 286)
  })

  it('fills a window allocation by allocation until no space is left (check_empty_area_fill)', () => {
    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    const max = 0x25d78000n
    const mas = MA_STATE(mt, 0n, 0n)
    for (let shift = 12n; shift <= 16n; shift++) {
      const size = 1n << shift
      for (let loop = 0; loop < 600; loop++) {
        mas_set(mas, 0n)
        expect(mas_empty_area(mas, 0n, max, size)).toBe(0)
        expect(mas.last).toBe(mas.index + size - 1n)
        mas_store_gfp(mas, size)
        mas_reset(mas)
      }
    }
    mt_validate(mt)
    // The allocations are packed from 0 up with no hole: one range per allocation, in order.
    const r = mt_ranges(mt)
    expect(r.length).toBe(3000)
    for (let i = 1; i < r.length; i++) expect(r[i]!.index).toBe(r[i - 1]!.last + 1n)
    mas_reset(mas)
    expect(mas_empty_area(mas, 0n, r[r.length - 1]!.last, 0x1000n)).toBe(-EBUSY)
  })
})

describe('maple tree: an mm_struct.mm_mt of VMAs', () => {
  // A process without ASLR: cat's mappings, each VMA stored as [vm_start, vm_end - 1] as
  // vma_iter_store() does, in an MM_MT_FLAGS tree (allocation range + RCU).
  const maps: [bigint, bigint, string][] = [
    [0x555555554000n, 0x555555556000n, 'cat r--p'],
    [0x555555556000n, 0x55555555b000n, 'cat r-xp'],
    [0x55555555b000n, 0x55555555d000n, 'cat r--p'],
    [0x55555555d000n, 0x55555555e000n, 'cat r--p'],
    [0x55555555e000n, 0x55555555f000n, 'cat rw-p'],
    [0x55555555f000n, 0x555555580000n, '[heap]'],
    [0x7ffff7d80000n, 0x7ffff7da8000n, 'libc r--p'],
    [0x7ffff7da8000n, 0x7ffff7f3d000n, 'libc r-xp'],
    [0x7ffff7f3d000n, 0x7ffff7f95000n, 'libc r--p'],
    [0x7ffff7f95000n, 0x7ffff7f99000n, 'libc r--p'],
    [0x7ffff7f99000n, 0x7ffff7f9b000n, 'libc rw-p'],
    [0x7ffff7f9b000n, 0x7ffff7fa8000n, 'anon rw-p'],
    [0x7ffff7fbd000n, 0x7ffff7fbf000n, 'anon rw-p'],
    [0x7ffff7fbf000n, 0x7ffff7fc3000n, '[vvar]'],
    [0x7ffff7fc3000n, 0x7ffff7fc5000n, '[vdso]'],
    [0x7ffff7fc5000n, 0x7ffff7fc6000n, 'ld r--p'],
    [0x7ffff7fc6000n, 0x7ffff7ff1000n, 'ld r-xp'],
    [0x7ffff7ff1000n, 0x7ffff7ffb000n, 'ld r--p'],
    [0x7ffff7ffb000n, 0x7ffff7ffd000n, 'ld r--p'],
    [0x7ffff7ffd000n, 0x7ffff7fff000n, 'ld rw-p'],
    [0x7ffffffde000n, 0x7ffffffff000n, '[stack]']
  ]
  const mmap_min_addr = 0x10000n
  const mmap_base = 0x7ffff7fff000n

  function mm(): MapleTree<string> {
    const mt = new MapleTree<string>(MM_MT_FLAGS)
    for (const [start, end, name] of maps) expect(mtree_store_range(mt, start, end - 1n, name)).toBe(0)
    mt_validate(mt)
    return mt
  }

  /** unmapped_area_topdown() → vma_iter_area_highest(): mas_empty_area_rev(min, max - 1, size). */
  function topdown(mt: MapleTree<string>, length: bigint, high = mmap_base): bigint | number {
    const mas: MaState<string> = MA_STATE(mt, 0n, 0n)
    const ret = mas_empty_area_rev(mas, mmap_min_addr, high - 1n, length)
    if (ret) return ret
    // gap = vma_iter_end(&vmi) - info->length
    return mas.last + 1n - length
  }

  it('maps the VMAs to their ranges, loading each at its first and last byte and past it', () => {
    const mt = mm()
    for (const [start, end, name] of maps) {
      expect(mtree_load(mt, start)).toBe(name)
      expect(mtree_load(mt, end - 1n)).toBe(name)
    }
    expect(mtree_load(mt, 0x555555580000n)).toBeNull()
    expect(mtree_load(mt, 0x7ffff7fa8000n)).toBeNull()
    expect(mtree_load(mt, 0x7ffffffff000n)).toBeNull()
    expect(mtree_load(mt, 0x555555553fffn)).toBeNull()
    // find_vma(): the first VMA ending above an address.
    expect(mt_find(mt, { value: 0x555555580000n }, ULONG_MAX)).toBe('libc r--p')
    expect([...mt_for_each(mt, 0n, ULONG_MAX)].map((r) => r.entry)).toEqual(maps.map((m) => m[2]))
    const v = mt_view(mt)
    expect(v.allocRange).toBe(true)
    expect(v.rcu).toBe(true)
    expect(v.height).toBe(2)
    expect((v.root as MapleNodeView).type).toBe('maple_arange_64')
  })

  it('places a new mapping in the highest gap below mmap_base that fits (mas_empty_area_rev)', () => {
    const mt = mm()
    // The hole between the anonymous mapping after libc and the one before [vvar]: 0x15000 bytes.
    expect(topdown(mt, 0x3000n)).toBe(0x7ffff7fba000n)
    expect(topdown(mt, 0x15000n)).toBe(0x7ffff7fa8000n) // fits exactly
    // One page more no longer fits there: below libc, above the heap.
    expect(topdown(mt, 0x16000n)).toBe(0x7ffff7d80000n - 0x16000n)
    expect(topdown(mt, 0x100000n)).toBe(0x7ffff7c80000n)
    // A limit below libc: the gap above the heap, up to the limit.
    expect(topdown(mt, 0x1000n, 0x555555600000n)).toBe(0x5555555ff000n)
    // Bigger than any hole below the limit; bigger than the window itself is an invalid request.
    expect(topdown(mt, 0x555555545000n, 0x555555600000n)).toBe(-EBUSY)
    expect(topdown(mt, 0x555555600000n, 0x555555600000n)).toBe(-EINVAL)
    expect(topdown(mt, 0x555555544000n, 0x555555600000n)).toBe(0x10000n) // exactly fits, from mmap_min_addr
    // The legacy (bottom-up) layout: mas_empty_area() from mmap_min_addr.
    const mas = MA_STATE(mt, 0n, 0n)
    expect(mas_empty_area(mas, mmap_min_addr, mmap_base - 1n, 0x3000n)).toBe(0)
    expect(mas.index).toBe(mmap_min_addr)
  })

  it('mmap then munmap: the new VMA fills its gap, and erasing it merges the gap back', () => {
    const mt = mm()
    const at = topdown(mt, 0x15000n) as bigint
    expect(mtree_store_range(mt, at, at + 0x15000n - 1n, 'new')).toBe(0)
    mt_validate(mt)
    // The hole is gone: the next search goes below libc.
    expect(topdown(mt, 0x3000n)).toBe(0x7ffff7d7d000n)
    // munmap of the middle of the new VMA splits it in two, as __split_vma() leaves it.
    expect(mtree_store_range(mt, at + 0x5000n, at + 0x7fffn, null)).toBe(0)
    mt_validate(mt)
    expect(mtree_load(mt, at + 0x4fffn)).toBe('new')
    expect(mtree_load(mt, at + 0x5000n)).toBeNull()
    expect(mtree_load(mt, at + 0x8000n)).toBe('new')
    expect(topdown(mt, 0x3000n)).toBe(at + 0x5000n)
    expect(topdown(mt, 0x4000n)).toBe(0x7ffff7d7c000n)
    // Erase both halves: the original 0x15000 hole is back and found again.
    expect(mtree_erase(mt, at)).toBe('new')
    expect(mtree_erase(mt, at + 0x8000n)).toBe('new')
    mt_validate(mt)
    expect(topdown(mt, 0x15000n)).toBe(0x7ffff7fa8000n)
    expect(mt_ranges(mt).length).toBe(maps.length)
  })
})

describe('maple tree: duplication', () => {
  it('copies a tree node for node as dup_mmap() does, the copy independent of the original (__mt_dup)', () => {
    const mt = tree(MM_MT_FLAGS)
    for (let i = 0; i < 700; i++) mtree_store_range(mt, X(i * 0x3000), X(i * 0x3000 + 0x1fff), V(i))
    const copy = tree(MM_MT_FLAGS)
    expect(mtree_dup(mt, copy, (e) => e + 1000000n)).toBe(0)
    mt_validate(copy)
    expect(mt_height(copy)).toBe(mt_height(mt))
    expect(copy.nodes).toBe(mt.nodes)
    const shape = (t: Tree): string => JSON.stringify(mt_view(t, () => 'e'), (k, x) => (k === 'id' ? undefined : x))
    expect(shape(copy)).toBe(shape(mt))
    expect(mtree_load(copy, 0x3000n)).toBe(1000001n)
    // Changing the copy leaves the original alone.
    mtree_store_range(copy, 0n, 0x100000n, null)
    mt_validate(copy)
    mt_validate(mt)
    expect(mtree_load(mt, 0x3000n)).toBe(1n)
    // The new tree must be empty and have the same attributes.
    expect(mtree_dup(mt, copy)).toBe(-EINVAL)
    expect(mtree_dup(mt, tree(0))).toBe(-EINVAL)
  })
})

describe('maple tree: views', () => {
  it('describes the node tree as plain JSON, with gaps in allocation trees', () => {
    const empty = tree()
    expect(mt_view(empty).root).toBeNull()
    mtree_store(empty, 0n, 5n)
    expect(mt_view(empty).root).toEqual({ kind: 'entry', index: '0x0', last: '0x0', entry: '5' })

    const mt = tree(MT_FLAGS_ALLOC_RANGE)
    for (let i = 0; i < 30; i++) mtree_store_range(mt, X(i * 10), X(i * 10 + 5), V(i))
    const v = mt_view(mt, (e) => `v${e}`)
    expect(JSON.parse(JSON.stringify(v))).toEqual(v)
    expect(v.height).toBe(2)
    expect(v.nodes).toBe(mt.nodes)
    const root = v.root as MapleNodeView
    expect(root).toMatchObject({ kind: 'node', type: 'maple_arange_64', min: '0x0', max: '0xffffffffffffffff' })
    expect(root.gaps!.length).toBe(root.end + 1)
    // The largest gap below the root is the free space after the last entry.
    expect(root.gaps![root.maxGapSlot!]).toBe(`0x${(ULONG_MAX - 295n).toString(16)}`)
    const leaves = kids(root)
    expect(leaves.every((l) => l.type === 'maple_leaf_64')).toBe(true)
    expect(leaves[0]!.slots[0]).toEqual({ kind: 'entry', index: '0x0', last: '0x5', entry: 'v0' })
    expect(leaves[0]!.slots[1]).toEqual({ kind: 'entry', index: '0x6', last: '0x9', entry: null })
    expect(leaves.map((l) => l.parentSlot)).toEqual(leaves.map((_, i) => i))
    // Every leaf's gap in the root is its largest NULL run: 4 (i*10+6 .. i*10+9), the last one huge.
    expect(root.gaps!.slice(0, -1).every((g) => g === '0x4')).toBe(true)
    expect(mt_dump(mt)).toContain('maple_tree flags')
  })
})

describe('maple tree: against a reference model', () => {
  it('survives long seeded runs that reach height 4, in every store type, valid after each step', () => {
    // Deterministic (lib/prng), so a failure replays: thousands of stores of small and wide
    // ranges, NULL stores and erases in index spaces of different density.
    const seen = new Set<string>()
    let maxHeight = 0
    for (const flags of [0, MT_FLAGS_ALLOC_RANGE, MM_MT_FLAGS]) {
      const p = new Prng(flags + 7)
      for (let run = 0; run < 4; run++) {
        const mt = tree(flags)
        const m = new RangeModel()
        const space = [2000, 20000, 200000][run % 3]!
        for (let k = 0; k < 3000; k++) {
          const a = X(p.below(space))
          const b = a + X(p.below(p.below(2) ? 5 : [10, 60, 600][p.below(3)]!))
          if (p.below(10) < 7) {
            const v = p.below(3) === 0 ? null : X(k + 1)
            const mas = MA_STATE(mt, a, b)
            mas_store(mas, v)
            seen.add(STORE_TYPE_NAMES[mas.store_type])
            m.store(a, b, v)
          } else {
            const mas = MA_STATE(mt, a, a)
            expect(mas_erase(mas)).toBe(m.erase(a))
            seen.add(STORE_TYPE_NAMES[mas.store_type])
          }
          mt_validate(mt)
          maxHeight = Math.max(maxHeight, mt_height(mt))
          if (k % 50 === 0) expectSameAsModel(mt, m)
        }
        expectSameAsModel(mt, m)
        // Erase all, from the left: the last erase in a root leaf makes the tree empty again.
        for (const r of [...m.ranges]) {
          const mas = MA_STATE(mt, r.first, r.first)
          expect(mas_erase(mas)).toBe(r.v)
          seen.add(STORE_TYPE_NAMES[mas.store_type])
        }
        mt_validate(mt)
        expect(mt.nodes).toBe(0)
      }
    }
    expect(maxHeight).toBeGreaterThanOrEqual(4)
    for (const t of ['wr_store_root', 'wr_new_root', 'wr_exact_fit', 'wr_spanning_store', 'wr_split_store', 'wr_rebalance', 'wr_append', 'wr_node_store', 'wr_slot_store']) expect(seen).toContain(t)
  })

  const opArb = (span: number) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constant('store' as const), fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 40 }), fc.option(fc.integer({ min: 1, max: 1000 }), { freq: 4 })) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('wide' as const), fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: span / 4 }), fc.option(fc.integer({ min: 1, max: 1000 }), { freq: 3 })) },
      { weight: 3, arbitrary: fc.tuple(fc.constant('erase' as const), fc.integer({ min: 0, max: span }), fc.constant(0), fc.constant(null)) }
    )

  for (const [name, flags] of [
    ['a normal tree', 0],
    ['an allocation tree', MT_FLAGS_ALLOC_RANGE],
    ['an allocation tree in RCU mode (mm_mt)', MM_MT_FLAGS]
  ] as const) {
    it(`stays equal to a sorted list of ranges through random stores and erases, valid after each step: ${name}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 200, max: 20000 }), fc.array(opArb(20000), { minLength: 1, maxLength: 300, size: 'max' }), (spanRaw, ops) => {
          const mt = tree(flags)
          const m = new RangeModel()
          for (const [op, a0, len, v] of ops) {
            const a = X(a0 % spanRaw)
            if (op === 'erase') {
              expect(mtree_erase(mt, a)).toBe(m.erase(a))
            } else {
              const b = a + X(len)
              const e = v == null ? null : X(v as number)
              expect(mtree_store_range(mt, a, b, e)).toBe(0)
              m.store(a, b, e)
            }
            expectSameAsModel(mt, m)
          }
          // Loads at every boundary: first, last, last + 1.
          for (const r of m.ranges) {
            expect(mtree_load(mt, r.first)).toBe(r.v)
            expect(mtree_load(mt, r.last)).toBe(r.v)
            expect(mtree_load(mt, r.last + 1n)).toBe(m.find(r.last + 1n)?.v ?? null)
            if (r.first > 0n) expect(mtree_load(mt, r.first - 1n)).toBe(m.find(r.first - 1n)?.v ?? null)
          }
          // Iteration both ways.
          const mas = MA_STATE(mt, 0n, 0n)
          expect([...mas_for_each(mas, ULONG_MAX)]).toEqual(m.ranges.map((r) => r.v))
          const back: bigint[] = []
          const rmas = MA_STATE(mt, ULONG_MAX, ULONG_MAX)
          for (let e = mas_find_rev(rmas, 0n); e != null; e = mas_find_rev(rmas, 0n)) back.push(e)
          expect(back).toEqual(m.ranges.map((r) => r.v).reverse())
          // Gap searches in windows, forward and reverse.
          if (flags & MT_FLAGS_ALLOC_RANGE) {
            for (let k = 0; k < 12; k++) {
              const lo = X((k * 1637 + ops.length * 31) % (spanRaw + 50))
              const hi = lo + X((k * 7919) % 3000)
              const size = X(1 + ((k * 13) % 40))
              for (const fwd of [true, false]) {
                const s = MA_STATE(mt, 0n, 0n)
                const ret = fwd ? mas_empty_area(s, lo, hi, size) : mas_empty_area_rev(s, lo, hi, size)
                const want = m.emptyArea(lo, hi, size, fwd)
                if (typeof want === 'number') expect(ret).toBe(want)
                else expect([ret, s.index, s.last]).toEqual([0, want.index, want.last])
              }
            }
          }
          // Erase everything: back to an empty tree with no nodes.
          for (const r of [...m.ranges]) expect(mtree_erase(mt, r.first)).toBe(r.v)
          mt_validate(mt)
          expect(mtree_empty(mt)).toBe(true)
          expect(mt.nodes).toBe(0)
        }),
        { numRuns: 40, seed: 18 }
      )
    })
  }
})

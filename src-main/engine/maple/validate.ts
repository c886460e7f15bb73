// mt_validate() (lib/maple_tree.c, CONFIG_DEBUG_MAPLE_TREE): the invariants of a maple tree,
// checked by walking it from the root with each node's range computed from the pivots above it.
// The kernel's checks — mas_validate_limits(), mas_validate_parent_slot(),
// mas_validate_child_slot(), mas_validate_gaps(), the occupancy check and mt_validate_nulls() —
// plus what the kernel takes for granted: every leaf at the tree's height, the node types, the
// data end the metadata reports, every recorded gap equal to the real largest run of NULL indices
// below it (not only bounded by it), and the tree's node count. A violation is a bug of the
// engine: it throws, naming the node and what is wrong.

import {
  MAPLE_TYPE_NAMES,
  ULONG_MAX,
  ma_data_end,
  maple_arange_64,
  maple_leaf_64,
  maple_range_64,
  mt_height,
  mt_is_alloc,
  mt_min_slots,
  mt_pivots,
  mt_slots,
  xa_is_node,
  type MapleNode,
  type MapleTree
} from './maple_tree'

/** A range of a leaf in index order, for the checks across leaves. */
interface LeafRange {
  node: MapleNode<unknown>
  first: bigint
  last: bigint
  empty: boolean
}

const range = (min: bigint, max: bigint): string => `[0x${min.toString(16)}, 0x${max.toString(16)}]`

/** mt_validate(): throw on the first broken invariant of the tree. */
function bug(msg: string): never {
  throw new Error(`BUG: maple_tree: mt_validate: ${msg}`)
}

export function mt_validate<T>(mt: MapleTree<T>): void {
  const root = mt.ma_root
  const height = mt_height(mt)
  const alloc = mt_is_alloc(mt)
  if (!xa_is_node(root)) {
    if (height !== 0) bug(`height ${height} with no root node`)
    if (mt.nodes !== 0) bug(`${mt.nodes} nodes held by a tree with no root node`)
    return
  }
  if (!root.isRoot || root.parent !== null) bug(`root node ${root.id} does not point to the tree`)
  if (height < 1) bug('a root node in a tree of height 0')

  let count = 0
  const leaves: LeafRange[] = []

  // The real largest gap below node, checking the node on the way.
  const walk = (node: MapleNode<T>, min: bigint, max: bigint, depth: number, parent: MapleNode<T> | null, pslot: number): bigint => {
    count++
    const where = `node ${node.id} ${MAPLE_TYPE_NAMES[node.type]} ${range(min, max)} at depth ${depth}`
    if (node.freed) bug(`${where} was freed but is in the tree`)
    if (node.parent === node) bug(`${where} is dead but is in the tree`)
    // mas_validate_parent_slot(), mas_validate_child_slot()
    if (parent) {
      if (node.isRoot) bug(`${where} is marked root`)
      if (node.parent !== parent) bug(`${where}: parent is ${node.parent?.id ?? 'none'}, not ${parent.id}`)
      if (node.parentSlot !== pslot) bug(`${where}: parent slot ${node.parentSlot}, in slot ${pslot}`)
    }
    const leaf = depth === height
    const type = leaf ? maple_leaf_64 : alloc ? maple_arange_64 : maple_range_64
    if (node.type !== type) bug(`${where} should be ${MAPLE_TYPE_NAMES[type]} (height ${height})`)

    // mas_validate_limits(): pivots strictly increasing, within [min, max], the last one in use
    // equal to max (or implied by it when every slot is used).
    const npiv = mt_pivots[type]!
    const nslots = mt_slots[type]!
    let end = -1
    let prev = 0n
    for (let i = 0; i < nslots; i++) {
      const piv = i < npiv ? node.pivot[i]! : max
      if (i > 0 && piv === 0n) bug(`${where}: missing node limit pivot at ${i}`)
      if (i > 0 && piv <= prev) bug(`${where}: pivot ${i} 0x${piv.toString(16)} not above pivot ${i - 1} 0x${prev.toString(16)}`)
      if (piv < min) bug(`${where}: pivot ${i} 0x${piv.toString(16)} below the node's minimum`)
      if (piv > max) bug(`${where}: pivot ${i} 0x${piv.toString(16)} above the node's maximum`)
      prev = piv
      if (piv === max) {
        end = i
        break
      }
    }
    if (ma_data_end(node, max) !== end) bug(`${where}: data end ${ma_data_end(node, max)} != the last slot offset ${end}`)
    for (let i = end + 1; i < nslots; i++) if (node.slot[i] != null) bug(`${where}: slot ${i} beyond the end ${end} is in use`)
    for (let i = end + 1; i < npiv; i++) if (node.pivot[i] !== 0n) bug(`${where}: pivot ${i} beyond the end ${end} is set`)
    // mt_validate(): a node may hold fewer than mt_min_slots only at the right edge of the tree.
    if (end < mt_min_slots[type]! && max !== ULONG_MAX) bug(`${where}: ${end + 1} slots, fewer than the minimum`)

    const slotMin = (i: number): bigint => (i ? node.pivot[i - 1]! + 1n : min)
    const slotMax = (i: number): bigint => (i < npiv ? node.pivot[i]! : max)

    if (leaf) {
      let maxGap = 0n
      for (let i = 0; i <= end; i++) {
        const e = node.slot[i]
        if (xa_is_node(e)) bug(`${where}: leaf slot ${i} holds node ${e.id}`)
        const first = slotMin(i)
        const last = slotMax(i)
        if (e == null) {
          const gap = BigInt.asUintN(64, last - first + 1n)
          if (gap > maxGap) maxGap = gap
        }
        leaves.push({ node: node as MapleNode<unknown>, first, last, empty: e == null })
      }
      return maxGap
    }

    let maxGap = 0n
    for (let i = 0; i <= end; i++) {
      const child = node.slot[i]
      if (!xa_is_node(child)) bug(`${where}: non-leaf node lacks a child at slot ${i}`)
      const gap = walk(child, slotMin(i), slotMax(i), depth + 1, node, i)
      // mas_validate_gaps(): the gap recorded for each child is the child's largest gap.
      if (alloc && node.gap![i] !== gap) bug(`${where}: gap[${i}] = 0x${node.gap![i]!.toString(16)}, child ${child.id} has a largest gap of 0x${gap.toString(16)}`)
      if (gap > maxGap) maxGap = gap
    }
    if (alloc) {
      const gaps = node.gap!
      for (let i = end + 1; i < nslots; i++) if (gaps[i] !== 0n) bug(`${where}: gap[${i}] beyond the end is not 0`)
      if (node.metaGap > end) bug(`${where}: the gap offset ${node.metaGap} is past the end ${end}`)
      if (gaps[node.metaGap] !== maxGap) bug(`${where}: gap[${node.metaGap}] is not the largest gap 0x${maxGap.toString(16)}`)
    }
    return maxGap
  }

  walk(root, 0n, ULONG_MAX, 1, null, 0)
  if (count !== mt.nodes) bug(`the tree counts ${mt.nodes} nodes, ${count} are reachable`)

  // mt_validate_nulls(): NULL ranges are merged, within leaves and across them.
  for (let i = 1; i < leaves.length; i++) {
    const a = leaves[i - 1]!
    const b = leaves[i]!
    if (a.last + 1n !== b.first) bug(`leaf ranges not contiguous at ${range(a.first, a.last)} → ${range(b.first, b.last)}`)
    if (a.empty && b.empty) bug(`sequential NULLs ${range(a.first, a.last)} and ${range(b.first, b.last)} in nodes ${a.node.id} and ${b.node.id}`)
    // Only the rightmost leaf may end in NULL (mas_leaf_max_gap() and mas_next_slot() rely on it).
    if (a.empty && a.node !== b.node) bug(`leaf ${a.node.id} ends in NULL ${range(a.first, a.last)} but is not the rightmost`)
  }
  if (leaves.length === 1 && leaves[0]!.empty) bug('a tree of a single NULL range is not empty')
}

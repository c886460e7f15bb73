// A view of a maple tree's structure for a pane, derived on demand (DESIGN.md: views are derived):
// every node with its type, range, pivots, slots and gaps, as plain JSON-able objects — indices as
// hex strings, since a 64-bit index does not fit a JSON number. The shape is mt_dump()'s
// (lib/maple_tree.c): a node lists its slots in order, each an entry with the range it covers or
// a child node. Also mt_dump() itself, in the kernel's text format.

import { hex } from '@shared/format/hex'
import type { MapleEntryView, MapleNodeView, MapleTreeView } from '@shared/model/mm'
import {
  MAPLE_TYPE_NAMES,
  MT_FLAGS_ALLOC_RANGE,
  MT_FLAGS_USE_RCU,
  ULONG_MAX,
  ma_data_end,
  ma_is_leaf,
  maple_arange_64,
  mt_height,
  mt_pivots,
  xa_is_node,
  type MapleNode,
  type MapleTree
} from './maple_tree'

export type { MapleEntryView, MapleNodeView, MapleTreeView }

/** The structure of the tree; describe() turns an entry into its label (default String()). */
export function mt_view<T>(mt: MapleTree<T>, describe: (entry: T) => string = (e) => String(e)): MapleTreeView {
  const nodeView = (node: MapleNode<T>, min: bigint, max: bigint): MapleNodeView => {
    const end = ma_data_end(node, max)
    const npiv = mt_pivots[node.type]!
    const slots: (MapleEntryView | MapleNodeView)[] = []
    for (let i = 0; i <= end; i++) {
      const first = i ? node.pivot[i - 1]! + 1n : min
      const last = i < npiv && i < end ? node.pivot[i]! : max
      const s = node.slot[i]
      if (xa_is_node(s)) slots.push(nodeView(s, first, last))
      else slots.push({ kind: 'entry', index: hex(first), last: hex(last), entry: s == null ? null : describe(s) })
    }
    const v: MapleNodeView = {
      kind: 'node',
      id: node.id,
      type: MAPLE_TYPE_NAMES[node.type] as MapleNodeView['type'],
      min: hex(min),
      max: hex(max),
      end,
      pivots: node.pivot.slice(0, Math.min(end + 1, npiv)).map(hex),
      slots,
      parentSlot: node.isRoot ? 0 : node.parentSlot
    }
    if (node.type === maple_arange_64) {
      v.gaps = node.gap!.slice(0, end + 1).map(hex)
      v.maxGapSlot = node.metaGap
    }
    return v
  }
  const root = mt.ma_root
  return {
    flags: mt.ma_flags,
    height: mt_height(mt),
    allocRange: (mt.ma_flags & MT_FLAGS_ALLOC_RANGE) !== 0,
    rcu: (mt.ma_flags & MT_FLAGS_USE_RCU) !== 0,
    nodes: mt.nodes,
    root: root == null ? null : xa_is_node(root) ? nodeView(root, 0n, ULONG_MAX) : { kind: 'entry', index: '0x0', last: '0x0', entry: describe(root) }
  }
}

/** The entries in index order with their ranges (a walk of the leaves). */
export function mt_ranges<T>(mt: MapleTree<T>): { index: bigint; last: bigint; entry: T }[] {
  const out: { index: bigint; last: bigint; entry: T }[] = []
  const root = mt.ma_root
  if (root == null) return out
  if (!xa_is_node(root)) return [{ index: 0n, last: 0n, entry: root }]
  const walk = (node: MapleNode<T>, min: bigint, max: bigint): void => {
    const end = ma_data_end(node, max)
    const npiv = mt_pivots[node.type]!
    for (let i = 0; i <= end; i++) {
      const first = i ? node.pivot[i - 1]! + 1n : min
      const last = i < npiv && i < end ? node.pivot[i]! : max
      const s = node.slot[i]
      if (xa_is_node(s)) walk(s, first, last)
      else if (s != null) out.push({ index: first, last, entry: s })
    }
  }
  walk(root, 0n, ULONG_MAX)
  return out
}

/** mt_dump() with mt_dump_hex: the kernel's debugging dump, one line per entry or node. */
export function mt_dump<T>(mt: MapleTree<T>, describe: (entry: T) => string = (e) => String(e)): string {
  const lines: string[] = []
  const root = mt.ma_root
  const rng = (min: bigint, max: bigint, depth: number): string => ' '.repeat(depth * 2) + (min === max ? `${min.toString(16)}: ` : `${min.toString(16)}-${max.toString(16)}: `)
  lines.push(`maple_tree flags ${mt.ma_flags.toString(16).toUpperCase()}, height ${mt_height(mt)} root ${root == null ? '(nil)' : xa_is_node(root) ? `node ${root.id}` : describe(root)}`)
  const dumpNode = (node: MapleNode<T>, min: bigint, max: bigint, depth: number): void => {
    const end = ma_data_end(node, max)
    const npiv = mt_pivots[node.type]!
    let head = `${rng(min, max, depth)}node ${node.id} depth ${depth} type ${node.type} parent ${node.isRoot ? 'root' : node.parent?.id}`
    if (node.type === maple_arange_64) head += ` gaps ${node.gap!.map((g) => g.toString(16)).join(' ')} | ${node.metaEnd} ${node.metaGap}`
    lines.push(head)
    for (let i = 0; i <= end; i++) {
      const first = i ? node.pivot[i - 1]! + 1n : min
      const last = i < npiv && i < end ? node.pivot[i]! : max
      const s = node.slot[i]
      if (xa_is_node(s)) dumpNode(s, first, last, depth + 1)
      else if (ma_is_leaf(node.type)) lines.push(`${rng(first, last, depth + 1)}${s == null ? '(nil)' : describe(s)}`)
    }
  }
  if (xa_is_node(root)) dumpNode(root, 0n, ULONG_MAX, 0)
  else if (root != null) lines.push(`0: ${describe(root)}`)
  else lines.push('(empty)')
  return lines.join('\n')
}

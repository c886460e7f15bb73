// The maple tree of Linux 6.18 (lib/maple_tree.c, include/linux/maple_tree.h): a B-tree that maps
// ranges of unsigned long indices [index, last] to entries, the way mm_struct.mm_mt maps VMAs.
// This is a port of the kernel's algorithms, function by function and under the kernel's names,
// so that the shape of a tree (which node holds which range, where a node splits, when two nodes
// merge, what the gaps say) is the shape a real kernel builds for the same sequence of stores.
//
// Nodes as the kernel has them:
//  - maple_range_64: 16 slots, 15 pivots. Leaves (maple_leaf_64) and the internal nodes of a
//    normal tree. Pivot i is the inclusive upper bound of slot i; the last slot in use has the
//    node's maximum as its bound, written as a pivot when there is room (end < 15), implied by the
//    parent's pivot otherwise (the "implied pivot").
//  - maple_arange_64: 10 slots, 9 pivots, plus gap[10] — the largest run of NULL indices below
//    each child — and the metadata (end, index of the largest gap). The internal nodes of an
//    allocation tree (MT_FLAGS_ALLOC_RANGE), which is what mm_mt is.
//  - The root is NULL, a single entry for the range [0, 0] stored in ma_root, or a node.
//
// What differs from C, and why:
//  - Indices are bigint, exact to 64 bits (addresses go up to 0xffff_ffff_ffff_ffff). C relies on
//    unsigned wrap-around in a few places (min - 1 when min is 0, last + 1 at ULONG_MAX); those
//    spots wrap explicitly with u64().
//  - A node is an object; the encoded parent pointer becomes (parent, parentSlot, isRoot), and a
//    dead node points to itself as in mte_set_node_dead(). A node's metadata is kept beside the
//    slots (in C it overlaps the last slot of a range_64 node, so ma_data_end() reads the pivots
//    first — which we keep, so the metadata is read exactly when the kernel reads it).
//  - Nodes come from no allocator: mas_pop_node() makes one and the tree counts the nodes it
//    holds (the maple_node slab objects). Allocation cannot fail, so -ENOMEM never happens; each
//    write still records in mas.node_request what mas_preallocate() would have asked for.
//  - No concurrent readers, so the RCU retry paths (dead-node rewalks) are dropped. The RCU flag
//    (MT_FLAGS_USE_RCU, set on mm_mt) still decides the store type as in mas_wr_store_type():
//    in RCU mode a node is replaced by a new one rather than modified in place.
//  - Not ported: dense nodes (never used by the kernel's trees), the bulk-insert mode
//    (mas_expected_entries, MA_STATE_BULK, mas_destroy_rebalance; fork uses __mt_dup(), here
//    mtree_dup()) and mas_alloc_cyclic().
//
// Which kernel: the lib/maple_tree.c followed here is from the 6.13 development cycle; the later
// changes that alter what a tree looks like are applied, each marked where it lands: the split point
// ("maple_tree: simplify split calculation", 6.14), mas_spanning_rebalance() stopping where the two
// sides converge and mast_overflow() using ">" (6.16), mas_walk() restarting only when not active
// (6.16), heights passed explicitly with the root at depth 0, and the vacant/sufficient heights
// that size mas_preallocate() (6.16). 6.18's sheaves change only where nodes come from.
//
// Errors a caller can cause come back as values (-EINVAL, -EEXIST, -EBUSY) as the kernel returns
// them; a broken invariant of the tree is a bug and throws (BUG_ON).

/** include/linux/limits.h: ULONG_MAX on 64-bit. */
export const ULONG_MAX = 0xffff_ffff_ffff_ffffn

// include/linux/maple_tree.h (64-bit sizes)
export const MAPLE_NODE_SLOTS = 31
export const MAPLE_RANGE64_SLOTS = 16
export const MAPLE_ARANGE64_SLOTS = 10

/** Maple tree flags (include/linux/maple_tree.h). */
export const MT_FLAGS_ALLOC_RANGE = 0x01
export const MT_FLAGS_USE_RCU = 0x02
export const MT_FLAGS_HEIGHT_OFFSET = 0x02
export const MT_FLAGS_HEIGHT_MASK = 0x7c
export const MT_FLAGS_LOCK_EXTERN = 0x300
export const MAPLE_HEIGHT_MAX = 31
/** include/linux/mm_types.h: the flags of mm_struct.mm_mt. */
export const MM_MT_FLAGS = MT_FLAGS_ALLOC_RANGE | MT_FLAGS_LOCK_EXTERN | MT_FLAGS_USE_RCU

/** enum maple_type */
export const maple_dense = 0
export const maple_leaf_64 = 1
export const maple_range_64 = 2
export const maple_arange_64 = 3
export type MapleType = typeof maple_dense | typeof maple_leaf_64 | typeof maple_range_64 | typeof maple_arange_64
export const MAPLE_TYPE_NAMES = ['maple_dense', 'maple_leaf_64', 'maple_range_64', 'maple_arange_64'] as const

// lib/maple_tree.c: mt_slots[], mt_pivots[], mt_min_slots[]
export const mt_slots: readonly number[] = [MAPLE_NODE_SLOTS, MAPLE_RANGE64_SLOTS, MAPLE_RANGE64_SLOTS, MAPLE_ARANGE64_SLOTS]
export const mt_pivots: readonly number[] = [0, MAPLE_RANGE64_SLOTS - 1, MAPLE_RANGE64_SLOTS - 1, MAPLE_ARANGE64_SLOTS - 1]
export const mt_min_slots: readonly number[] = [MAPLE_NODE_SLOTS / 2, MAPLE_RANGE64_SLOTS / 2 - 2, MAPLE_RANGE64_SLOTS / 2 - 2, MAPLE_ARANGE64_SLOTS / 2 - 1]

// The maple_big_node holds the contents of up to two nodes plus the write, before a split.
const MAPLE_BIG_NODE_SLOTS = MAPLE_RANGE64_SLOTS * 2 + 2

/** enum maple_status */
export const ma_active = 0
export const ma_start = 1
export const ma_root = 2
export const ma_none = 3
export const ma_pause = 4
export const ma_overflow = 5
export const ma_underflow = 6
export const ma_error = 7

/** enum store_type: how mas_wr_store_entry() carries out a write. */
export const wr_invalid = 0
export const wr_new_root = 1
export const wr_store_root = 2
export const wr_exact_fit = 3
export const wr_spanning_store = 4
export const wr_split_store = 5
export const wr_rebalance = 6
export const wr_append = 7
export const wr_node_store = 8
export const wr_slot_store = 9
export const STORE_TYPE_NAMES = ['wr_invalid', 'wr_new_root', 'wr_store_root', 'wr_exact_fit', 'wr_spanning_store', 'wr_split_store', 'wr_rebalance', 'wr_append', 'wr_node_store', 'wr_slot_store'] as const

// include/uapi/asm-generic/errno-base.h
export const EBUSY = 16
export const EEXIST = 17
export const EINVAL = 22

/** Wrap to 64 bits, for the spots where C relies on unsigned arithmetic wrapping. */
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x)

function BUG(msg: string): never {
  throw new Error(`BUG: maple_tree: ${msg}`)
}

/** A slot: an entry (leaf), a child node (internal node), or NULL. */
export type MapleSlot<T> = T | MapleNode<T> | null

/** struct maple_node, as maple_range_64 or maple_arange_64. */
export class MapleNode<T> {
  /** The parent node; null for the root (whose parent pointer is the tree) and for a node not yet in a tree. */
  parent: MapleNode<T> | null = null
  /** The slot of this node in its parent (encoded in the parent pointer in C). */
  parentSlot = 0
  /** The parent pointer has MA_ROOT_PARENT set: this node is the root. */
  isRoot = false
  /** Freed back to the node cache (debug: catches a double free). */
  freed = false
  readonly pivot: bigint[]
  readonly slot: MapleSlot<T>[]
  /** maple_arange_64 only: the largest gap in each child. */
  readonly gap: bigint[] | null
  /** struct maple_metadata: end of the data, and the offset of the largest gap (arange). */
  metaEnd = 0
  metaGap = 0

  constructor(
    /** A serial number for views; the kernel's node address. */
    readonly id: number,
    readonly type: MapleType
  ) {
    this.pivot = new Array<bigint>(mt_pivots[type]!).fill(0n)
    this.slot = new Array<MapleSlot<T>>(mt_slots[type]!).fill(null)
    this.gap = type === maple_arange_64 ? new Array<bigint>(MAPLE_ARANGE64_SLOTS).fill(0n) : null
  }
}

/** xa_is_node(): is this root or slot value a node (not an entry)? */
export function xa_is_node<T>(x: MapleSlot<T> | undefined): x is MapleNode<T> {
  return x instanceof MapleNode
}

/** struct maple_tree */
export class MapleTree<T> {
  ma_root: MapleSlot<T> = null
  ma_flags: number
  /** Nodes this tree holds now (maple_node objects allocated and not freed). */
  nodes = 0
  /** Nodes allocated and freed over the tree's life. */
  nodesAllocated = 0
  nodesFreed = 0
  private nextNodeId = 1

  constructor(flags = 0) {
    this.ma_flags = flags
  }

  /** A new node; numbered per tree so that the same operations give the same numbers. */
  newNode(type: MapleType): MapleNode<T> {
    this.nodes++
    this.nodesAllocated++
    return new MapleNode<T>(this.nextNodeId++, type)
  }

  freeNode(node: MapleNode<T>): void {
    if (node.freed) BUG(`double free of node ${node.id}`)
    node.freed = true
    this.nodes--
    this.nodesFreed++
  }
}

/** mt_init_flags() */
export function mt_init_flags<T>(mt: MapleTree<T>, flags: number): void {
  mt.ma_flags = flags
  mt.ma_root = null
}

/** struct ma_state: the maple state, a cursor into the tree. */
export class MaState<T> {
  node: MapleNode<T> | null = null
  /** The implied minimum and maximum of node. */
  min = 0n
  max = ULONG_MAX
  status = ma_start
  depth = 0
  offset = 0
  /** The end of the data in node (its last used slot). */
  end = 0
  mas_flags = 0
  store_type = wr_invalid
  /** The nodes the last write preallocated (mas_prealloc_calc()), e.g. to charge maple_node. */
  node_request = 0
  /** The negative errno when status is ma_error (MA_ERROR() in C). */
  err = 0

  constructor(
    public tree: MapleTree<T>,
    /** The range operated on: [index, last]. */
    public index = 0n,
    public last = index
  ) {}

  copyFrom(o: MaState<T>): this {
    this.tree = o.tree
    this.index = o.index
    this.last = o.last
    this.node = o.node
    this.min = o.min
    this.max = o.max
    this.status = o.status
    this.depth = o.depth
    this.offset = o.offset
    this.end = o.end
    this.mas_flags = o.mas_flags
    this.store_type = o.store_type
    this.node_request = o.node_request
    this.err = o.err
    return this
  }

  clone(): MaState<T> {
    return new MaState<T>(this.tree).copyFrom(this)
  }
}

/** MA_STATE() */
export function MA_STATE<T>(mt: MapleTree<T>, first: bigint, end: bigint): MaState<T> {
  return new MaState<T>(mt, first, end)
}

/** struct ma_wr_state: the extra state of a write. */
class MaWrState<T> {
  node!: MapleNode<T>
  r_min = 0n
  r_max = 0n
  type: MapleType = maple_leaf_64
  offset_end = 0
  pivots: bigint[] = []
  end_piv = 0n
  slots: MapleSlot<T>[] = []
  /** The existing entry that is being overwritten. */
  content: MapleSlot<T> = null
  /** Height of the lowest node with free space, seen on the way down. */
  vacant_height = 0
  /** Height of the lowest node that can lose an entry and stay sufficient. */
  sufficient_height = 0

  constructor(
    public mas: MaState<T>,
    public entry: MapleSlot<T>
  ) {}
}

/** struct maple_big_node: room for two nodes' worth of data while a write is split or rebalanced. */
class MapleBigNode<T> {
  pivot = new Array<bigint>(MAPLE_BIG_NODE_SLOTS).fill(0n)
  slot = new Array<MapleSlot<T>>(MAPLE_BIG_NODE_SLOTS).fill(null)
  gap = new Array<bigint>(MAPLE_BIG_NODE_SLOTS).fill(0n)
  b_end = 0
  type: MapleType = maple_dense

  /** memset(b_node, 0, sizeof(*b_node)) */
  reset(): void {
    this.pivot.fill(0n)
    this.slot.fill(null)
    this.gap.fill(0n)
    this.b_end = 0
    this.type = maple_dense
  }
}

/** struct maple_subtree_state: the states of a spanning rebalance or a split. */
interface MapleSubtreeState<T> {
  orig_l: MaState<T>
  orig_r: MaState<T>
  l: MaState<T>
  m: MaState<T>
  r: MaState<T>
  bn: MapleBigNode<T>
}

// ---------------------------------------------------------------------------------------------
// Node and state helpers

export function mt_height<T>(mt: MapleTree<T>): number {
  return (mt.ma_flags & MT_FLAGS_HEIGHT_MASK) >> MT_FLAGS_HEIGHT_OFFSET
}

// mt_set_height(): the height lives in the tree's flags.
function mt_set_height<T>(mt: MapleTree<T>, height: number): void {
  if (height > MAPLE_HEIGHT_MAX) BUG(`height ${height} above MAPLE_HEIGHT_MAX`)
  mt.ma_flags = (mt.ma_flags & ~MT_FLAGS_HEIGHT_MASK) | (height << MT_FLAGS_HEIGHT_OFFSET)
}

const mas_mt_height = <T>(mas: MaState<T>): number => mt_height(mas.tree)
export const ma_is_leaf = (type: MapleType): boolean => type < maple_range_64
const mte_is_leaf = <T>(n: MapleNode<T>): boolean => ma_is_leaf(n.type)
const mte_is_root = <T>(n: MapleNode<T>): boolean => n.isRoot
const ma_is_root = mte_is_root
const mas_is_root_limits = <T>(mas: MaState<T>): boolean => mas.min === 0n && mas.max === ULONG_MAX
export const mt_is_alloc = <T>(mt: MapleTree<T>): boolean => (mt.ma_flags & MT_FLAGS_ALLOC_RANGE) !== 0
export const mt_in_rcu = <T>(mt: MapleTree<T>): boolean => (mt.ma_flags & MT_FLAGS_USE_RCU) !== 0
const mt_slot_count = <T>(n: MapleNode<T>): number => mt_slots[n.type]!
const mt_min_slot_count = <T>(n: MapleNode<T>): number => mt_min_slots[n.type]!

export function mt_set_in_rcu<T>(mt: MapleTree<T>): void {
  mt.ma_flags |= MT_FLAGS_USE_RCU
}

export function mt_clear_in_rcu<T>(mt: MapleTree<T>): void {
  mt.ma_flags &= ~MT_FLAGS_USE_RCU
}

/** mtree_empty() */
export function mtree_empty<T>(mt: MapleTree<T>): boolean {
  return mt.ma_root === null
}

const mas_is_active = <T>(mas: MaState<T>): boolean => mas.status === ma_active
const mas_is_start = <T>(mas: MaState<T>): boolean => mas.status === ma_start
const mas_is_ptr = <T>(mas: MaState<T>): boolean => mas.status === ma_root
export const mas_is_none = <T>(mas: MaState<T>): boolean => mas.status === ma_none
const mas_is_paused = <T>(mas: MaState<T>): boolean => mas.status === ma_pause
export const mas_is_overflow = <T>(mas: MaState<T>): boolean => mas.status === ma_overflow
export const mas_is_underflow = <T>(mas: MaState<T>): boolean => mas.status === ma_underflow
export const mas_is_err = <T>(mas: MaState<T>): boolean => mas.status === ma_error

function mas_set_err<T>(mas: MaState<T>, err: number): void {
  mas.err = err
  mas.node = null
  mas.status = ma_error
}

/** mas_reset(): the next operation walks from the root. */
export function mas_reset<T>(mas: MaState<T>): void {
  mas.status = ma_start
  mas.node = null
}

/** mas_set_range() */
export function mas_set_range<T>(mas: MaState<T>, start: bigint, last: bigint): void {
  mas.index = start
  mas.last = last
  mas_reset(mas)
}

/** mas_set() */
export function mas_set<T>(mas: MaState<T>, index: bigint): void {
  mas_set_range(mas, index, index)
}

// mte_set_node_dead(): a removed node's parent points to itself.
function mte_set_node_dead<T>(n: MapleNode<T>): void {
  n.parent = n
  n.parentSlot = 0
  n.isRoot = false
}

const ma_dead_node = <T>(n: MapleNode<T>): boolean => n.parent === n

// mas_set_parent(): link a node to its parent and its slot there.
function mas_set_parent<T>(_mas: MaState<T>, enode: MapleNode<T>, parent: MapleNode<T>, slot: number): void {
  if (ma_is_leaf(parent.type)) BUG(`node ${parent.id} is a leaf and cannot be a parent`)
  enode.parent = parent
  enode.parentSlot = slot
  enode.isRoot = false
}

// The root's parent pointer is the tree with MA_ROOT_PARENT: mas_tree_parent().
function mte_set_root_parent<T>(n: MapleNode<T>): void {
  n.parent = null
  n.parentSlot = 0
  n.isRoot = true
}

// node->parent = other->parent: copy the encoded parent pointer.
function mte_copy_parent<T>(dst: MapleNode<T>, src: MapleNode<T>): void {
  dst.parent = src.parent
  dst.parentSlot = src.parentSlot
  dst.isRoot = src.isRoot
}

// mte_parent_slot(): 0 for the root, as the kernel returns.
const mte_parent_slot = <T>(n: MapleNode<T>): number => (n.isRoot ? 0 : n.parentSlot)

function mte_parent<T>(n: MapleNode<T>): MapleNode<T> {
  if (!n.parent) BUG(`node ${n.id} has no parent`)
  return n.parent
}

// mas_parent_type(): the parent of a node is arange_64 in an allocation tree, range_64 otherwise.
function mas_parent_type<T>(mas: MaState<T>, _n: MapleNode<T>): MapleType {
  return mt_is_alloc(mas.tree) ? maple_arange_64 : maple_range_64
}

const mte_child = <T>(n: MapleNode<T>, offset: number): MapleNode<T> => {
  const c = n.slot[offset]
  if (!xa_is_node(c)) BUG(`slot ${offset} of internal node ${n.id} holds no node`)
  return c
}

// mas_pop_node(): a zeroed node from the preallocations; here, a new node of the tree.
function mas_pop_node<T>(mas: MaState<T>, type: MapleType): MapleNode<T> {
  return mas.tree.newNode(type)
}

// mas_free(): RCU-free the node or push it back on the state's allocations; either way, it
// leaves the tree.
function mas_free<T>(mas: MaState<T>, used: MapleNode<T>): void {
  mas.tree.freeNode(used)
}

// mas_safe_pivot(): the pivot at piv, or the node's maximum for the implied last pivot.
function mas_safe_pivot<T>(mas: MaState<T>, pivots: bigint[], piv: number, type: MapleType): bigint {
  if (piv >= mt_pivots[type]!) return mas.max
  return pivots[piv]!
}

// mas_safe_min(): the lowest index of the slot at offset.
function mas_safe_min<T>(mas: MaState<T>, pivots: bigint[], offset: number): bigint {
  if (offset) return pivots[offset - 1]! + 1n
  return mas.min
}

// mte_set_pivot()
function mte_set_pivot<T>(n: MapleNode<T>, piv: number, val: bigint): void {
  if (piv >= mt_pivots[n.type]!) BUG(`pivot ${piv} out of node ${n.id}`)
  n.pivot[piv] = val
}

// ma_set_meta()
function ma_set_meta<T>(n: MapleNode<T>, offset: number, end: number): void {
  n.metaGap = offset
  n.metaEnd = end
}

/**
 * ma_data_end(): the last used slot of a node. A range_64 node full to its last slot has no room
 * for metadata; its pivots say where the data ends. Otherwise the metadata does.
 */
export function ma_data_end<T>(node: MapleNode<T>, max: bigint): number {
  const type = node.type
  if (type === maple_arange_64) return node.metaEnd
  const offset = mt_pivots[type]! - 1
  if (node.pivot[offset] === 0n) return node.metaEnd
  if (node.pivot[offset] === max) return offset
  return mt_pivots[type]!
}

// mas_data_end()
function mas_data_end<T>(mas: MaState<T>): number {
  return ma_data_end(mas.node!, mas.max)
}

// mas_descend(): into the slot at mas.offset.
function mas_descend<T>(mas: MaState<T>): void {
  const node = mas.node!
  const pivots = node.pivot
  if (mas.offset) mas.min = pivots[mas.offset - 1]! + 1n
  mas.max = mas_safe_pivot(mas, pivots, mas.offset, node.type)
  mas.node = mte_child(node, mas.offset)
}

/**
 * mas_ascend(): walk up one level, recomputing min and max from the ancestors' pivots (the node's
 * own range is only known from above). mas.offset becomes the slot of the child in its parent.
 * Returns 1 on a dead node.
 */
function mas_ascend<T>(mas: MaState<T>): number {
  let a_node = mas.node!
  if (ma_is_root(a_node)) {
    mas.offset = 0
    return 0
  }
  const p_node = mte_parent(a_node)
  if (a_node === p_node) return 1
  mas.offset = mte_parent_slot(a_node)
  let a_enode = p_node
  mas.node = a_enode
  if (mte_is_root(a_enode)) {
    mas.max = ULONG_MAX
    mas.min = 0n
    return 0
  }
  let min = 0n
  let max = ULONG_MAX
  let set_min = false
  let set_max = false
  if (!mas.offset) {
    min = mas.min
    set_min = true
  }
  if (mas.max === ULONG_MAX) set_max = true
  do {
    const p_enode = a_enode
    const a_type = mas_parent_type(mas, p_enode)
    a_node = mte_parent(p_enode)
    const a_slot = mte_parent_slot(p_enode)
    a_enode = a_node
    const pivots = a_node.pivot
    if (ma_dead_node(a_node)) return 1
    if (!set_min && a_slot) {
      set_min = true
      min = pivots[a_slot - 1]! + 1n
    }
    if (!set_max && a_slot < mt_pivots[a_type]!) {
      set_max = true
      max = pivots[a_slot]!
    }
    if (ma_is_root(a_node)) break
  } while (!set_min || !set_max)
  mas.max = max
  mas.min = min
  return 0
}

// ---------------------------------------------------------------------------------------------
// Gaps (allocation trees)

/** mas_leaf_max_gap(): the largest run of NULL indices in a leaf. */
function mas_leaf_max_gap<T>(mas: MaState<T>): bigint {
  const mn = mas.node!
  const slots = mn.slot
  const pivots = mn.pivot
  let max_gap = 0n
  let i: number
  const end = ma_data_end(mn, mas.max)
  // A one-slot leaf (the kernel never asks about one; its loop would read past the node).
  if (end === 0) return slots[0] == null ? u64(mas.max - mas.min + 1n) : 0n
  // Check the first implied pivot; slot 1 may be skipped if there is a gap in slot 0.
  if (slots[0] == null) {
    max_gap = u64(pivots[0]! - mas.min + 1n)
    i = 2
  } else {
    i = 1
  }
  // reduce max_piv as the special case is checked before the loop
  const max_piv = end - 1
  // The end implied pivot can only be a gap on the right most node.
  if (mas.max === ULONG_MAX && slots[max_piv + 1] == null) {
    const gap = ULONG_MAX - pivots[max_piv]!
    if (gap > max_gap) max_gap = gap
    if (max_gap > pivots[max_piv]! - mas.min) return max_gap
  }
  for (; i <= max_piv; i++) {
    // data == no gap.
    if (slots[i] != null) continue
    const gap = pivots[i]! - pivots[i - 1]!
    if (gap > max_gap) max_gap = gap
    // There cannot be two gaps in a row.
    i++
  }
  return max_gap
}

/** ma_max_gap(): the largest gap of an arange node, scanning down from the data end. */
function ma_max_gap<T>(node: MapleNode<T>): { max_gap: bigint; offset: number } {
  const gaps = node.gap!
  let i = node.metaEnd
  let offset = i
  let max_gap = 0n
  do {
    if (gaps[i]! > max_gap) {
      max_gap = gaps[i]!
      offset = i
    }
  } while (i--)
  return { max_gap, offset }
}

/** mas_max_gap(): the largest gap in mas.node. */
function mas_max_gap<T>(mas: MaState<T>): bigint {
  const node = mas.node!
  if (ma_is_leaf(node.type)) return mas_leaf_max_gap(mas)
  if (node.type !== maple_arange_64) BUG(`gap of a ${MAPLE_TYPE_NAMES[node.type]} node`)
  return node.gap![node.metaGap]!
}

/**
 * mas_parent_gap(): set the gap of slot `offset` in the parent and carry the change upwards as
 * long as it changes the parent's largest gap.
 */
function mas_parent_gap<T>(mas: MaState<T>, offset: number, newGap: bigint): void {
  let penode = mte_parent(mas.node!)
  let pnode = penode
  let pmt = mas_parent_type(mas, mas.node!)
  let pgaps = pnode.gap!
  for (;;) {
    if (pmt !== maple_arange_64) BUG('parent gap in a non-arange node')
    let meta_offset = pnode.metaGap
    const meta_gap = pgaps[meta_offset]!
    pgaps[offset] = newGap
    if (meta_gap === newGap) return
    if (offset !== meta_offset) {
      if (meta_gap > newGap) return
      pnode.metaGap = offset
    } else if (newGap < meta_gap) {
      const r = ma_max_gap(pnode)
      newGap = r.max_gap
      meta_offset = r.offset
      pnode.metaGap = meta_offset
    }
    if (ma_is_root(pnode)) return
    // Go to the parent node.
    pnode = mte_parent(penode)
    pmt = mas_parent_type(mas, penode)
    pgaps = pnode.gap!
    offset = mte_parent_slot(penode)
    penode = pnode
  }
}

/** mas_update_gap(): after a change in mas.node, fix the gap recorded for it above. */
function mas_update_gap<T>(mas: MaState<T>): void {
  if (!mt_is_alloc(mas.tree)) return
  const node = mas.node!
  if (mte_is_root(node)) return
  const max_gap = mas_max_gap(mas)
  const pslot = mte_parent_slot(node)
  const p_gap = mte_parent(node).gap![pslot]!
  if (p_gap !== max_gap) mas_parent_gap(mas, pslot, max_gap)
}

// ---------------------------------------------------------------------------------------------
// Replacing nodes

/** mas_adopt_children(): point every child of parent back at it. */
function mas_adopt_children<T>(mas: MaState<T>, parent: MapleNode<T>): void {
  let offset = ma_data_end(parent, mas.max)
  do {
    const child = mte_child(parent, offset)
    mas_set_parent(mas, child, parent, offset)
  } while (offset--)
}

/**
 * mas_put_in_tree(): link the new node where the old one was, and mark the old one dead. A new
 * root sets the tree's height.
 */
function mas_put_in_tree<T>(mas: MaState<T>, old_enode: MapleNode<T>, new_height: number): void {
  const node = mas.node!
  if (mte_is_root(node)) {
    mte_set_root_parent(node)
    mas.tree.ma_root = node
    mt_set_height(mas.tree, new_height)
  } else {
    mte_parent(node).slot[mte_parent_slot(node)] = node
  }
  mte_set_node_dead(old_enode)
}

/** mas_replace_node() */
function mas_replace_node<T>(mas: MaState<T>, old_enode: MapleNode<T>, new_height: number): void {
  mas_put_in_tree(mas, old_enode, new_height)
  mas_free(mas, old_enode)
}

/** mas_find_child(): the next child (from mas.offset) whose parent pointer is mas.node. */
function mas_find_child<T>(mas: MaState<T>, child: MaState<T>): boolean {
  const node = mas.node!
  const end = ma_data_end(node, mas.max)
  for (let offset = mas.offset; offset <= end; offset++) {
    const entry = mte_child(node, offset)
    if (entry.parent === node) {
      child.copyFrom(mas)
      mas.offset = offset + 1
      child.offset = offset
      mas_descend(child)
      child.offset = 0
      return true
    }
  }
  return false
}

// ---------------------------------------------------------------------------------------------
// The big node

/** mab_shift_right(): move the data right by shift (b_end is not updated). */
function mab_shift_right<T>(b_node: MapleBigNode<T>, shift: number): void {
  const size = b_node.b_end
  if (shift + size > MAPLE_BIG_NODE_SLOTS) BUG(`big node shift ${shift} + ${size} overflows`)
  b_node.pivot.copyWithin(shift, 0, size)
  b_node.slot.copyWithin(shift, 0, size)
  if (b_node.type === maple_arange_64) b_node.gap.copyWithin(shift, 0, size)
}

/** mab_middle_node(): is a third node needed (the rare 3-way split)? */
function mab_middle_node<T>(b_node: MapleBigNode<T>, split: number, slot_count: number): boolean {
  const size = b_node.b_end
  if (size >= 2 * slot_count) return true
  if (b_node.slot[split] == null && size >= 2 * slot_count - 1) return true
  return false
}

/** mab_no_null_split(): do not end a node on a NULL entry. */
function mab_no_null_split<T>(b_node: MapleBigNode<T>, split: number, slot_count: number): number {
  if (b_node.slot[split] == null) {
    // If the split is less than the max slot && the right side will still be sufficient, then
    // increment the split on NULL.
    if (split < slot_count - 1 && b_node.b_end - split > mt_min_slots[b_node.type]!) split++
    else split--
  }
  return split
}

/**
 * mab_calc_split(): where to split the big node, and where the second split is when three nodes
 * are needed: as equally as possible (b_end is the last index, so the left side gets the odd
 * entry), and never right after a NULL. Since 6.14 ("maple_tree: simplify split calculation")
 * there is no longer a search for a wider left range, which could leave the right node deficient.
 */
function mab_calc_split<T>(_mas: MaState<T>, bn: MapleBigNode<T>): { split: number; mid_split: number } {
  const b_end = bn.b_end
  let split = Math.floor(b_end / 2) // Assume equal split.
  const slot_count = mt_slots[bn.type]!
  let mid_split = 0
  // (The bulk-insert case, MA_STATE_BULK, is not ported.)
  // Although extremely rare, it is possible to enter the 3-way split scenario: a store that
  // overwrites the end and beginning of two full nodes leaves more than two nodes of data.
  if (mab_middle_node(bn, split, slot_count)) {
    split = Math.floor(b_end / 3)
    mid_split = split * 2
  }
  // Avoid ending a node on a NULL entry
  split = mab_no_null_split(bn, split, slot_count)
  if (mid_split) mid_split = mab_no_null_split(bn, mid_split, slot_count)
  return { split, mid_split }
}

/**
 * mas_mab_cp(): copy slots mas_start..mas_end of mas.node (stopping at the node's data end) into
 * the big node at mab_start, and set b_end to the next free slot.
 */
function mas_mab_cp<T>(mas: MaState<T>, mas_start: number, mas_end: number, b_node: MapleBigNode<T>, mab_start: number): void {
  const node = mas.node!
  const mt = node.type
  const pivots = node.pivot
  let i = mas_start
  let j = mab_start
  let complete = false
  if (!i) {
    b_node.pivot[j] = pivots[i++]!
    if (i > mas_end) complete = true
    else j++
  }
  if (!complete) {
    const piv_end = Math.min(mas_end, mt_pivots[mt]!)
    for (; i < piv_end; i++, j++) {
      b_node.pivot[j] = pivots[i]!
      if (!b_node.pivot[j]) {
        complete = true
        break
      }
      if (mas.max === b_node.pivot[j]) {
        complete = true
        break
      }
    }
    if (!complete) b_node.pivot[j] = mas_safe_pivot(mas, pivots, i, mt)
  }
  b_node.b_end = ++j
  j -= mab_start
  for (let k = 0; k < j; k++) b_node.slot[mab_start + k] = node.slot[mas_start + k]!
  if (!ma_is_leaf(mt) && mt_is_alloc(mas.tree)) {
    for (let k = 0; k < j; k++) b_node.gap[mab_start + k] = node.gap![mas_start + k]!
  }
}

/** mas_leaf_set_meta(): record the end when the last slot is free to hold it. */
function mas_leaf_set_meta<T>(node: MapleNode<T>, end: number): void {
  if (end < mt_slots[node.type]! - 1) ma_set_meta(node, 0, end)
}

/** mab_mas_cp(): copy big node slots mab_start..mab_end into the (new) node mas.node. */
function mab_mas_cp<T>(b_node: MapleBigNode<T>, mab_start: number, mab_end: number, mas: MaState<T>, new_max: boolean): void {
  const node = mas.node!
  const mt = node.type
  const slots = node.slot
  const pivots = node.pivot
  const npiv = mt_pivots[mt]!
  if (mab_end - mab_start > npiv) mab_end--
  if (!pivots[npiv - 1]) slots[npiv] = null
  let i = mab_start
  let j = 0
  do {
    // The implied last pivot has no room in the node (in C it lands on slot 0, then overwritten).
    const p = b_node.pivot[i++]!
    if (j < npiv) pivots[j] = p
    j++
  } while (i <= mab_end && b_node.pivot[i])
  for (let k = 0; k < i - mab_start; k++) slots[k] = b_node.slot[mab_start + k]!
  if (new_max) mas.max = b_node.pivot[i - 1]!
  const end = j - 1
  if (!ma_is_leaf(mt) && mt_is_alloc(mas.tree)) {
    let max_gap = 0n
    let offset = 0
    const gaps = node.gap!
    do {
      gaps[--j] = b_node.gap[--i]!
      if (gaps[j]! > max_gap) {
        offset = j
        max_gap = gaps[j]!
      }
    } while (j)
    ma_set_meta(node, offset, end)
  } else {
    mas_leaf_set_meta(node, end)
  }
}

/**
 * mas_store_b_node(): the node's data with the new entry written in, in the big node: the slots
 * before the write, what is left of the range the write starts in, the entry, what is left of the
 * range it ends in, and the slots after.
 */
function mas_store_b_node<T>(wr_mas: MaWrState<T>, b_node: MapleBigNode<T>, offset_end: number): void {
  const mas = wr_mas.mas
  b_node.type = wr_mas.type
  let b_end = 0
  let slot = mas.offset
  let piv: bigint
  if (slot) {
    // Copy start data up to insert.
    mas_mab_cp(mas, 0, slot - 1, b_node, 0)
    b_end = b_node.b_end
    piv = b_node.pivot[b_end - 1]!
  } else {
    piv = u64(mas.min - 1n)
  }
  if (u64(piv + 1n) < mas.index) {
    // Handle range starting after old range
    b_node.slot[b_end] = wr_mas.content
    if (wr_mas.content == null) b_node.gap[b_end] = u64(mas.index - 1n - piv)
    b_node.pivot[b_end++] = mas.index - 1n
  }
  // Store the new entry.
  mas.offset = b_end
  b_node.slot[b_end] = wr_mas.entry
  b_node.pivot[b_end] = mas.last
  // Appended.
  if (mas.last >= mas.max) {
    b_node.b_end = b_end
    return
  }
  // Handle new range ending before old range ends
  piv = mas_safe_pivot(mas, wr_mas.pivots, offset_end, wr_mas.type)
  if (piv > mas.last) {
    if (offset_end !== slot) wr_mas.content = wr_mas.slots[offset_end]!
    b_node.slot[++b_end] = wr_mas.content
    if (wr_mas.content == null) b_node.gap[b_end] = piv - mas.last + 1n
    b_node.pivot[b_end] = piv
  }
  slot = offset_end + 1
  if (slot > mas.end) {
    b_node.b_end = b_end
    return
  }
  // Copy end data to the end of the node.
  mas_mab_cp(mas, slot, mas.end + 1, b_node, b_end + 1)
  b_node.b_end--
}

/** mas_prev_sibling(): move to the previous node with the same parent. */
function mas_prev_sibling<T>(mas: MaState<T>): boolean {
  const p_slot = mte_parent_slot(mas.node!)
  // For root node, p_slot is set to 0 by mte_parent_slot().
  if (!p_slot) return false
  mas_ascend(mas)
  mas.offset = p_slot - 1
  mas_descend(mas)
  return true
}

/** mas_next_sibling(): move to the next node with the same parent. */
function mas_next_sibling<T>(mas: MaState<T>): boolean {
  if (mte_is_root(mas.node!)) return false
  const parent = mas.clone()
  mas_ascend(parent)
  parent.offset = mte_parent_slot(mas.node!) + 1
  if (parent.offset > mas_data_end(parent)) return false
  mas.copyFrom(parent)
  mas_descend(mas)
  return true
}

/** mas_node_or_none() */
function mas_node_or_none<T>(mas: MaState<T>, enode: MapleNode<T> | null): void {
  if (enode) {
    mas.node = enode
    mas.status = ma_active
  } else {
    mas.node = null
    mas.status = ma_none
  }
}

/** mas_wr_node_walk(): find the slot of mas.index in mas.node, from mas.offset on. */
function mas_wr_node_walk<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  wr_mas.node = mas.node!
  wr_mas.pivots = wr_mas.node.pivot
  const count = (mas.end = ma_data_end(wr_mas.node, mas.max))
  let offset = mas.offset
  while (offset < count && mas.index > wr_mas.pivots[offset]!) offset++
  wr_mas.r_max = offset < count ? wr_mas.pivots[offset]! : mas.max
  wr_mas.r_min = mas_safe_min(mas, wr_mas.pivots, offset)
  wr_mas.offset_end = mas.offset = offset
}

/** mast_rebalance_next(): take in the whole next node. */
function mast_rebalance_next<T>(mast: MapleSubtreeState<T>): void {
  const b_end = mast.bn.b_end
  mas_mab_cp(mast.orig_r, 0, mt_slot_count(mast.orig_r.node!), mast.bn, b_end)
  mast.orig_r.last = mast.orig_r.max
}

/** mast_rebalance_prev(): take in the whole previous node, in front. */
function mast_rebalance_prev<T>(mast: MapleSubtreeState<T>): void {
  const end = mas_data_end(mast.orig_l) + 1
  const b_end = mast.bn.b_end
  mab_shift_right(mast.bn, end)
  mas_mab_cp(mast.orig_l, 0, end - 1, mast.bn, 0)
  mast.l.min = mast.orig_l.min
  mast.orig_l.index = mast.orig_l.min
  mast.bn.b_end = end + b_end
  mast.l.offset += end
}

/**
 * mast_spanning_rebalance(): an insufficient node takes in its nearest neighbour, favouring the
 * one to the right, looking one level higher each time neither exists, up to the root.
 */
function mast_spanning_rebalance<T>(mast: MapleSubtreeState<T>): boolean {
  const r_tmp = mast.orig_r.clone()
  const l_tmp = mast.orig_l.clone()
  let depth = 0
  do {
    mas_ascend(mast.orig_r)
    mas_ascend(mast.orig_l)
    depth++
    if (mast.orig_r.offset < mas_data_end(mast.orig_r)) {
      mast.orig_r.offset++
      do {
        mas_descend(mast.orig_r)
        mast.orig_r.offset = 0
      } while (--depth)
      mast_rebalance_next(mast)
      mast.orig_l.copyFrom(l_tmp)
      return true
    } else if (mast.orig_l.offset !== 0) {
      mast.orig_l.offset--
      do {
        mas_descend(mast.orig_l)
        mast.orig_l.offset = mas_data_end(mast.orig_l)
      } while (--depth)
      mast_rebalance_prev(mast)
      mast.orig_r.copyFrom(r_tmp)
      return true
    }
  } while (!mte_is_root(mast.orig_r.node!))
  mast.orig_r.copyFrom(r_tmp)
  mast.orig_l.copyFrom(l_tmp)
  return false
}

/**
 * mast_ascend(): move the original left and right states up a level, to the slots holding the
 * new subtree (mast.l's min and mast.r's max).
 */
function mast_ascend<T>(mast: MapleSubtreeState<T>): void {
  const wr_mas = new MaWrState<T>(mast.orig_r, null)
  mas_ascend(mast.orig_l)
  mas_ascend(mast.orig_r)
  mast.orig_r.offset = 0
  mast.orig_r.index = mast.r.max
  // last should be larger than or equal to index
  if (mast.orig_r.last < mast.orig_r.index) mast.orig_r.last = mast.orig_r.index
  wr_mas.type = mast.orig_r.node!.type
  mas_wr_node_walk(wr_mas)
  // Set up the left side of things
  mast.orig_l.offset = 0
  mast.orig_l.index = mast.l.min
  wr_mas.mas = mast.orig_l
  wr_mas.type = mast.orig_l.node!.type
  mas_wr_node_walk(wr_mas)
  mast.bn.type = wr_mas.type
}

/** mas_new_ma_node() */
function mas_new_ma_node<T>(mas: MaState<T>, b_node: MapleBigNode<T>): MapleNode<T> {
  return mas_pop_node(mas, b_node.type)
}

/** mas_mab_to_node(): the nodes the big node goes into: one, two or (rarely) three. */
function mas_mab_to_node<T>(
  mas: MaState<T>,
  b_node: MapleBigNode<T>
): { left: MapleNode<T>; right: MapleNode<T> | null; middle: MapleNode<T> | null; split: number; mid_split: number } {
  const slot_count = mt_slots[b_node.type]!
  const left = mas_new_ma_node(mas, b_node)
  let right: MapleNode<T> | null = null
  let middle: MapleNode<T> | null = null
  let split: number
  let mid_split = 0
  if (b_node.b_end < slot_count) {
    split = b_node.b_end
  } else {
    const r = mab_calc_split(mas, b_node)
    split = r.split
    mid_split = r.mid_split
    right = mas_new_ma_node(mas, b_node)
  }
  if (mid_split) middle = mas_new_ma_node(mas, b_node)
  return { left, right, middle, split, mid_split }
}

/** mab_set_b_end(): append a new child to the big node, with its range end and largest gap. */
function mab_set_b_end<T>(b_node: MapleBigNode<T>, mas: MaState<T>, entry: MapleNode<T> | null): void {
  if (!entry) return
  b_node.slot[b_node.b_end] = entry
  if (mt_is_alloc(mas.tree)) b_node.gap[b_node.b_end] = mas_max_gap(mas)
  b_node.pivot[b_node.b_end++] = mas.max
}

/** mas_set_split_parent(): the parent of mas.node is left or right depending on slot and split. */
function mas_set_split_parent<T>(mas: MaState<T>, left: MapleNode<T>, right: MapleNode<T> | null, slot: number, split: number): number {
  if (mas_is_none(mas)) return slot
  if (slot <= split) mas_set_parent(mas, mas.node!, left, slot)
  else if (right) mas_set_parent(mas, mas.node!, right, slot - split - 1)
  return slot + 1
}

/** mast_set_split_parents(): the parents of the (up to three) new nodes of the level below. */
function mast_set_split_parents<T>(
  mast: MapleSubtreeState<T>,
  left: MapleNode<T>,
  middle: MapleNode<T> | null,
  right: MapleNode<T> | null,
  split: number,
  mid_split: number
): void {
  let l: MapleNode<T> = left
  let r: MapleNode<T> | null = right
  if (mas_is_none(mast.l)) return
  if (middle) r = middle
  let slot = mast.l.offset
  // mte_mid_split_check(): past the middle split, the middle node is the left one.
  const mid_split_check = (): void => {
    if (r === right) return
    if (slot < mid_split) return
    l = r!
    r = right
    split = mid_split
  }
  mid_split_check()
  slot = mas_set_split_parent(mast.l, l, r, slot, split)
  mid_split_check()
  slot = mas_set_split_parent(mast.m, l, r, slot, split)
  mid_split_check()
  mas_set_split_parent(mast.r, l, r, slot, split)
}

/** mas_topiary_node(): dispose of a single replaced node. */
function mas_topiary_node<T>(mas: MaState<T>, tmp_mas: MaState<T>): void {
  if (mas_is_none(tmp_mas)) return
  const enode = tmp_mas.node!
  mte_set_node_dead(enode)
  mas_free(mas, enode)
}

/** mt_destroy_walk(): free a whole (sub)tree. */
function mt_destroy_walk<T>(mt: MapleTree<T>, enode: MapleNode<T>): void {
  if (!mte_is_leaf(enode)) {
    for (const s of enode.slot) if (xa_is_node(s)) mt_destroy_walk(mt, s)
  }
  mte_set_node_dead(enode)
  mt.freeNode(enode)
}

/**
 * mas_topiary_replace(): put the new subtree in place of the old one, then walk the new subtree
 * fixing the parent pointers of the old nodes it took over (mas_adopt_children), and walk the old
 * one freeing what is no longer used: subtrees entirely within the written range are destroyed
 * whole, the other old nodes (those the new ones replaced) are freed one by one.
 */
function mas_topiary_replace<T>(mas: MaState<T>, old_enode: MapleNode<T>, new_height: number): void {
  const tmp = [new MaState<T>(mas.tree), new MaState<T>(mas.tree), new MaState<T>(mas.tree)]
  const tmp_next = [new MaState<T>(mas.tree), new MaState<T>(mas.tree), new MaState<T>(mas.tree)]
  const subtrees: MapleNode<T>[] = []
  // Place data in tree & then mark node as old
  mas_put_in_tree(mas, old_enode, new_height)
  // Update the parent pointers in the tree
  tmp[0]!.copyFrom(mas)
  tmp[0]!.offset = 0
  tmp[1]!.status = ma_none
  tmp[2]!.status = ma_none
  while (!mte_is_leaf(tmp[0]!.node!)) {
    let n = 0
    for (let i = 0; i < 3; i++) {
      if (mas_is_none(tmp[i]!)) continue
      while (n < 3) {
        if (!mas_find_child(tmp[i]!, tmp_next[n]!)) break
        n++
      }
      mas_adopt_children(tmp[i]!, tmp[i]!.node!)
    }
    if (n === 0) BUG('mas_topiary_replace: no new child below a new node')
    while (n < 3) tmp_next[n++]!.status = ma_none
    for (let i = 0; i < 3; i++) tmp[i]!.copyFrom(tmp_next[i]!)
  }
  // Collect the old nodes that need to be discarded
  if (mte_is_leaf(old_enode)) return mas_free(mas, old_enode)
  tmp[0]!.copyFrom(mas)
  tmp[0]!.offset = 0
  tmp[0]!.node = old_enode
  tmp[1]!.status = ma_none
  tmp[2]!.status = ma_none
  do {
    let n = 0
    for (let i = 0; i < 3; i++) {
      if (mas_is_none(tmp[i]!)) continue
      while (n < 3) {
        if (!mas_find_child(tmp[i]!, tmp_next[n]!)) break
        if (tmp_next[n]!.min >= tmp_next[0]!.index && tmp_next[n]!.max <= tmp_next[0]!.last) {
          // mat_add(): a dead subtree, destroyed whole below.
          mte_set_node_dead(tmp_next[n]!.node!)
          subtrees.push(tmp_next[n]!.node!)
          tmp_next[n]!.status = ma_none
        } else {
          n++
        }
      }
    }
    if (n === 0) BUG('mas_topiary_replace: lost the old nodes')
    while (n < 3) tmp_next[n++]!.status = ma_none
    for (let i = 0; i < 3; i++) {
      mas_topiary_node(mas, tmp[i]!)
      tmp[i]!.copyFrom(tmp_next[i]!)
    }
  } while (!mte_is_leaf(tmp[0]!.node!))
  for (let i = 0; i < 3; i++) mas_topiary_node(mas, tmp[i]!)
  // mas_mat_destroy()
  for (const dead of subtrees) mt_destroy_walk(mas.tree, dead)
}

/** mas_wmb_replace(): replace, then update the gaps above. */
function mas_wmb_replace<T>(mas: MaState<T>, old_enode: MapleNode<T>, new_height: number): void {
  // Insert the new data in the tree
  mas_topiary_replace(mas, old_enode, new_height)
  if (mte_is_leaf(mas.node!)) return
  mas_update_gap(mas)
}

/** mast_cp_to_nodes(): copy the big node out to the left, middle and right nodes. */
function mast_cp_to_nodes<T>(
  mast: MapleSubtreeState<T>,
  left: MapleNode<T>,
  middle: MapleNode<T> | null,
  right: MapleNode<T> | null,
  split: number,
  mid_split: number
): void {
  let new_lmax = true
  mas_node_or_none(mast.l, left)
  mas_node_or_none(mast.m, middle)
  mas_node_or_none(mast.r, right)
  mast.l.min = mast.orig_l.min
  if (split === mast.bn.b_end) {
    mast.l.max = mast.orig_r.max
    new_lmax = false
  }
  mab_mas_cp(mast.bn, 0, split, mast.l, new_lmax)
  if (middle) {
    mab_mas_cp(mast.bn, 1 + split, mid_split, mast.m, true)
    mast.m.min = mast.bn.pivot[split]! + 1n
    split = mid_split
  }
  mast.r.max = mast.orig_r.max
  if (right) {
    mab_mas_cp(mast.bn, 1 + split, mast.bn.b_end, mast.r, false)
    mast.r.min = mast.bn.pivot[split]! + 1n
  }
}

/** mast_combine_cp_left(): the original left node's slots before the new subtree. */
function mast_combine_cp_left<T>(mast: MapleSubtreeState<T>): void {
  const l_slot = mast.orig_l.offset
  if (!l_slot) return
  mas_mab_cp(mast.orig_l, 0, l_slot - 1, mast.bn, 0)
}

/** mast_combine_cp_right(): the original right node's slots after the new subtree. */
function mast_combine_cp_right<T>(mast: MapleSubtreeState<T>): void {
  if (mast.bn.pivot[mast.bn.b_end - 1]! >= mast.orig_r.max) return
  mas_mab_cp(mast.orig_r, mast.orig_r.offset + 1, mt_slot_count(mast.orig_r.node!), mast.bn, mast.bn.b_end)
  mast.orig_r.last = mast.orig_r.max
}

/** mast_sufficient(): enough data for at least one sufficient node. */
function mast_sufficient<T>(mast: MapleSubtreeState<T>): boolean {
  return mast.bn.b_end > mt_min_slot_count(mast.orig_l.node!)
}

/** mast_overflow(): too much data for a single node (">" since 6.16: b_end is a count here). */
function mast_overflow<T>(mast: MapleSubtreeState<T>): boolean {
  return mast.bn.b_end > mt_slot_count(mast.orig_l.node!)
}

/**
 * mtree_range_walk(): walk down to the leaf holding mas.index. Leaves mas.node on the leaf with
 * its min/max, mas.offset on the slot, and [mas.index, mas.last] set to the slot's range.
 */
function mtree_range_walk<T>(mas: MaState<T>): MapleSlot<T> {
  let next: MapleSlot<T> = mas.node
  let min = mas.min
  let max = mas.max
  let last: MapleNode<T>
  let node: MapleNode<T>
  let end: number
  let offset: number
  let prev_min: bigint
  let prev_max: bigint
  do {
    last = next as MapleNode<T>
    node = last
    const pivots = node.pivot
    end = ma_data_end(node, max)
    prev_min = min
    prev_max = max
    if (pivots[0]! >= mas.index) {
      offset = 0
      max = pivots[0]!
    } else {
      offset = 1
      while (offset < end) {
        if (pivots[offset]! >= mas.index) {
          max = pivots[offset]!
          break
        }
        offset++
      }
      min = pivots[offset - 1]! + 1n
    }
    next = node.slot[offset]!
  } while (!ma_is_leaf(node.type))
  mas.end = end
  mas.offset = offset
  mas.index = min
  mas.last = max
  mas.min = prev_min
  mas.max = prev_max
  mas.node = last
  return next
}

/**
 * mas_spanning_rebalance(): rebuild the subtree between orig_l and orig_r from the big node,
 * level by level upwards: split the data into one to three new nodes, then gather those with the
 * rest of the parent level into the big node, until a level is sufficient and fits (or the root).
 * Insufficient levels take in a neighbour (mast_spanning_rebalance). The new subtree then
 * replaces the old one (mas_wmb_replace).
 */
function mas_spanning_rebalance<T>(mas: MaState<T>, mast: MapleSubtreeState<T>, count: number): void {
  let slot = 0
  let new_height = 0 // used if node is a new root
  let left: MapleNode<T> | null = null
  let middle: MapleNode<T> | null = null
  let right: MapleNode<T> | null = null
  const l_mas = MA_STATE(mas.tree, mas.index, mas.index)
  const r_mas = MA_STATE(mas.tree, mas.index, mas.last)
  const m_mas = MA_STATE(mas.tree, mas.index, mas.index)
  mast.l = l_mas
  mast.m = m_mas
  mast.r = r_mas
  l_mas.status = r_mas.status = m_mas.status = ma_none
  // Check if this is not root and has sufficient data.
  if ((mast.orig_l.min !== 0n || mast.orig_r.max !== ULONG_MAX) && mast.bn.b_end <= mt_min_slots[mast.bn.type]!) mast_spanning_rebalance(mast)
  let new_root = false
  while (count--) {
    mast.bn.b_end--
    mast.bn.type = mast.orig_l.node!.type
    const n = mas_mab_to_node(mas, mast.bn)
    left = n.left
    middle = n.middle
    right = n.right
    mast_set_split_parents(mast, left, middle, right, n.split, n.mid_split)
    mast_cp_to_nodes(mast, left, middle, right, n.split, n.mid_split)
    new_height++
    // Copy data from next level in the tree to mast.bn from next iteration
    mast.bn.reset()
    mast.bn.type = left.type
    // Root already stored in l.node.
    if (mas_is_root_limits(mast.l)) {
      new_root = true
      break
    }
    mast_ascend(mast)
    mast_combine_cp_left(mast)
    l_mas.offset = mast.bn.b_end
    mab_set_b_end(mast.bn, l_mas, left)
    mab_set_b_end(mast.bn, m_mas, middle)
    mab_set_b_end(mast.bn, r_mas, right)
    // Copy anything necessary out of the right node.
    mast_combine_cp_right(mast)
    mast.orig_l.last = mast.orig_l.max
    if (mast_sufficient(mast)) {
      if (mast_overflow(mast)) continue
      // 6.16 ("maple_tree: break on convergence in mas_spanning_rebalance()"): once both sides
      // reach the same node, the data in b_node goes in one node in its place, no higher.
      if (mast.orig_l.node === mast.orig_r.node) {
        slot = mast.l.offset
        break
      }
      continue
    }
    // May be a new root stored in mast.bn
    if (mas_is_root_limits(mast.orig_l)) break
    mast_spanning_rebalance(mast)
    // rebalancing from other nodes may require another loop.
    if (!count) count++
  }
  if (!new_root) {
    l_mas.node = mas_pop_node(mas, mast.orig_l.node!.type)
    mab_mas_cp(mast.bn, 0, mt_slots[mast.bn.type]! - 1, l_mas, true)
    new_height++
    mas_set_parent(mas, left!, l_mas.node, slot)
    if (middle) mas_set_parent(mas, middle, l_mas.node, ++slot)
    if (right) mas_set_parent(mas, right, l_mas.node, slot + 1)
  }
  if (new_root || mas_is_root_limits(mast.l)) {
    mte_set_root_parent(mast.l.node!)
    while (!mte_is_root(mast.orig_l.node!)) mast_ascend(mast)
  } else {
    mte_copy_parent(l_mas.node!, mast.orig_l.node!)
  }
  const old_enode = mast.orig_l.node!
  mas.node = l_mas.node
  mas.min = l_mas.min
  mas.max = l_mas.max
  mas.offset = l_mas.offset
  mas_wmb_replace(mas, old_enode, new_height)
  mtree_range_walk(mas)
}

/**
 * mas_rebalance(): a node fell below mt_min_slots. Combine it with the next node (or the previous
 * one when it is the last child) into one or two sufficient nodes, and carry on upwards.
 */
function mas_rebalance<T>(mas: MaState<T>, b_node: MapleBigNode<T>): void {
  const empty_count = mas_mt_height(mas)
  const b_end = ++b_node.b_end
  const l_mas = mas.clone()
  const r_mas = mas.clone()
  const mast: MapleSubtreeState<T> = { orig_l: l_mas, orig_r: r_mas, l: l_mas, m: l_mas, r: r_mas, bn: b_node }
  mast.bn.type = mas.node!.type
  if (mas_next_sibling(r_mas)) {
    mas_mab_cp(r_mas, 0, mt_slot_count(r_mas.node!), b_node, b_end)
    r_mas.last = r_mas.index = r_mas.max
  } else {
    mas_prev_sibling(l_mas)
    const shift = mas_data_end(l_mas) + 1
    mab_shift_right(b_node, shift)
    mas.offset += shift
    mas_mab_cp(l_mas, 0, shift - 1, b_node, 0)
    b_node.b_end = shift + b_end
    l_mas.index = l_mas.last = l_mas.min
  }
  mas_spanning_rebalance(mas, mast, empty_count)
}

/** mas_split_final_node(): the node above a split, which fits (or a new root). */
function mas_split_final_node<T>(mast: MapleSubtreeState<T>, mas: MaState<T>): void {
  if (mte_is_root(mas.node!)) mast.bn.type = mt_is_alloc(mas.tree) ? maple_arange_64 : maple_range_64
  // Only a single node is used here, could be root. The big node data should just fit.
  const ancestor = mas_new_ma_node(mas, mast.bn)
  mas_set_parent(mas, mast.l.node!, ancestor, mast.l.offset)
  mas_set_parent(mas, mast.r.node!, ancestor, mast.r.offset)
  mte_copy_parent(ancestor, mas.node!)
  mast.l.node = ancestor
  mab_mas_cp(mast.bn, 0, mt_slots[mast.bn.type]! - 1, mast.l, true)
  mas.offset = mast.bn.b_end - 1
}

/** mast_fill_bnode(): the parent level's data, with the split node replaced by the two new ones. */
function mast_fill_bnode<T>(mast: MapleSubtreeState<T>, mas: MaState<T>, skip: number): void {
  let cp = true
  mast.bn.reset()
  if (mte_is_root(mas.node!)) {
    cp = false
  } else {
    mas_ascend(mas)
    mas.offset = mte_parent_slot(mas.node!)
  }
  if (cp && mast.l.offset) mas_mab_cp(mas, 0, mast.l.offset - 1, mast.bn, 0)
  const split = mast.bn.b_end
  mab_set_b_end(mast.bn, mast.l, mast.l.node)
  mast.r.offset = mast.bn.b_end
  mab_set_b_end(mast.bn, mast.r, mast.r.node)
  if (mast.bn.pivot[mast.bn.b_end - 1] === mas.max) cp = false
  if (cp) mas_mab_cp(mas, split + skip, mt_slot_count(mas.node!) - 1, mast.bn, mast.bn.b_end)
  mast.bn.b_end--
  mast.bn.type = mas.node!.type
}

/** mast_split_data(): copy the big node into the left and right nodes at split. */
function mast_split_data<T>(mast: MapleSubtreeState<T>, mas: MaState<T>, split: number): void {
  mab_mas_cp(mast.bn, 0, split, mast.l, true)
  mte_set_pivot(mast.r.node!, 0, mast.r.max)
  mab_mas_cp(mast.bn, split + 1, mast.bn.b_end, mast.r, false)
  mast.l.offset = mte_parent_slot(mas.node!)
  mast.l.max = mast.bn.pivot[split]!
  mast.r.min = mast.l.max + 1n
  if (mte_is_leaf(mas.node!)) return
  let p_slot = mast.orig_l.offset
  p_slot = mas_set_split_parent(mast.orig_l, mast.l.node!, mast.r.node!, p_slot, split)
  mas_set_split_parent(mast.orig_r, mast.l.node!, mast.r.node!, p_slot, split)
}

/**
 * mas_push_data(): instead of splitting, share the data with the left (or right) sibling when the
 * two fit in two nodes, which stops the split from rippling upwards.
 */
function mas_push_data<T>(mas: MaState<T>, mast: MapleSubtreeState<T>, left: boolean): boolean {
  let slot_total = mast.bn.b_end
  const tmp_mas = mas.clone()
  tmp_mas.depth = mast.l.depth
  if (left && !mas_prev_sibling(tmp_mas)) return false
  else if (!left && !mas_next_sibling(tmp_mas)) return false
  const end = mas_data_end(tmp_mas)
  slot_total += end
  let space = 2 * mt_slot_count(mas.node!) - 2
  // -2 instead of -1 to ensure there isn't a triple split
  if (ma_is_leaf(mast.bn.type)) space--
  if (mas.max === ULONG_MAX) space--
  if (slot_total >= space) return false
  // Get the data; Fill mast.bn
  mast.bn.b_end++
  if (left) {
    mab_shift_right(mast.bn, end + 1)
    mas_mab_cp(tmp_mas, 0, end, mast.bn, 0)
    mast.bn.b_end = slot_total + 1
  } else {
    mas_mab_cp(tmp_mas, 0, end, mast.bn, mast.bn.b_end)
  }
  // Configure mast for splitting of mast.bn
  let split = mt_slots[mast.bn.type]! - 2
  if (left) {
    // Switch mas to prev node
    mas.copyFrom(tmp_mas)
    // Start using mast.l for the left side.
    tmp_mas.node = mast.l.node
    mast.l.copyFrom(tmp_mas)
  } else {
    tmp_mas.node = mast.r.node
    mast.r.copyFrom(tmp_mas)
    split = slot_total - split
  }
  split = mab_no_null_split(mast.bn, split, mt_slots[mast.bn.type]!)
  // Update parent slot for split calculation.
  if (left) mast.orig_l.offset += end + 1
  mast_split_data(mast, mas, split)
  mast_fill_bnode(mast, mas, 2)
  mas_split_final_node(mast, mas)
  return true
}

/**
 * mas_split(): the data no longer fits in one node. Splitting goes upwards from the leaf: split
 * (or push into a sibling), then put the two nodes in the parent's data, until a level fits — a
 * new root if the root itself splits.
 */
function mas_split<T>(mas: MaState<T>, b_node: MapleBigNode<T>): void {
  // The level being split, and at the end the level of the final node (the new height if it is
  // the root).
  let height = 0
  const orig_height = mas_mt_height(mas)
  const l_mas = MA_STATE(mas.tree, mas.index, mas.last)
  const r_mas = MA_STATE(mas.tree, mas.index, mas.last)
  const prev_l_mas = MA_STATE(mas.tree, mas.index, mas.last)
  const prev_r_mas = MA_STATE(mas.tree, mas.index, mas.last)
  const mast: MapleSubtreeState<T> = { l: l_mas, r: r_mas, m: l_mas, orig_l: prev_l_mas, orig_r: prev_r_mas, bn: b_node }
  while (height++ <= orig_height) {
    if (mt_slots[b_node.type]! > b_node.b_end) {
      mas_split_final_node(mast, mas)
      break
    }
    l_mas.copyFrom(mas)
    r_mas.copyFrom(mas)
    l_mas.node = mas_new_ma_node(mas, b_node)
    r_mas.node = mas_new_ma_node(mas, b_node)
    // Another way that 'jitter' is avoided is to terminate a split up early if the left or right
    // node has space to spare ("pushing left" or "pushing right", as in a B* tree).
    // Try to push left.
    if (mas_push_data(mas, mast, true)) {
      height++
      break
    }
    // Try to push right.
    if (mas_push_data(mas, mast, false)) {
      height++
      break
    }
    const { split } = mab_calc_split(mas, b_node)
    mast_split_data(mast, mas, split)
    // Usually correct, mab_mas_cp in the above call overwrites r.max.
    mast.r.max = mas.max
    mast_fill_bnode(mast, mas, 1)
    prev_l_mas.copyFrom(mast.l)
    prev_r_mas.copyFrom(mast.r)
  }
  // Set the original node as dead
  const old = mas.node!
  mas.node = l_mas.node
  mas_wmb_replace(mas, old, height)
  mtree_range_walk(mas)
}

/** mas_commit_b_node() */
function mas_commit_b_node<T>(wr_mas: MaWrState<T>, b_node: MapleBigNode<T>): void {
  const type = wr_mas.mas.store_type
  if (type !== wr_rebalance && type !== wr_split_store) BUG(`commit of a big node for ${STORE_TYPE_NAMES[type]}`)
  if (type === wr_rebalance) return mas_rebalance(wr_mas.mas, b_node)
  return mas_split(wr_mas.mas, b_node)
}

// ---------------------------------------------------------------------------------------------
// Stores

/** mas_root_expand(): the root entry (or nothing) becomes a leaf holding it and the new entry. */
function mas_root_expand<T>(mas: MaState<T>, entry: MapleSlot<T>): void {
  const contents = mas.tree.ma_root
  const node = mas_pop_node(mas, maple_leaf_64)
  const pivots = node.pivot
  const slots = node.slot
  let slot = 0
  mte_set_root_parent(node)
  mas.node = node
  mas.status = ma_active
  if (mas.index) {
    if (contents != null) {
      slots[slot] = contents
      if (mas.index > 1n) slot++
    }
    pivots[slot++] = mas.index - 1n
  }
  slots[slot] = entry
  mas.offset = slot
  pivots[slot] = mas.last
  if (mas.last !== ULONG_MAX) pivots[++slot] = ULONG_MAX
  mt_set_height(mas.tree, 1)
  ma_set_meta(node, 0, slot)
  // swap the new root into the tree
  mas.tree.ma_root = node
}

/** mas_store_root(): a store into a tree with no root node. */
function mas_store_root<T>(mas: MaState<T>, entry: MapleSlot<T>): void {
  if (entry == null) {
    if (!mas.index) mas.tree.ma_root = null
  } else if (mas.last !== 0n || mas.index !== 0n) {
    mas_root_expand(mas, entry)
  } else {
    // An entry at index 0 alone lives in the root pointer (entries are never "internal" here).
    mas.tree.ma_root = entry
    mas.status = ma_start
  }
}

/**
 * mas_is_span_wr(): the write starts in one node and ends in another, or writes a NULL at the end
 * of a leaf (which must then merge with what follows).
 */
function mas_is_span_wr<T>(wr_mas: MaWrState<T>): boolean {
  let max = wr_mas.r_max
  const last = wr_mas.mas.last
  const type = wr_mas.type
  const entry = wr_mas.entry
  // Contained in this pivot, fast path
  if (last < max) return false
  if (ma_is_leaf(type)) {
    max = wr_mas.mas.max
    if (last < max) return false
  }
  if (last === max) {
    // The last entry of leaf node cannot be NULL unless it is the rightmost node (writing
    // ULONG_MAX), otherwise it spans slots.
    if (entry != null || last === ULONG_MAX) return false
  }
  return true
}

function mas_wr_walk_descend<T>(wr_mas: MaWrState<T>): void {
  wr_mas.type = wr_mas.mas.node!.type
  mas_wr_node_walk(wr_mas)
  wr_mas.slots = wr_mas.node.slot
}

function mas_wr_walk_traverse<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  mas.max = wr_mas.r_max
  mas.min = wr_mas.r_min
  mas.node = wr_mas.content as MapleNode<T>
  mas.offset = 0
  mas.depth++
}

/**
 * mas_wr_walk(): walk down for a write; false when the write spans nodes. On the way, note the
 * lowest levels with free space and with an entry to spare, for mas_prealloc_calc().
 */
function mas_wr_walk<T>(wr_mas: MaWrState<T>): boolean {
  const mas = wr_mas.mas
  for (;;) {
    mas_wr_walk_descend(wr_mas)
    if (mas_is_span_wr(wr_mas)) return false
    wr_mas.content = wr_mas.slots[mas.offset]!
    if (ma_is_leaf(wr_mas.type)) return true
    if (mas.end < mt_slots[wr_mas.type]! - 1) wr_mas.vacant_height = mas.depth + 1
    if (ma_is_root(mas.node!)) {
      // root needs more than 2 entries to be sufficient + 1
      if (mas.end > 2) wr_mas.sufficient_height = 1
    } else if (mas.end > mt_min_slots[wr_mas.type]! + 1) {
      wr_mas.sufficient_height = mas.depth + 1
    }
    mas_wr_walk_traverse(wr_mas)
  }
}

/** mas_wr_walk_index(): walk down to the leaf holding mas.index. */
function mas_wr_walk_index<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  for (;;) {
    mas_wr_walk_descend(wr_mas)
    wr_mas.content = wr_mas.slots[mas.offset]!
    if (ma_is_leaf(wr_mas.type)) return
    mas_wr_walk_traverse(wr_mas)
  }
}

/** mas_extend_spanning_null(): a NULL store takes in the NULL ranges on either side. */
function mas_extend_spanning_null<T>(l_wr_mas: MaWrState<T>, r_wr_mas: MaWrState<T>): void {
  const r_mas = r_wr_mas.mas
  const l_mas = l_wr_mas.mas
  const l_slot = l_mas.offset
  if (l_wr_mas.content == null) l_mas.index = l_wr_mas.r_min
  if (l_mas.index === l_wr_mas.r_min && l_slot && l_wr_mas.slots[l_slot - 1] == null) {
    if (l_slot > 1) l_mas.index = l_wr_mas.pivots[l_slot - 2]! + 1n
    else l_mas.index = l_mas.min
    l_mas.offset = l_slot - 1
  }
  if (r_wr_mas.content == null) {
    if (r_mas.last < r_wr_mas.r_max) r_mas.last = r_wr_mas.r_max
    r_mas.offset++
  } else if (r_mas.last === r_wr_mas.r_max && r_mas.last < r_mas.max && r_wr_mas.slots[r_mas.offset + 1] == null) {
    // (C passes the type and offset to mas_safe_pivot() the wrong way round; the branch is not
    // reachable, as r_mas sits on the slot of last + 1, so r_max > last.)
    r_mas.last = mas_safe_pivot(r_mas, r_wr_mas.pivots, r_mas.offset + 1, r_wr_mas.type)
    r_mas.offset++
  }
}

/** mas_state_walk() */
function mas_state_walk<T>(mas: MaState<T>): MapleSlot<T> {
  const entry = mas_start(mas)
  if (mas_is_none(mas)) return null
  if (mas_is_ptr(mas)) return entry
  return mtree_range_walk(mas)
}

/** mtree_lookup_walk(): the quick lookup of mtree_load(), which leaves no state behind. */
function mtree_lookup_walk<T>(mas: MaState<T>): MapleSlot<T> {
  let next: MapleSlot<T> = mas.node
  let node: MapleNode<T>
  do {
    node = next as MapleNode<T>
    const pivots = node.pivot
    const end = mt_pivots[node.type]!
    let offset = 0
    do {
      if (pivots[offset]! >= mas.index) break
    } while (++offset < end)
    next = node.slot[offset]!
  } while (!ma_is_leaf(node.type))
  return next
}

/** mas_new_root(): the whole range [0, ULONG_MAX] holds one entry (or nothing). */
function mas_new_root<T>(mas: MaState<T>, entry: MapleSlot<T>): void {
  const root = mas.tree.ma_root
  if (mas.index || mas.last !== ULONG_MAX) BUG('mas_new_root of a partial range')
  if (entry == null) {
    mt_set_height(mas.tree, 0)
    mas.tree.ma_root = null
    mas.status = ma_start
  } else {
    const node = mas_pop_node(mas, maple_leaf_64)
    mte_set_root_parent(node)
    mas.node = node
    mas.status = ma_active
    node.slot[0] = entry
    node.pivot[0] = mas.last
    mt_set_height(mas.tree, 1)
    mas.tree.ma_root = node
  }
  if (xa_is_node(root)) mt_destroy_walk(mas.tree, root)
}

/**
 * mas_wr_spanning_store(): a write across nodes. Walk a left state to index and a right state to
 * last + 1, combine the left leaf (up to index), the entry and the right leaf (from last + 1) in a
 * big node, and rebuild the subtree above them (mas_spanning_rebalance).
 */
function mas_wr_spanning_store<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  if (!mas.index && mas.last === ULONG_MAX) return mas_new_root(mas, wr_mas.entry)
  // Node rebalancing may occur due to this store, so there may be three new entries per level
  // plus a new root.
  const height = mas_mt_height(mas)
  // Set up right side: the next offset after the spanning store, to combine both.
  const r_mas = mas.clone()
  // Avoid overflow, walk to next slot in the tree.
  if (r_mas.last !== ULONG_MAX) r_mas.last++
  r_mas.index = r_mas.last
  const r_wr_mas = new MaWrState<T>(r_mas, wr_mas.entry)
  mas_wr_walk_index(r_wr_mas)
  r_mas.last = r_mas.index = mas.last
  // Set up left side.
  const l_mas = mas.clone()
  const l_wr_mas = new MaWrState<T>(l_mas, wr_mas.entry)
  mas_wr_walk_index(l_wr_mas)
  if (wr_mas.entry == null) {
    mas_extend_spanning_null(l_wr_mas, r_wr_mas)
    mas.offset = l_mas.offset
    mas.index = l_mas.index
    mas.last = l_mas.last = r_mas.last
  }
  // expanding NULLs may make this cover the entire range
  if (!l_mas.index && r_mas.last === ULONG_MAX) {
    mas_set_range(mas, 0n, ULONG_MAX)
    return mas_new_root(mas, wr_mas.entry)
  }
  const b_node = new MapleBigNode<T>()
  // Copy l_mas and store the value in b_node.
  mas_store_b_node(l_wr_mas, b_node, l_mas.end)
  // Copy r_mas into b_node if there is anything to copy.
  if (r_mas.max > r_mas.last) mas_mab_cp(r_mas, r_mas.offset, r_mas.end, b_node, b_node.b_end + 1)
  else b_node.b_end++
  // Stop spanning searches by searching for just index.
  l_mas.index = l_mas.last = mas.index
  const mast: MapleSubtreeState<T> = { bn: b_node, orig_l: l_mas, orig_r: r_mas, l: l_mas, m: l_mas, r: r_mas }
  // Combine l_mas and r_mas and split them up evenly again.
  mas_spanning_rebalance(mas, mast, height + 1)
}

/** mas_wr_node_store(): rewrite the leaf with the new entry (in place unless in RCU mode). */
function mas_wr_node_store<T>(wr_mas: MaWrState<T>, new_end: number): void {
  const mas = wr_mas.mas
  let offset_end = wr_mas.offset_end
  const node_pivots = mt_pivots[wr_mas.type]!
  const in_rcu = mt_in_rcu(mas.tree)
  if (mas.last === wr_mas.end_piv) offset_end++ // don't copy this offset
  // set up node.
  const newnode = in_rcu ? mas_pop_node(mas, wr_mas.type) : new MapleNode<T>(0, wr_mas.type)
  mte_copy_parent(newnode, mas.node!)
  const dst_pivots = newnode.pivot
  const dst_slots = newnode.slot
  // Copy from start to insert point
  for (let i = 0; i < mas.offset; i++) {
    if (i < node_pivots) dst_pivots[i] = wr_mas.pivots[i]!
    dst_slots[i] = wr_mas.slots[i]!
  }
  // Handle insert of new range starting after old range
  if (wr_mas.r_min < mas.index) {
    dst_slots[mas.offset] = wr_mas.content
    if (mas.offset >= node_pivots) BUG('node store past the last pivot')
    dst_pivots[mas.offset++] = mas.index - 1n
  }
  // Store the new entry and range end.
  if (mas.offset < node_pivots) dst_pivots[mas.offset] = mas.last
  dst_slots[mas.offset] = wr_mas.entry
  // this range wrote to the end of the node or it overwrote the rest of the data
  if (offset_end <= mas.end) {
    const dst_offset = mas.offset + 1
    // Copy to the end of node if necessary.
    const copy_size = mas.end - offset_end + 1
    for (let k = 0; k < copy_size; k++) dst_slots[dst_offset + k] = wr_mas.slots[offset_end + k]!
    for (let k = 0; k < copy_size - 1; k++) dst_pivots[dst_offset + k] = wr_mas.pivots[offset_end + k]!
    if (new_end < node_pivots) dst_pivots[new_end] = mas.max
  }
  mas_leaf_set_meta(newnode, new_end)
  if (in_rcu) {
    const old_enode = mas.node!
    mas.node = newnode
    mas_replace_node(mas, old_enode, mas_mt_height(mas))
  } else {
    // memcpy(wr_mas->node, newnode, sizeof(struct maple_node))
    const node = wr_mas.node
    for (let i = 0; i < node.pivot.length; i++) node.pivot[i] = dst_pivots[i]!
    for (let i = 0; i < node.slot.length; i++) node.slot[i] = dst_slots[i]!
    node.metaEnd = newnode.metaEnd
    node.metaGap = newnode.metaGap
    mte_copy_parent(node, newnode)
  }
  mas_update_gap(mas)
  mas.end = new_end
}

/** mas_wr_slot_store(): the write moves one boundary (or two) without changing the slot count. */
function mas_wr_slot_store<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  const offset = mas.offset
  const slots = wr_mas.slots
  let gap = false
  gap ||= slots[offset] == null
  gap ||= slots[offset + 1] == null
  if (wr_mas.offset_end - offset === 1) {
    if (mas.index === wr_mas.r_min) {
      // Overwriting the range and a part of the next one
      slots[offset] = wr_mas.entry
      wr_mas.pivots[offset] = mas.last
    } else {
      // Overwriting a part of the range and the next one
      slots[offset + 1] = wr_mas.entry
      wr_mas.pivots[offset] = mas.index - 1n
      mas.offset++ // Keep mas accurate.
    }
  } else {
    if (mt_in_rcu(mas.tree)) BUG('slot store across three slots in RCU mode')
    // Expand the range, only partially overwriting the previous and next ranges
    gap ||= slots[offset + 2] == null
    slots[offset + 1] = wr_mas.entry
    wr_mas.pivots[offset] = mas.index - 1n
    wr_mas.pivots[offset + 1] = mas.last
    mas.offset++ // Keep mas accurate.
  }
  // Only update gap when the new entry is empty or there is an empty entry in the original two
  // ranges.
  if (wr_mas.entry == null || gap) mas_update_gap(mas)
}

/** mas_wr_extend_null(): a NULL store takes in the NULL ranges around it, within the leaf. */
function mas_wr_extend_null<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  if (wr_mas.slots[wr_mas.offset_end] == null) {
    // If this one is null, the next and prev are not
    mas.last = wr_mas.end_piv
  } else if (mas.last === wr_mas.end_piv && mas.end !== wr_mas.offset_end && wr_mas.slots[wr_mas.offset_end + 1] == null) {
    // Check next slot(s) if we are overwriting the end
    wr_mas.offset_end++
    if (wr_mas.offset_end === mas.end) mas.last = mas.max
    else mas.last = wr_mas.pivots[wr_mas.offset_end]!
    wr_mas.end_piv = mas.last
  }
  if (wr_mas.content == null) {
    // If this one is null, the next and prev are not
    mas.index = wr_mas.r_min
  } else if (mas.index === wr_mas.r_min && mas.offset && wr_mas.slots[mas.offset - 1] == null) {
    // Check prev slot if we are overwriting the start
    mas.offset--
    wr_mas.r_min = mas.index = mas_safe_min(mas, wr_mas.pivots, mas.offset)
    wr_mas.r_max = wr_mas.pivots[mas.offset]!
  }
}

/** mas_wr_end_piv(): the slot where the write ends, and its pivot. */
function mas_wr_end_piv<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  while (wr_mas.offset_end < mas.end && mas.last > wr_mas.pivots[wr_mas.offset_end]!) wr_mas.offset_end++
  if (wr_mas.offset_end < mas.end) wr_mas.end_piv = wr_mas.pivots[wr_mas.offset_end]!
  else wr_mas.end_piv = mas.max
}

/** mas_wr_new_end(): the end of the leaf's data after the write. */
function mas_wr_new_end<T>(wr_mas: MaWrState<T>): number {
  const mas = wr_mas.mas
  let new_end = mas.end + 2
  new_end -= wr_mas.offset_end - mas.offset
  if (wr_mas.r_min === mas.index) new_end--
  if (wr_mas.end_piv === mas.last) new_end--
  return new_end
}

/** mas_wr_append(): the write lands in the last slot; add one or two slots at the end, in place. */
function mas_wr_append<T>(wr_mas: MaWrState<T>, new_end: number): void {
  const mas = wr_mas.mas
  const end = mas.end
  if (new_end < mt_pivots[wr_mas.type]!) {
    wr_mas.pivots[new_end] = wr_mas.pivots[end]!
    ma_set_meta(wr_mas.node, 0, new_end)
  }
  const slots = wr_mas.slots
  if (new_end === end + 1) {
    if (mas.last === wr_mas.r_max) {
      // Append to end of range
      slots[new_end] = wr_mas.entry
      wr_mas.pivots[end] = mas.index - 1n
      mas.offset = new_end
    } else {
      // Append to start of range
      slots[new_end] = wr_mas.content
      wr_mas.pivots[end] = mas.last
      slots[end] = wr_mas.entry
    }
  } else {
    // Append to the range without touching any boundaries.
    slots[new_end] = wr_mas.content
    wr_mas.pivots[end + 1] = mas.last
    slots[end + 1] = wr_mas.entry
    wr_mas.pivots[end] = mas.index - 1n
    mas.offset = end + 1
  }
  if (wr_mas.content == null || wr_mas.entry == null) mas_update_gap(mas)
  mas.end = new_end
}

/** mas_wr_bnode(): the slow path, through a big node: split or rebalance. */
function mas_wr_bnode<T>(wr_mas: MaWrState<T>): void {
  const b_node = new MapleBigNode<T>()
  mas_store_b_node(wr_mas, b_node, wr_mas.offset_end)
  mas_commit_b_node(wr_mas, b_node)
}

/** mas_wr_store_entry(): carry out the write the way mas_wr_store_type() chose. */
function mas_wr_store_entry<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  switch (mas.store_type) {
    case wr_new_root:
      mas_new_root(mas, wr_mas.entry)
      break
    case wr_store_root:
      mas_store_root(mas, wr_mas.entry)
      break
    case wr_exact_fit:
      wr_mas.slots[mas.offset] = wr_mas.entry
      if ((wr_mas.entry == null) !== (wr_mas.content == null)) mas_update_gap(mas)
      break
    case wr_append:
      mas_wr_append(wr_mas, mas_wr_new_end(wr_mas))
      break
    case wr_slot_store:
      mas_wr_slot_store(wr_mas)
      break
    case wr_node_store:
      mas_wr_node_store(wr_mas, mas_wr_new_end(wr_mas))
      break
    case wr_spanning_store:
      mas_wr_spanning_store(wr_mas)
      break
    case wr_split_store:
    case wr_rebalance:
      mas_wr_bnode(wr_mas)
      break
    default:
      BUG(`store of type ${STORE_TYPE_NAMES[mas.store_type] ?? mas.store_type}`)
  }
}

/** mas_wr_prealloc_setup(): start the walk over unless the state is on a usable leaf. */
function mas_wr_prealloc_setup<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  let reset = false
  if (!mas_is_active(mas)) {
    if (mas_is_start(mas)) {
      wr_mas.content = mas_start(mas)
      return
    }
    if (mas_is_paused(mas) || mas_is_none(mas) || mas_is_overflow(mas) || mas_is_underflow(mas)) reset = true
  }
  // A less strict version of mas_is_span_wr() where we allow spanning writes within this node.
  if (!reset) {
    if (mas.last > mas.max) reset = true
    else if (wr_mas.entry == null && (mas.node === null || mte_is_leaf(mas.node)) && mas.last === mas.max) reset = true
  }
  if (reset) mas_reset(mas)
  wr_mas.content = mas_start(mas)
}

/** mas_wr_store_type(): how the write will be done. */
function mas_wr_store_type<T>(wr_mas: MaWrState<T>): number {
  const mas = wr_mas.mas
  if (mas_is_none(mas) || mas_is_ptr(mas)) return wr_store_root
  if (!mas_wr_walk(wr_mas)) return wr_spanning_store
  // At this point, we are at the leaf node that needs to be altered.
  mas_wr_end_piv(wr_mas)
  if (wr_mas.entry == null) mas_wr_extend_null(wr_mas)
  if (wr_mas.r_min === mas.index && wr_mas.r_max === mas.last) return wr_exact_fit
  if (!mas.index && mas.last === ULONG_MAX) return wr_new_root
  const new_end = mas_wr_new_end(wr_mas)
  // Potential spanning rebalance collapsing a node
  if (new_end < mt_min_slots[wr_mas.type]!) {
    if (!mte_is_root(mas.node!)) return wr_rebalance
    return wr_node_store
  }
  if (new_end >= mt_slots[wr_mas.type]!) return wr_split_store
  if (!mt_in_rcu(mas.tree) && mas.offset === mas.end) return wr_append
  if (new_end === mas.end && (!mt_in_rcu(mas.tree) || wr_mas.offset_end - mas.offset === 1)) return wr_slot_store
  return wr_node_store
}

/**
 * mas_prealloc_calc(): the nodes mas_preallocate() requests for the store — the worst case, but
 * since 6.16 only up to the lowest level with free space (vacant_height), or for rebalancing and
 * spanning stores, with an entry to spare (sufficient_height).
 */
function mas_prealloc_calc<T>(wr_mas: MaWrState<T>): number {
  const mas = wr_mas.mas
  const height = mas_mt_height(mas)
  const delta = height - wr_mas.vacant_height
  switch (mas.store_type) {
    case wr_exact_fit:
    case wr_append:
    case wr_slot_store:
      return 0
    case wr_spanning_store:
      if (wr_mas.sufficient_height < wr_mas.vacant_height) return (height - wr_mas.sufficient_height) * 3 + 1
      return delta * 3 + 1
    case wr_split_store:
      return delta * 2 + 1
    case wr_rebalance:
      if (wr_mas.sufficient_height < wr_mas.vacant_height) return (height - wr_mas.sufficient_height) * 2 + 1
      return delta * 2 + 1
    case wr_node_store:
      return mt_in_rcu(mas.tree) ? 1 : 0
    case wr_new_root:
      return 1
    case wr_store_root:
      // A node unless the entry goes in the root pointer (entries here are never "internal").
      return mas.last !== 0n || mas.index !== 0n ? 1 : 0
    default:
      return height * 3 + 1
  }
}

/** mas_wr_preallocate(): set up, choose the store type, and count the nodes it needs. */
function mas_wr_preallocate<T>(wr_mas: MaWrState<T>): void {
  const mas = wr_mas.mas
  mas_wr_prealloc_setup(wr_mas)
  mas.store_type = mas_wr_store_type(wr_mas)
  mas.node_request = mas_prealloc_calc(wr_mas)
}

/** mas_start(): set the state up for a walk from the root. */
function mas_start<T>(mas: MaState<T>): MapleSlot<T> {
  if (mas_is_start(mas)) {
    mas.min = 0n
    mas.max = ULONG_MAX
    mas.depth = 0
    const root = mas.tree.ma_root
    // Tree with nodes
    if (xa_is_node(root)) {
      mas.depth = 0
      mas.status = ma_active
      mas.node = root
      mas.offset = 0
      return null
    }
    mas.node = null
    // empty tree
    if (root == null) {
      mas.status = ma_none
      mas.offset = MAPLE_NODE_SLOTS
      return null
    }
    // Single entry tree
    mas.status = ma_root
    mas.offset = MAPLE_NODE_SLOTS
    if (mas.index > 0n) return null
    return root
  }
  return null
}

/**
 * mas_store(): store entry over [mas.index, mas.last], overwriting whatever was there.
 * Returns the first entry that was overwritten.
 */
export function mas_store<T>(mas: MaState<T>, entry: T | null): T | null {
  if (mas.index > mas.last) {
    mas_set_err(mas, -EINVAL)
    return null
  }
  const wr_mas = new MaWrState<T>(mas, entry)
  // Storing is the same operation as insert with the added caveat that it can overwrite entries.
  mas_wr_preallocate(wr_mas)
  mas_wr_store_entry(wr_mas)
  return wr_mas.content as T | null
}

/** mas_store_gfp(): mas_store() that reports errors; allocation cannot fail here. */
export function mas_store_gfp<T>(mas: MaState<T>, entry: T | null): number {
  mas_store(mas, entry)
  return mas_is_err(mas) ? mas.err : 0
}

/** mas_insert(): store only if the whole range is empty, else -EEXIST in the state. */
function mas_insert<T>(mas: MaState<T>, entry: T): T | null {
  const wr_mas = new MaWrState<T>(mas, entry)
  // Inserting a new range inserts either 0, 1, or 2 pivots within the tree.
  wr_mas.content = mas_start(mas)
  if (wr_mas.content != null) {
    mas_set_err(mas, -EEXIST)
    return wr_mas.content as T
  }
  mas_wr_preallocate(wr_mas)
  let exists = false
  // spanning writes always overwrite something
  if (mas.store_type === wr_spanning_store) exists = true
  else if (mas.store_type !== wr_new_root && mas.store_type !== wr_store_root) {
    // At this point, we are at the leaf node that needs to be altered.
    wr_mas.offset_end = mas.offset
    wr_mas.end_piv = wr_mas.r_max
    if (wr_mas.content != null || mas.last > wr_mas.r_max) exists = true
  }
  if (exists) {
    mas_set_err(mas, -EEXIST)
    return wr_mas.content as T | null
  }
  mas_wr_store_entry(wr_mas)
  return wr_mas.content as T | null
}

/** mas_erase(): find the range holding mas.index and store NULL over all of it. */
export function mas_erase<T>(mas: MaState<T>): T | null {
  const wr_mas = new MaWrState<T>(mas, null)
  mas.status = ma_start
  const entry = mas_state_walk(mas)
  if (entry == null) return null
  // Must reset to ensure spanning writes of last slot are detected
  mas_reset(mas)
  mas_wr_preallocate(wr_mas)
  mas_wr_store_entry(wr_mas)
  return entry as T
}

// ---------------------------------------------------------------------------------------------
// Walking and iterating

/**
 * mas_walk(): the entry at mas.index; [mas.index, mas.last] becomes the range it (or the NULL
 * range) covers.
 */
export function mas_walk<T>(mas: MaState<T>): T | null {
  // Restart unless active (the state's node still holds index) or already starting.
  if (!mas_is_active(mas) && !mas_is_start(mas)) mas.status = ma_start
  const entry = mas_state_walk(mas)
  if (mas_is_none(mas)) {
    mas.index = 0n
    mas.last = ULONG_MAX
  } else if (mas_is_ptr(mas)) {
    if (!mas.index) {
      mas.last = 0n
      return entry as T | null
    }
    mas.index = 1n
    mas.last = ULONG_MAX
    mas.status = ma_none
    return null
  }
  return entry as T | null
}

/** mas_prev_node(): the previous leaf; mas.offset on its last slot, or ma_underflow. */
function mas_prev_node<T>(mas: MaState<T>, min: bigint): void {
  let node = mas.node!
  let offset: number
  let level = 0
  const underflow = (): void => {
    mas.status = ma_underflow
  }
  if (!mas.min) return underflow()
  const max = mas.min - 1n
  if (max < min) return underflow()
  do {
    if (ma_is_root(node)) return underflow()
    // Walk up.
    mas_ascend(mas)
    offset = mas.offset
    level++
    node = mas.node!
  } while (!offset)
  offset--
  while (level > 1) {
    level--
    mas.node = mte_child(node, offset)
    node = mas.node
    offset = ma_data_end(node, max)
  }
  mas.node = mte_child(node, offset)
  if (offset) mas.min = node.pivot[offset - 1]! + 1n
  mas.max = max
  mas.offset = mas_data_end(mas)
  mas.end = mas.offset
}

/** mas_prev_slot(): the entry in the previous slot (possibly NULL when empty is allowed). */
function mas_prev_slot<T>(mas: MaState<T>, min: bigint, empty: boolean): MapleSlot<T> {
  let node = mas.node!
  let pivots = node.pivot
  if (mas.min <= min) {
    const pivot = mas_safe_min(mas, pivots, mas.offset)
    if (pivot <= min) {
      mas.status = ma_underflow
      return null
    }
  }
  for (;;) {
    if (mas.offset) {
      mas.offset--
      mas.last = mas.index - 1n
      mas.index = mas_safe_min(mas, pivots, mas.offset)
    } else {
      if (mas.index <= min) {
        mas.status = ma_underflow
        return null
      }
      mas_prev_node(mas, min)
      if (mas_is_underflow(mas)) return null
      mas.last = mas.max
      node = mas.node!
      pivots = node.pivot
      mas.index = mas_safe_min(mas, pivots, mas.offset)
    }
    const entry = node.slot[mas.offset]!
    if (entry != null) return entry
    if (empty) return entry
    if (mas.index <= min) {
      mas.status = ma_underflow
      return null
    }
  }
}

/** mas_next_node(): the next leaf, with its range, or ma_overflow. */
function mas_next_node<T>(mas: MaState<T>, node: MapleNode<T>, max: bigint): void {
  let level = 0
  if (mas.max >= max) {
    mas.status = ma_overflow
    return
  }
  const min = mas.max + 1n
  let node_end: number
  do {
    if (ma_is_root(node)) {
      mas.status = ma_overflow
      return
    }
    // Walk up.
    mas_ascend(mas)
    level++
    node = mas.node!
    node_end = ma_data_end(node, mas.max)
  } while (mas.offset === node_end)
  mas.offset++
  let enode = mte_child(node, mas.offset)
  if (level > 1) mas.offset = 0
  while (level > 1) {
    level--
    mas.node = enode
    node = enode
    enode = mte_child(node, 0)
  }
  mas.max = mas_safe_pivot(mas, node.pivot, mas.offset, node.type)
  mas.end = ma_data_end(enode, mas.max)
  mas.node = enode
  mas.min = min
}

/** mas_next_slot(): the entry in the next slot (possibly NULL when empty is allowed). */
function mas_next_slot<T>(mas: MaState<T>, max: bigint, empty: boolean): MapleSlot<T> {
  let node = mas.node!
  let pivots = node.pivot
  if (mas.max >= max) {
    const pivot = mas.offset < mas.end ? pivots[mas.offset]! : mas.max
    if (pivot >= max) {
      // Was at the limit, next will extend beyond
      mas.status = ma_overflow
      return null
    }
  }
  if (mas.offset < mas.end) {
    mas.index = pivots[mas.offset]! + 1n
    mas.offset++
    mas.last = mas.offset < mas.end ? pivots[mas.offset]! : mas.max
  } else {
    if (mas.last >= max) {
      mas.status = ma_overflow
      return null
    }
    mas_next_node(mas, node, max)
    if (mas_is_overflow(mas)) return null
    mas.offset = 0
    mas.index = mas.min
    node = mas.node!
    pivots = node.pivot
    mas.last = pivots[0]!
  }
  for (;;) {
    const entry = node.slot[mas.offset]!
    if (entry != null) return entry
    if (empty) return entry
    if (mas.last >= max) {
      mas.status = ma_overflow
      return null
    }
    mas.index = mas.last + 1n
    mas.offset++
    // Only the rightmost leaf ends in NULL, and its last slot reaches ULONG_MAX >= max.
    if (mas.offset > mas.end) BUG(`leaf ${node.id} ends in NULL below ULONG_MAX`)
    mas.last = mas.offset < mas.end ? pivots[mas.offset]! : mas.max
  }
}

// mas_next_setup()
function mas_next_setup<T>(mas: MaState<T>, max: bigint): { done: boolean; entry: MapleSlot<T> } {
  const was_none = mas_is_none(mas)
  if (mas.last >= max) {
    mas.status = ma_overflow
    return { done: true, entry: null }
  }
  switch (mas.status) {
    case ma_active:
      return { done: false, entry: null }
    case ma_none:
    case ma_pause:
      mas.status = ma_start
      mas_walk(mas) // Retries on dead nodes handled by mas_walk
      break
    case ma_start:
      mas_walk(mas)
      break
    case ma_overflow:
      // Overflowed before, but the max changed
      mas.status = ma_active
      break
    case ma_underflow: {
      // The user expects the mas to be one before where it is
      mas.status = ma_active
      const entry = mas_walk(mas)
      if (entry != null) return { done: true, entry }
      break
    }
    case ma_root:
      break
    case ma_error:
      return { done: true, entry: null }
  }
  if (mas_is_active(mas)) return { done: false, entry: null }
  if (mas_is_ptr(mas)) {
    if (was_none && mas.index === 0n) {
      mas.index = mas.last = 0n
      return { done: true, entry: null }
    }
    mas.index = 1n
    mas.last = ULONG_MAX
    mas.status = ma_none
    return { done: true, entry: null }
  }
  if (mas_is_none(mas)) return { done: true, entry: null }
  return { done: false, entry: null }
}

/** mas_next(): the next entry after mas.index, up to max. */
export function mas_next<T>(mas: MaState<T>, max: bigint): T | null {
  const s = mas_next_setup(mas, max)
  if (s.done) return s.entry as T | null
  return mas_next_slot(mas, max, false) as T | null
}

/** mas_next_range(): advance to the next range, NULL or not. */
export function mas_next_range<T>(mas: MaState<T>, max: bigint): T | null {
  const s = mas_next_setup(mas, max)
  if (s.done) return s.entry as T | null
  return mas_next_slot(mas, max, true) as T | null
}

/** mt_next(): the entry after index. */
export function mt_next<T>(mt: MapleTree<T>, index: bigint, max: bigint): T | null {
  return mas_next(MA_STATE(mt, index, index), max)
}

// mas_prev_setup()
function mas_prev_setup<T>(mas: MaState<T>, min: bigint): { done: boolean; entry: MapleSlot<T> } {
  if (mas.index <= min) {
    mas.status = ma_underflow
    return { done: true, entry: null }
  }
  switch (mas.status) {
    case ma_active:
      return { done: false, entry: null }
    case ma_start:
      break
    case ma_none:
    case ma_pause:
      mas.status = ma_start
      break
    case ma_underflow:
      // underflowed before but the min changed
      mas.status = ma_active
      break
    case ma_overflow: {
      // User expects mas to be one after where it is
      mas.status = ma_active
      const entry = mas_walk(mas)
      if (entry != null) return { done: true, entry }
      break
    }
    case ma_root:
      break
    case ma_error:
      return { done: true, entry: null }
  }
  if (mas_is_start(mas)) mas_walk(mas)
  if (mas_is_ptr(mas)) {
    if (!mas.index) {
      mas.status = ma_none
      return { done: true, entry: null }
    }
    mas.index = mas.last = 0n
    return { done: true, entry: mas.tree.ma_root }
  }
  if (mas_is_none(mas)) {
    if (mas.index) {
      // Walked to out-of-range pointer?
      mas.index = mas.last = 0n
      mas.status = ma_root
      return { done: true, entry: mas.tree.ma_root }
    }
    return { done: true, entry: null }
  }
  return { done: false, entry: null }
}

/** mas_prev(): the previous entry before mas.index, down to min. */
export function mas_prev<T>(mas: MaState<T>, min: bigint): T | null {
  const s = mas_prev_setup(mas, min)
  if (s.done) return s.entry as T | null
  return mas_prev_slot(mas, min, false) as T | null
}

/** mas_prev_range(): move back to the previous range, NULL or not. */
export function mas_prev_range<T>(mas: MaState<T>, min: bigint): T | null {
  const s = mas_prev_setup(mas, min)
  if (s.done) return s.entry as T | null
  return mas_prev_slot(mas, min, true) as T | null
}

/** mt_prev(): the entry before index. */
export function mt_prev<T>(mt: MapleTree<T>, index: bigint, min: bigint): T | null {
  return mas_prev(MA_STATE(mt, index, index), min)
}

/** mas_pause(): the next mas_find()/mas_next() walks again from the root. */
export function mas_pause<T>(mas: MaState<T>): void {
  mas.status = ma_pause
  mas.node = null
}

// mas_find_setup()
function mas_find_setup<T>(mas: MaState<T>, max: bigint): { done: boolean; entry: MapleSlot<T> } {
  switch (mas.status) {
    case ma_active:
      if (mas.last < max) return { done: false, entry: null }
      return { done: true, entry: null }
    case ma_start:
      break
    case ma_pause:
      if (mas.last >= max) return { done: true, entry: null }
      mas.index = ++mas.last
      mas.status = ma_start
      break
    case ma_none:
      if (mas.last >= max) return { done: true, entry: null }
      mas.index = mas.last
      mas.status = ma_start
      break
    case ma_underflow: {
      // mas is pointing at entry before unable to go lower
      if (mas.index >= max) {
        mas.status = ma_overflow
        return { done: true, entry: null }
      }
      mas.status = ma_active
      const entry = mas_walk(mas)
      if (entry != null) return { done: true, entry }
      break
    }
    case ma_overflow: {
      if (mas.last >= max) return { done: true, entry: null }
      mas.status = ma_active
      const entry = mas_walk(mas)
      if (entry != null) return { done: true, entry }
      break
    }
    case ma_root:
      break
    case ma_error:
      return { done: true, entry: null }
  }
  if (mas_is_start(mas)) {
    // First run or continue
    if (mas.index > max) return { done: true, entry: null }
    const entry = mas_walk(mas)
    if (entry != null) return { done: true, entry }
  }
  if (mas_is_ptr(mas)) {
    mas.status = ma_none
    mas.index = 1n
    mas.last = ULONG_MAX
    return { done: true, entry: null }
  }
  if (mas_is_none(mas)) return { done: true, entry: null }
  if (mas.index === max) return { done: true, entry: null }
  return { done: false, entry: null }
}

/**
 * mas_find(): on the first call, the entry at or after mas.index up to max; afterwards, the entry
 * after the current one. [mas.index, mas.last] is the entry's range.
 */
export function mas_find<T>(mas: MaState<T>, max: bigint): T | null {
  const s = mas_find_setup(mas, max)
  if (s.done) return s.entry as T | null
  const entry = mas_next_slot(mas, max, false)
  // Ignore overflow
  mas.status = ma_active
  return entry as T | null
}

/** mas_find_range(): as mas_find(), stepping over NULL ranges one at a time. */
export function mas_find_range<T>(mas: MaState<T>, max: bigint): T | null {
  const s = mas_find_setup(mas, max)
  if (s.done) return s.entry as T | null
  return mas_next_slot(mas, max, true) as T | null
}

// mas_find_rev_setup()
function mas_find_rev_setup<T>(mas: MaState<T>, min: bigint): { done: boolean; entry: MapleSlot<T> } {
  let active = false
  switch (mas.status) {
    case ma_active:
      active = true
      break
    case ma_start:
      break
    case ma_pause:
      if (mas.index <= min) {
        mas.status = ma_underflow
        return { done: true, entry: null }
      }
      mas.last = --mas.index
      mas.status = ma_start
      break
    case ma_none:
      if (mas.index <= min) {
        mas.status = ma_none
        return { done: true, entry: null }
      }
      mas.last = mas.index
      mas.status = ma_start
      break
    case ma_overflow: // user expects the mas to be one after where it is
      if (mas.index <= min) {
        mas.status = ma_underflow
        return { done: true, entry: null }
      }
      mas.status = ma_active
      break
    case ma_underflow: // user expects the mas to be one before where it is
      if (mas.index <= min) return { done: true, entry: null }
      mas.status = ma_active
      break
    case ma_root:
      break
    case ma_error:
      return { done: true, entry: null }
  }
  if (!active) {
    if (mas_is_start(mas)) {
      // First run or continue
      if (mas.index < min) return { done: true, entry: null }
      const entry = mas_walk(mas)
      if (entry != null) return { done: true, entry }
    }
    if (mas_is_ptr(mas)) {
      mas.status = ma_none
      return { done: true, entry: null }
    }
    if (mas_is_none(mas)) {
      // Walked to the location, and there was nothing so the previous location is 0.
      mas.last = mas.index = 0n
      mas.status = ma_root
      return { done: true, entry: mas.tree.ma_root }
    }
  }
  if (mas.index < min) return { done: true, entry: null }
  return { done: false, entry: null }
}

/**
 * mas_find_rev(): on the first call, the entry at or below mas.index down to min; afterwards, the
 * entry before the current one.
 */
export function mas_find_rev<T>(mas: MaState<T>, min: bigint): T | null {
  const s = mas_find_rev_setup(mas, min)
  if (s.done) return s.entry as T | null
  return mas_prev_slot(mas, min, false) as T | null
}

/** mas_find_range_rev(): as mas_find_rev(), stepping over NULL ranges one at a time. */
export function mas_find_range_rev<T>(mas: MaState<T>, min: bigint): T | null {
  const s = mas_find_rev_setup(mas, min)
  if (s.done) return s.entry as T | null
  return mas_prev_slot(mas, min, true) as T | null
}

/** mas_for_each(): every entry from mas.index up to max, in order; mas holds each one's range. */
export function* mas_for_each<T>(mas: MaState<T>, max: bigint): Generator<T> {
  let entry: T | null
  while ((entry = mas_find(mas, max)) != null) yield entry
}

// ---------------------------------------------------------------------------------------------
// Gap searches (allocation trees)

/**
 * mas_rev_awalk(): in mas.node, from mas.offset down, the highest slot whose gap fits size within
 * [mas.index, mas.last]; descend into it, or report the gap when at a leaf. False to go on
 * (descended, or nothing here: ascend).
 */
function mas_rev_awalk<T>(mas: MaState<T>, size: bigint, out: { gap_min: bigint; gap_max: bigint }): boolean {
  if (mas_is_err(mas)) return true
  const node = mas.node!
  const type = node.type
  const pivots = node.pivot
  const slots = node.slot
  const gaps = node.gap
  let gap = 0n
  let offset = mas.offset
  let min = mas_safe_min(mas, pivots, offset)
  // Skip out of bounds.
  while (mas.last < min) min = mas_safe_min(mas, pivots, --offset)
  let max = mas_safe_pivot(mas, pivots, offset, type)
  let ascend = false
  while (mas.index <= max) {
    gap = 0n
    if (gaps) gap = gaps[offset]!
    else if (slots[offset] == null) gap = u64(max - min + 1n)
    if (gap) {
      if (size <= gap && size <= u64(mas.last - min + 1n)) break
      if (!gaps) {
        // Skip the next slot, it cannot be a gap.
        if (offset < 2) {
          ascend = true
          break
        }
        offset -= 2
        max = pivots[offset]!
        min = mas_safe_min(mas, pivots, offset)
        continue
      }
    }
    if (!offset) {
      ascend = true
      break
    }
    offset--
    max = min - 1n
    min = mas_safe_min(mas, pivots, offset)
  }
  if (ascend) {
    if (!mte_is_root(node)) return false
  } else if (!(mas.index > max || size - 1n > max - mas.index)) {
    if (ma_is_leaf(type)) {
      mas.offset = offset
      out.gap_min = min
      out.gap_max = min + gap - 1n
      return true
    }
    // descend, only happens under lock.
    mas.node = mte_child(node, offset)
    mas.min = min
    mas.max = max
    mas.offset = mas_data_end(mas)
    return false
  }
  // no_space:
  mas_set_err(mas, -EBUSY)
  return false
}

/**
 * mas_anode_descend(): in mas.node, from mas.offset up, the first slot whose gap fits size within
 * [mas.index, mas.last]; descend into it. True when found in a leaf (or the search is over).
 */
function mas_anode_descend<T>(mas: MaState<T>, size: bigint): boolean {
  const node = mas.node!
  const type = node.type
  const pivots = node.pivot
  const slots = node.slot
  const gaps = node.gap
  let gap = 0n
  let found = false
  let offset = mas.offset
  let min = mas_safe_min(mas, pivots, offset)
  const data_end = ma_data_end(node, mas.max)
  let done = false
  for (; offset <= data_end; offset++) {
    const pivot = mas_safe_pivot(mas, pivots, offset, type)
    // Not within lower bounds
    if (mas.index <= pivot) {
      let candidate = true
      if (gaps) gap = gaps[offset]!
      else if (slots[offset] == null) gap = u64((pivot < mas.last ? pivot : mas.last) - (mas.index > min ? mas.index : min) + 1n)
      else candidate = false
      if (candidate && gap >= size) {
        if (ma_is_leaf(type)) {
          found = true
          done = true
          break
        }
        if (mas.index <= pivot) {
          mas.node = mte_child(node, offset)
          mas.min = min
          mas.max = pivot
          offset = 0
          break
        }
      }
    }
    // next_slot:
    min = pivot + 1n
    if (mas.last <= pivot) {
      mas_set_err(mas, -EBUSY)
      return true
    }
  }
  if (!done && mte_is_root(mas.node!)) found = true
  mas.offset = offset
  return found
}

/** mas_rewind_node(): back to the previous slot, ascending as needed. */
function mas_rewind_node<T>(mas: MaState<T>): boolean {
  let slot: number
  do {
    if (mte_is_root(mas.node!)) {
      slot = mas.offset
      if (!slot) return false
    } else {
      mas_ascend(mas)
      slot = mas.offset
    }
  } while (!slot)
  mas.offset = slot - 1
  return true
}

/** mas_skip_node(): on to the next slot, ascending as needed. */
function mas_skip_node<T>(mas: MaState<T>): boolean {
  if (mas_is_err(mas)) return false
  do {
    if (mte_is_root(mas.node!)) {
      if (mas.offset >= mas_data_end(mas)) {
        mas_set_err(mas, -EBUSY)
        return false
      }
    } else {
      mas_ascend(mas)
    }
  } while (mas.offset >= mas_data_end(mas))
  mas.offset++
  return true
}

/** mas_awalk(): the allocation walk, from low to high indices, for a gap of size. */
function mas_awalk<T>(mas: MaState<T>, size: bigint): void {
  let last: MapleNode<T> | null = null
  // There are 4 options: go to child (descend), go back to parent (ascend), no gap found, or
  // found the gap.
  while (!mas_is_err(mas) && !mas_anode_descend(mas, size)) {
    if (last === mas.node) mas_skip_node(mas)
    else last = mas.node
  }
}

/** mas_sparse_area(): a gap search in a tree without nodes. */
function mas_sparse_area<T>(mas: MaState<T>, min: bigint, max: bigint, size: bigint, fwd: boolean): number {
  if (!mas_is_none(mas) && min === 0n) {
    min++
    // At this time, min is increased, we need to recheck whether the size is satisfied.
    if (min > max || max - min + 1n < size) return -EBUSY
  }
  // mas_is_ptr
  if (fwd) {
    mas.index = min
    mas.last = min + size - 1n
  } else {
    mas.last = max
    mas.index = max - size + 1n
  }
  return 0
}

/**
 * mas_empty_area(): the lowest [index, last] of size empty indices within [min, max]. Returns 0
 * with mas.index/mas.last set, -EBUSY if none, -EINVAL for a bad request.
 */
export function mas_empty_area<T>(mas: MaState<T>, min: bigint, max: bigint, size: bigint): number {
  if (min > max) return -EINVAL
  if (size === 0n || max - min < size - 1n) return -EINVAL
  if (mas_is_start(mas)) mas_start(mas)
  else if (mas.offset >= 2) mas.offset -= 2
  else if (!mas_skip_node(mas)) return -EBUSY
  // Empty set
  if (mas_is_none(mas) || mas_is_ptr(mas)) return mas_sparse_area(mas, min, max, size, true)
  // The start of the window can only be within these values
  mas.index = min
  mas.last = max
  mas_awalk(mas, size)
  if (mas_is_err(mas)) return mas.err
  const offset = mas.offset
  if (offset === MAPLE_NODE_SLOTS) return -EBUSY
  const node = mas.node!
  min = mas_safe_min(mas, node.pivot, offset)
  if (mas.index < min) mas.index = min
  mas.last = mas.index + size - 1n
  mas.end = ma_data_end(node, mas.max)
  return 0
}

/**
 * mas_empty_area_rev(): the highest [index, last] of size empty indices within [min, max] — the
 * top-down search of get_unmapped_area() (unmapped_area_topdown → vma_iter_area_highest).
 */
export function mas_empty_area_rev<T>(mas: MaState<T>, min: bigint, max: bigint, size: bigint): number {
  let last = mas.node
  if (min > max) return -EINVAL
  if (size === 0n || max - min < size - 1n) return -EINVAL
  if (mas_is_start(mas)) mas_start(mas)
  else if (mas.offset < 2 && !mas_rewind_node(mas)) return -EBUSY
  if (mas_is_none(mas) || mas_is_ptr(mas)) return mas_sparse_area(mas, min, max, size, false)
  else if (mas.offset >= 2) mas.offset -= 2
  else mas.offset = mas_data_end(mas)
  // The start of the window can only be within these values.
  mas.index = min
  mas.last = max
  const out = { gap_min: min, gap_max: max }
  while (!mas_rev_awalk(mas, size, out)) {
    // (On an error, the next mas_rev_awalk() returns at once.)
    if (mas_is_err(mas)) break
    if (last === mas.node) {
      if (!mas_rewind_node(mas)) return -EBUSY
    } else {
      last = mas.node
    }
  }
  if (mas_is_err(mas)) return mas.err
  if (mas.offset === MAPLE_NODE_SLOTS) return -EBUSY
  // Trim the upper limit to the max.
  if (out.gap_max < mas.last) mas.last = out.gap_max
  mas.index = mas.last - size + 1n
  mas.end = mas_data_end(mas)
  return 0
}

// ---------------------------------------------------------------------------------------------
// The normal API

/** mtree_load(): the entry at index, or null. */
export function mtree_load<T>(mt: MapleTree<T>, index: bigint): T | null {
  const mas = MA_STATE(mt, index, index)
  let entry = mas_start(mas)
  if (mas_is_none(mas)) return null
  if (mas_is_ptr(mas)) {
    if (index) entry = null
    return entry as T | null
  }
  entry = mtree_lookup_walk(mas)
  return entry as T | null
}

/** mtree_store_range(): store entry (or NULL) over [index, last]. 0 or -EINVAL. */
export function mtree_store_range<T>(mt: MapleTree<T>, index: bigint, last: bigint, entry: T | null): number {
  if (index > last || index < 0n || last > ULONG_MAX) return -EINVAL
  if (xa_is_node(entry)) return -EINVAL
  const mas = MA_STATE(mt, index, last)
  return mas_store_gfp(mas, entry)
}

/** mtree_store() */
export function mtree_store<T>(mt: MapleTree<T>, index: bigint, entry: T | null): number {
  return mtree_store_range(mt, index, index, entry)
}

/** mtree_insert_range(): store entry only if [first, last] is empty: 0, -EEXIST or -EINVAL. */
export function mtree_insert_range<T>(mt: MapleTree<T>, first: bigint, last: bigint, entry: T): number {
  if (entry == null || xa_is_node(entry)) return -EINVAL
  if (first > last || first < 0n || last > ULONG_MAX) return -EINVAL
  const ms = MA_STATE(mt, first, last)
  mas_insert(ms, entry)
  return mas_is_err(ms) ? ms.err : 0
}

/** mtree_insert() */
export function mtree_insert<T>(mt: MapleTree<T>, index: bigint, entry: T): number {
  return mtree_insert_range(mt, index, index, entry)
}

/**
 * mtree_alloc_range(): store entry in the lowest empty range of size within [min, max]; the start
 * goes to startp.value.
 */
export function mtree_alloc_range<T>(mt: MapleTree<T>, startp: { value: bigint }, entry: T, size: bigint, min: bigint, max: bigint): number {
  if (!mt_is_alloc(mt)) return -EINVAL
  if (entry == null || xa_is_node(entry)) return -EINVAL
  const mas = MA_STATE(mt, 0n, 0n)
  const ret = mas_empty_area(mas, min, max, size)
  if (ret) return ret
  mas_insert(mas, entry)
  if (mas_is_err(mas)) return mas.err
  startp.value = mas.index
  return 0
}

/** mtree_alloc_rrange(): as mtree_alloc_range(), the highest fitting range. */
export function mtree_alloc_rrange<T>(mt: MapleTree<T>, startp: { value: bigint }, entry: T, size: bigint, min: bigint, max: bigint): number {
  if (!mt_is_alloc(mt)) return -EINVAL
  if (entry == null || xa_is_node(entry)) return -EINVAL
  const mas = MA_STATE(mt, 0n, 0n)
  const ret = mas_empty_area_rev(mas, min, max, size)
  if (ret) return ret
  mas_insert(mas, entry)
  if (mas_is_err(mas)) return mas.err
  startp.value = mas.index
  return 0
}

/** mtree_erase(): erase the whole range holding index; returns what was there. */
export function mtree_erase<T>(mt: MapleTree<T>, index: bigint): T | null {
  const mas = MA_STATE(mt, index, index)
  return mas_erase(mas)
}

/** __mt_destroy() / mtree_destroy(): free every node; the tree is empty. */
export function mtree_destroy<T>(mt: MapleTree<T>): void {
  const root = mt.ma_root
  mt.ma_root = null
  if (xa_is_node(root)) mt_destroy_walk(mt, root)
  mt.ma_flags &= ~MT_FLAGS_HEIGHT_MASK
}

/**
 * __mt_dup() / mtree_dup(): duplicate a tree node for node, as dup_mmap() does at fork: every
 * node copied in depth-first pre-order (mas_dup_build()), same pivots, gaps and metadata, so the
 * copy has the same shape. Entries are shared unless dup() maps them (dup_mmap() then stores the
 * new VMAs over the old ones). -EINVAL unless newmt is empty and has the same attributes.
 */
export function mtree_dup<T>(mt: MapleTree<T>, newmt: MapleTree<T>, dup: (entry: T) => T = (e) => e): number {
  const attr = (t: MapleTree<T>): number => t.ma_flags & ~MT_FLAGS_HEIGHT_MASK
  if (attr(mt) !== attr(newmt) || !mtree_empty(newmt)) return -EINVAL
  // mas_copy_node() then mas_dup_alloc() for the children: the parent first, then each child.
  const copy = (node: MapleNode<T>, parent: MapleNode<T> | null): MapleNode<T> => {
    const n = newmt.newNode(node.type)
    n.parent = parent
    n.parentSlot = node.parentSlot
    n.isRoot = node.isRoot
    n.metaEnd = node.metaEnd
    n.metaGap = node.metaGap
    for (let i = 0; i < node.pivot.length; i++) n.pivot[i] = node.pivot[i]!
    if (node.gap) for (let i = 0; i < node.gap.length; i++) n.gap![i] = node.gap[i]!
    const leaf = ma_is_leaf(node.type)
    for (let i = 0; i < node.slot.length; i++) {
      const s = node.slot[i]!
      n.slot[i] = xa_is_node(s) ? copy(s, n) : s == null ? null : leaf ? dup(s) : s
    }
    return n
  }
  const root = mt.ma_root
  // Make them the same height
  newmt.ma_flags = mt.ma_flags
  newmt.ma_root = xa_is_node(root) ? copy(root, null) : root == null ? null : dup(root)
  return 0
}

/**
 * mt_find(): the first entry at or after indexp.value up to max. When one is found, indexp.value
 * moves past its range (to last + 1, wrapping to 0 after ULONG_MAX) for the next call.
 */
export function mt_find<T>(mt: MapleTree<T>, indexp: { value: bigint }, max: bigint): T | null {
  const mas = MA_STATE(mt, indexp.value, indexp.value)
  if (indexp.value > max) return null
  let entry = mas_state_walk(mas)
  if (entry == null) {
    while (mas_is_active(mas) && mas.last < max) {
      entry = mas_next_slot(mas, max, false)
      if (entry != null) break
    }
  }
  if (entry != null) indexp.value = u64(mas.last + 1n)
  return entry as T | null
}

/** mt_find_after(): as mt_find(), but a wrapped index (0) ends the search. */
export function mt_find_after<T>(mt: MapleTree<T>, indexp: { value: bigint }, max: bigint): T | null {
  if (!indexp.value) return null
  return mt_find(mt, indexp, max)
}

/** mt_for_each(): every entry from index up to max, with its range. */
export function* mt_for_each<T>(mt: MapleTree<T>, index: bigint, max: bigint): Generator<{ index: bigint; last: bigint; entry: T }> {
  const mas = MA_STATE(mt, index, index)
  for (const entry of mas_for_each(mas, max)) yield { index: mas.index, last: mas.last, entry }
}

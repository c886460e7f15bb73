// A red-black tree ordered by a numeric key, with an optional augmented value recomputed on
// every node whose subtree changes — the shape of lib/rbtree.c with include/linux/
// rbtree_augmented.h, which the vmalloc free tree uses to keep each node's subtree_max_size.
// Insertion and erasure rebalance with the classic rotations; the tree is exposed (root, left,
// right, parent) because callers walk it the way the kernel does (find_vmap_lowest_match()).

export interface RbNode<T> {
  key: number
  value: T
  left: RbNode<T> | null
  right: RbNode<T> | null
  parent: RbNode<T> | null
  red: boolean
  /** The augmented value of this node's subtree (e.g. subtree_max_size). */
  aug: number
}

export class RbTree<T> {
  root: RbNode<T> | null = null
  size = 0

  /** `compute(node)` gives the node's own augmented contribution; the subtree value is the max over the subtree. */
  constructor(private readonly compute: (value: T) => number = () => 0) {}

  private update(n: RbNode<T> | null): void {
    for (; n; n = n.parent) {
      const a = Math.max(this.compute(n.value), n.left?.aug ?? 0, n.right?.aug ?? 0)
      n.aug = a
    }
  }

  private refresh(n: RbNode<T>): void {
    n.aug = Math.max(this.compute(n.value), n.left?.aug ?? 0, n.right?.aug ?? 0)
  }

  /** The augmented value of a subtree, 0 for an empty one (get_subtree_max_size()). */
  static aug<T>(n: RbNode<T> | null): number {
    return n ? n.aug : 0
  }

  private rotateLeft(x: RbNode<T>): void {
    const y = x.right!
    x.right = y.left
    if (y.left) y.left.parent = x
    y.parent = x.parent
    if (!x.parent) this.root = y
    else if (x === x.parent.left) x.parent.left = y
    else x.parent.right = y
    y.left = x
    x.parent = y
    this.refresh(x)
    this.refresh(y)
  }

  private rotateRight(x: RbNode<T>): void {
    const y = x.left!
    x.left = y.right
    if (y.right) y.right.parent = x
    y.parent = x.parent
    if (!x.parent) this.root = y
    else if (x === x.parent.right) x.parent.right = y
    else x.parent.left = y
    y.right = x
    x.parent = y
    this.refresh(x)
    this.refresh(y)
  }

  insert(key: number, value: T): RbNode<T> {
    const z: RbNode<T> = { key, value, left: null, right: null, parent: null, red: true, aug: this.compute(value) }
    let y: RbNode<T> | null = null
    let x = this.root
    while (x) {
      y = x
      x = key < x.key ? x.left : x.right
    }
    z.parent = y
    if (!y) this.root = z
    else if (key < y.key) y.left = z
    else y.right = z
    this.update(z)
    this.insertFixup(z)
    this.size++
    return z
  }

  private insertFixup(z: RbNode<T>): void {
    while (z.parent?.red) {
      const p = z.parent
      const g = p.parent!
      if (p === g.left) {
        const u = g.right
        if (u?.red) {
          p.red = false
          u.red = false
          g.red = true
          z = g
        } else {
          if (z === p.right) {
            z = p
            this.rotateLeft(z)
          }
          z.parent!.red = false
          z.parent!.parent!.red = true
          this.rotateRight(z.parent!.parent!)
        }
      } else {
        const u = g.left
        if (u?.red) {
          p.red = false
          u.red = false
          g.red = true
          z = g
        } else {
          if (z === p.left) {
            z = p
            this.rotateRight(z)
          }
          z.parent!.red = false
          z.parent!.parent!.red = true
          this.rotateLeft(z.parent!.parent!)
        }
      }
    }
    this.root!.red = false
  }

  private transplant(u: RbNode<T>, v: RbNode<T> | null): void {
    if (!u.parent) this.root = v
    else if (u === u.parent.left) u.parent.left = v
    else u.parent.right = v
    if (v) v.parent = u.parent
  }

  private min(n: RbNode<T>): RbNode<T> {
    while (n.left) n = n.left
    return n
  }

  erase(z: RbNode<T>): void {
    let y = z
    let yRed = y.red
    let x: RbNode<T> | null
    let xParent: RbNode<T> | null
    if (!z.left) {
      x = z.right
      xParent = z.parent
      this.transplant(z, z.right)
    } else if (!z.right) {
      x = z.left
      xParent = z.parent
      this.transplant(z, z.left)
    } else {
      y = this.min(z.right)
      yRed = y.red
      x = y.right
      if (y.parent === z) {
        xParent = y
      } else {
        xParent = y.parent
        this.transplant(y, y.right)
        y.right = z.right
        y.right.parent = y
      }
      this.transplant(z, y)
      y.left = z.left
      y.left.parent = y
      y.red = z.red
    }
    this.update(xParent)
    if (!yRed) this.eraseFixup(x, xParent)
    this.size--
    z.left = z.right = z.parent = null
  }

  private eraseFixup(x: RbNode<T> | null, parent: RbNode<T> | null): void {
    while (x !== this.root && !x?.red) {
      if (!parent) break
      if (x === parent.left) {
        let w = parent.right!
        if (w.red) {
          w.red = false
          parent.red = true
          this.rotateLeft(parent)
          w = parent.right!
        }
        if (!w.left?.red && !w.right?.red) {
          w.red = true
          x = parent
          parent = x.parent
        } else {
          if (!w.right?.red) {
            w.left!.red = false
            w.red = true
            this.rotateRight(w)
            w = parent.right!
          }
          w.red = parent.red
          parent.red = false
          w.right!.red = false
          this.rotateLeft(parent)
          x = this.root
          parent = null
        }
      } else {
        let w = parent.left!
        if (w.red) {
          w.red = false
          parent.red = true
          this.rotateRight(parent)
          w = parent.left!
        }
        if (!w.right?.red && !w.left?.red) {
          w.red = true
          x = parent
          parent = x.parent
        } else {
          if (!w.left?.red) {
            w.right!.red = false
            w.red = true
            this.rotateLeft(w)
            w = parent.left!
          }
          w.red = parent.red
          parent.red = false
          w.left!.red = false
          this.rotateRight(parent)
          x = this.root
          parent = null
        }
      }
    }
    if (x) x.red = false
  }

  /** The value of a node changed in a way that moves its augmented contribution (not its key). */
  changed(n: RbNode<T>): void {
    this.update(n)
  }

  /** The node with this exact key, or null. */
  find(key: number): RbNode<T> | null {
    let n = this.root
    while (n) {
      if (key === n.key) return n
      n = key < n.key ? n.left : n.right
    }
    return null
  }

  /** The node with the greatest key ≤ key, or null. */
  floor(key: number): RbNode<T> | null {
    let n = this.root
    let best: RbNode<T> | null = null
    while (n) {
      if (n.key <= key) {
        best = n
        n = n.right
      } else n = n.left
    }
    return best
  }

  /** In-order values. */
  *values(): Generator<T> {
    const stack: RbNode<T>[] = []
    let n = this.root
    while (n || stack.length) {
      while (n) {
        stack.push(n)
        n = n.left
      }
      n = stack.pop()!
      yield n.value
      n = n.right
    }
  }

  /** Red-black and augmentation invariants; throws naming the broken one. Returns the black height. */
  check(n: RbNode<T> | null = this.root): number {
    if (!n) return 1
    if (n.left && (n.left.parent !== n || n.left.key > n.key)) throw new Error('BUG: rbtree left link or order broken')
    if (n.right && (n.right.parent !== n || n.right.key < n.key)) throw new Error('BUG: rbtree right link or order broken')
    if (n.red && (n.left?.red || n.right?.red)) throw new Error('BUG: rbtree red node with a red child')
    const aug = Math.max(this.compute(n.value), n.left?.aug ?? 0, n.right?.aug ?? 0)
    if (n.aug !== aug) throw new Error(`BUG: rbtree augmented value ${n.aug} should be ${aug}`)
    const l = this.check(n.left)
    const r = this.check(n.right)
    if (l !== r) throw new Error('BUG: rbtree black heights differ')
    if (n === this.root && n.red) throw new Error('BUG: rbtree red root')
    return l + (n.red ? 0 : 1)
  }
}

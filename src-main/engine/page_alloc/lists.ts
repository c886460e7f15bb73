// Doubly linked lists of pages threaded through page->lru (include/linux/list.h), as the buddy
// free lists (page->buddy_list) and the per-CPU lists (page->pcp_list) are. The links live in
// the memmap (lru_next/lru_prev, by pfn); each list's head is an entry here, by list id. A page
// is on at most one list: the links say where it is, the owner says which list (its order,
// migratetype or pcp index), as in Linux.

import { NO_PFN, type Memmap } from './memmap'

export class PageLists {
  private readonly head: Int32Array
  private readonly tail: Int32Array
  private readonly count: Int32Array

  constructor(
    private readonly mm: Memmap,
    readonly nrLists: number
  ) {
    this.head = new Int32Array(nrLists).fill(NO_PFN)
    this.tail = new Int32Array(nrLists).fill(NO_PFN)
    this.count = new Int32Array(nrLists)
  }

  length(list: number): number {
    return this.count[list]!
  }

  empty(list: number): boolean {
    return this.count[list] === 0
  }

  /** list_first_entry_or_null() */
  first(list: number): number {
    return this.head[list]!
  }

  /** list_last_entry() */
  last(list: number): number {
    return this.tail[list]!
  }

  /** list_add(): at the head. */
  add(list: number, pfn: number): void {
    const h = this.head[list]!
    this.mm.lru_prev[pfn] = NO_PFN
    this.mm.lru_next[pfn] = h
    if (h === NO_PFN) this.tail[list] = pfn
    else this.mm.lru_prev[h] = pfn
    this.head[list] = pfn
    this.count[list]!++
  }

  /** list_add_tail(): at the tail. */
  addTail(list: number, pfn: number): void {
    const t = this.tail[list]!
    this.mm.lru_next[pfn] = NO_PFN
    this.mm.lru_prev[pfn] = t
    if (t === NO_PFN) this.head[list] = pfn
    else this.mm.lru_next[t] = pfn
    this.tail[list] = pfn
    this.count[list]!++
  }

  /** list_del(): the page must be on `list`. */
  del(list: number, pfn: number): void {
    const n = this.mm.lru_next[pfn]!
    const p = this.mm.lru_prev[pfn]!
    if (p === NO_PFN) {
      if (this.head[list] !== pfn) throw new Error(`BUG: list_del of pfn ${pfn}, not on list ${list}`)
      this.head[list] = n
    } else this.mm.lru_next[p] = n
    if (n === NO_PFN) this.tail[list] = p
    else this.mm.lru_prev[n] = p
    this.mm.lru_next[pfn] = NO_PFN
    this.mm.lru_prev[pfn] = NO_PFN
    this.count[list]!--
  }

  /** The pfns on `list`, head to tail (for views and the invariant checker). */
  *walk(list: number): Generator<number> {
    for (let p = this.head[list]!; p !== NO_PFN; p = this.mm.lru_next[p]!) yield p
  }
}

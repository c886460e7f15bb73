import { describe, expect, it } from 'vitest'
import { Buddy, FPI_NONE, FPI_TO_TAIL } from './buddy'
import { MIGRATE_MOVABLE, MIGRATE_UNMOVABLE } from './gfp'
import { Memmap } from './memmap'
import { PGTY_buddy } from './page_flags'
import { emptyZone, type Zone } from './zone'

/** One zone of 4096 frames [4096, 8192) whose pageblocks are all movable, nothing free yet. */
function setup(): { b: Buddy; z: Zone; mm: Memmap } {
  const mm = new Memmap(8192)
  const z = emptyZone(1)
  z.zone_start_pfn = 4096
  z.spanned_pages = z.present_pages = z.managed_pages = 4096
  const zones = [emptyZone(0), z]
  const b = new Buddy(mm, zones, 0)
  for (let pfn = 4096; pfn < 8192; pfn += 512) b.setMigratetype(pfn, MIGRATE_MOVABLE)
  return { b, z, mm }
}

const counts = (z: Zone) => [...z.free_area]

describe('the buddy free lists (__rmqueue_smallest, expand, __free_one_page)', () => {
  it('splits an order-10 block for an order-3 request into one free block at each order 3..9', () => {
    const { b, z } = setup()
    b.freeOnePage(4096, z, 10, MIGRATE_MOVABLE, FPI_NONE)
    expect(counts(z)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    const pfn = b.rmqueueSmallest(z, 3, MIGRATE_MOVABLE)
    expect(pfn).toBe(4096)
    expect(counts(z)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0])
    expect(z.nr_free).toBe(1024 - 8)
    // expand() hands back the upper halves: 4096+512 (order 9), +256 (8), … +8 (3).
    for (let o = 3; o <= 9; o++) {
      expect(b.isBuddy(4096 + (1 << o))).toBe(true)
      expect(b.lists.first(b.freeList(z, o, MIGRATE_MOVABLE))).toBe(4096 + (1 << o))
    }
  })

  it('merges the block back with its buddies into one order-10 block when it is freed', () => {
    const { b, z, mm } = setup()
    b.freeOnePage(4096, z, 10, MIGRATE_MOVABLE, FPI_NONE)
    const pfn = b.rmqueueSmallest(z, 3, MIGRATE_MOVABLE)
    b.freeOnePage(pfn, z, 3, MIGRATE_MOVABLE, FPI_NONE)
    expect(counts(z)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    expect(z.nr_free).toBe(1024)
    expect(mm.page_type[4096]).toBe(PGTY_buddy)
    expect(mm.private[4096]).toBe(10)
    // The merged-away heads are plain pages again.
    expect(mm.page_type[4096 + 8]).toBe(0)
  })

  it('finds the buddy at pfn ^ (1 << order) and does not merge with a busy one', () => {
    const { b, z } = setup()
    b.freeOnePage(4096 + 8, z, 3, MIGRATE_MOVABLE, FPI_NONE) // its buddy 4096 is busy
    expect(counts(z)[3]).toBe(1)
    b.freeOnePage(4096 + 16, z, 4, MIGRATE_MOVABLE, FPI_NONE) // buddy of 4096+16 at order 4 is 4096: busy
    expect(counts(z)).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0])
    b.freeOnePage(4096, z, 3, MIGRATE_MOVABLE, FPI_NONE) // 4096 ^ 8 = 4104 free: merge, then with 4112
    expect(counts(z)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
  })

  it('queues a block at the tail when its next-higher buddy is free (buddy_merge_likely)', () => {
    const { b, z } = setup()
    b.freeOnePage(4096 + 32, z, 5, MIGRATE_MOVABLE, FPI_NONE) // the order-5 buddy of 4096
    b.freeOnePage(4096 + 128, z, 5, MIGRATE_MOVABLE, FPI_NONE) // 4224: its order-5 buddy 4256 is busy
    // 4096+16, order 4: its buddy 4096 is busy; the next-higher buddy (4096+32, order 5) is free → tail.
    b.freeOnePage(4096 + 16, z, 4, MIGRATE_MOVABLE, FPI_NONE)
    b.freeOnePage(4096 + 256 + 16, z, 4, MIGRATE_MOVABLE, FPI_NONE) // no free higher buddy → head
    const list = [...b.lists.walk(b.freeList(z, 4, MIGRATE_MOVABLE))]
    expect(list).toEqual([4096 + 256 + 16, 4096 + 16])
  })

  it('puts boot memory at the tail (FPI_TO_TAIL)', () => {
    const { b, z } = setup()
    b.freeOnePage(4096 + 1024, z, 10, MIGRATE_MOVABLE, FPI_TO_TAIL)
    b.freeOnePage(4096 + 2048, z, 10, MIGRATE_MOVABLE, FPI_TO_TAIL)
    expect([...b.lists.walk(b.freeList(z, 10, MIGRATE_MOVABLE))]).toEqual([4096 + 1024, 4096 + 2048])
  })

  it('claims a whole movable pageblock for an unmovable request when its own lists are empty', () => {
    const { b, z } = setup()
    b.freeOnePage(4096, z, 10, MIGRATE_MOVABLE, FPI_NONE)
    expect(b.rmqueueSmallest(z, 0, MIGRATE_UNMOVABLE)).toBe(-1)
    const pfn = b.rmqueueClaim(z, 0, MIGRATE_UNMOVABLE, false)
    expect(pfn).toBe(4096)
    // An order-10 block is two pageblocks: both become unmovable, and the rest of the block
    // waits on the unmovable lists.
    expect(b.migratetype(4096)).toBe(MIGRATE_UNMOVABLE)
    expect(b.migratetype(4096 + 512)).toBe(MIGRATE_UNMOVABLE)
    expect(b.lists.length(b.freeList(z, 9, MIGRATE_UNMOVABLE))).toBe(1)
    expect(b.lists.length(b.freeList(z, 9, MIGRATE_MOVABLE))).toBe(0)
    expect(z.nr_free).toBe(1023)
  })

  it('does not merge pageblocks of a highatomic reserve with ordinary ones', () => {
    const { b, z } = setup()
    b.setMigratetype(4096, 3) // MIGRATE_HIGHATOMIC
    b.freeOnePage(4096, z, 9, 3, FPI_NONE)
    b.freeOnePage(4096 + 512, z, 9, MIGRATE_MOVABLE, FPI_NONE)
    expect(counts(z)[9]).toBe(2)
    expect(z.nr_free_highatomic).toBe(512)
  })
})

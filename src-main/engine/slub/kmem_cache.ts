// struct kmem_cache as SLUB lays it out (mm/slub.c, mm/slab_common.c, include/linux/slab.h,
// 6.18): the object size rounded to the word and the alignment, the slab order that wastes
// least (calculate_order), the per-node partial minimum and the per-CPU partial budget. No
// debugging metadata: the reference kernel has CONFIG_SLUB_DEBUG built but off.

import { PAGE_SIZE } from '../memblock/memblock'
import { MAX_PAGE_ORDER } from '../page_alloc/buddy'
import { PAGE_ALLOC_COSTLY_ORDER } from '../page_alloc/pcp'

/** SLAB_* flags of kmem_cache_create() that change what the lab shows. */
export const SLAB_HWCACHE_ALIGN = 1 << 13
export const SLAB_CACHE_DMA = 1 << 14
export const SLAB_TYPESAFE_BY_RCU = 1 << 19
export const SLAB_RECLAIM_ACCOUNT = 1 << 17
export const SLAB_ACCOUNT = 1 << 26
/** Caches that must not be merged or freed (the bootstrap caches, kmalloc). */
export const SLAB_NO_MERGE = 1 << 28

/** slub_max_order: PAGE_ALLOC_COSTLY_ORDER. */
export const SLUB_MAX_ORDER = PAGE_ALLOC_COSTLY_ORDER
const MAX_OBJS_PER_PAGE = 32767
const MIN_PARTIAL = 5
const MAX_PARTIAL = 10
const CACHE_LINE_SIZE = 64

const fls = (x: number) => (x === 0 ? 0 : 32 - Math.clz32(x))
const alignUp = (v: number, a: number) => Math.ceil(v / a) * a

/** The order of the smallest power-of-two block of pages holding `size` bytes. */
// include/asm-generic/getorder.h: get_order()
export function getOrder(size: number): number {
  // (Not a shifting loop: 4096 << 19 overflows a 32-bit shift, and a huge size never ends it.)
  return size <= PAGE_SIZE ? 0 : Math.ceil(Math.log2(size / PAGE_SIZE))
}

/** Objects of `size` bytes in a slab of 2^order pages. */
// mm/slub.c: order_objects()
export function orderObjects(order: number, size: number): number {
  return Math.floor((PAGE_SIZE << order) / size)
}

// mm/slub.c: calc_slab_order()
function calcSlabOrder(size: number, minOrder: number, maxOrder: number, fract: number): number {
  let order = minOrder
  for (; order <= maxOrder; order++) {
    const slabSize = PAGE_SIZE << order
    if (slabSize % size <= slabSize / fract) break
  }
  return order
}

/**
 * The slab order for objects of `size` bytes on a machine with `cpus` CPUs: enough objects per
 * slab (4 · (fls(cpus) + 1)), then the smallest order that wastes at most 1/16 of the slab,
 * else 1/8, else 1/4.
 */
// mm/slub.c: calculate_order()
export function calculateOrder(size: number, cpus: number): number {
  let minObjects = 4 * (fls(cpus) + 1)
  const maxObjects = Math.max(orderObjects(SLUB_MAX_ORDER, size), 1)
  minObjects = Math.min(minObjects, maxObjects)
  const minOrder = getOrder(minObjects * size)
  if (orderObjects(minOrder, size) > MAX_OBJS_PER_PAGE) return getOrder(size * MAX_OBJS_PER_PAGE) - 1
  for (let fraction = 16; fraction > 1; fraction /= 2) {
    const order = calcSlabOrder(size, minOrder, SLUB_MAX_ORDER, fraction)
    if (order <= SLUB_MAX_ORDER) return order
  }
  const order = getOrder(size)
  if (order <= MAX_PAGE_ORDER) return order
  throw new RangeError(`objects of ${size} bytes do not fit a slab`)
}

/** The alignment objects get: the cache line for SLAB_HWCACHE_ALIGN (halved while objects fit twice), at least a word. */
// mm/slab_common.c: calculate_alignment()
export function calculateAlignment(flags: number, align: number, size: number): number {
  if (flags & SLAB_HWCACHE_ALIGN) {
    let ralign = CACHE_LINE_SIZE
    while (size <= ralign / 2) ralign /= 2
    align = Math.max(align, ralign)
  }
  align = Math.max(align, 8) // arch_slab_minalign()
  return alignUp(align, 8)
}

export interface CacheGeometry {
  /** The object as its user sees it (kmem_cache->object_size). */
  object_size: number
  /** The object with its free pointer and padding: the stride in the slab (kmem_cache->size). */
  size: number
  align: number
  /** Where the free pointer lives in a free object (kmem_cache->offset). */
  offset: number
  /** kmem_cache->oo: the slab order and objects per slab. */
  order: number
  objects: number
  /** kmem_cache->min: the smallest slab that holds one object, for when memory is short. */
  minOrder: number
  min_partial: number
  /** Objects kept on a CPU's partial list, and the slab count that stands for. */
  cpu_partial: number
  cpu_partial_slabs: number
}

/**
 * Lay out a cache: the free pointer goes inside a free object (in its middle, where a
 * use-after-free is least likely to hit it) unless the object must stay intact after free
 * (SLAB_TYPESAFE_BY_RCU, a constructor): then it goes after the object.
 */
// mm/slub.c: calculate_sizes(), kmem_cache_open(), set_min_partial(), set_cpu_partial()
export function cacheGeometry(objectSize: number, align: number, flags: number, cpus: number, hasCtor = false): CacheGeometry {
  let size = alignUp(objectSize, 8)
  let offset: number
  if (flags & SLAB_TYPESAFE_BY_RCU || hasCtor) {
    offset = size
    size += 8
  } else {
    offset = Math.floor(objectSize / 2 / 8) * 8
  }
  const a = calculateAlignment(flags, align, objectSize)
  size = alignUp(size, a)
  const order = calculateOrder(size, cpus)
  const objects = orderObjects(order, size)
  const minPartial = Math.max(MIN_PARTIAL, Math.min(MAX_PARTIAL, Math.floor(Math.log2(size) / 2)))
  const cpuPartial = size >= PAGE_SIZE ? 6 : size >= 1024 ? 24 : size >= 256 ? 52 : 120
  return {
    object_size: objectSize,
    size,
    align: a,
    offset,
    order,
    objects,
    minOrder: getOrder(size),
    min_partial: minPartial,
    cpu_partial: cpuPartial,
    cpu_partial_slabs: Math.ceil((cpuPartial * 2) / objects)
  }
}

// ---- kmalloc -------------------------------------------------------------------------------

/** KMALLOC_SHIFT_HIGH for SLUB: caches up to two pages (8 KiB); larger requests go to the page allocator. */
export const KMALLOC_SHIFT_LOW = 3
export const KMALLOC_SHIFT_HIGH = 13
export const KMALLOC_MAX_CACHE_SIZE = 1 << KMALLOC_SHIFT_HIGH
/** KMALLOC_MAX_SIZE: the largest kmalloc, one MAX_PAGE_ORDER block (4 MiB). */
export const KMALLOC_MAX_SIZE = PAGE_SIZE << MAX_PAGE_ORDER

/** Sizes up to 192 bytes by (size - 1) / 8: the 96- and 192-byte caches take their share. */
// mm/slab_common.c: kmalloc_size_index[]
const KMALLOC_SIZE_INDEX = [3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2]

/** The kmalloc cache index for a request of `size` bytes (1 ≤ size ≤ KMALLOC_MAX_CACHE_SIZE). */
// mm/slab_common.c: kmalloc_slab() (size_index_elem(), fls(size - 1))
export function kmallocIndex(size: number): number {
  if (size <= 0 || size > KMALLOC_MAX_CACHE_SIZE) throw new RangeError(`kmalloc_index of ${size}`)
  return size <= 192 ? KMALLOC_SIZE_INDEX[Math.floor((size - 1) / 8)]! : fls(size - 1)
}

/** The object size of kmalloc cache `index` (1: 96, 2: 192, else 2^index). */
export function kmallocSize(index: number): number {
  return index === 1 ? 96 : index === 2 ? 192 : 1 << index
}

/** "96", "192", "8" … "512", "1k" … "8k": how kmalloc cache names spell sizes. */
// mm/slab_common.c: KMALLOC_INFO / INIT_KMALLOC_INFO
export function kmallocSizeName(index: number): string {
  const s = kmallocSize(index)
  return s >= 1024 ? `${s / 1024}k` : String(s)
}

/** enum kmalloc_cache_type in 6.18's order (no CONFIG_RANDOM_KMALLOC_CACHES). */
export const KMALLOC_TYPES = [
  { type: 'normal', prefix: 'kmalloc-' },
  { type: 'reclaim', prefix: 'kmalloc-rcl-' },
  { type: 'dma', prefix: 'dma-kmalloc-' },
  { type: 'cgroup', prefix: 'kmalloc-cg-' }
] as const
export type KmallocType = (typeof KMALLOC_TYPES)[number]['type']

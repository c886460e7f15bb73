// SLUB (mm/slub.c, 6.18): objects of one size carved out of slabs — compound pages from the
// buddy allocator. Each CPU allocates from its own CPU slab's freelist (the fast path) and keeps
// a few partially free slabs aside (the per-CPU partial list); each node keeps a partial list;
// full slabs are on no list at all. A free to the CPU slab is a push on its freelist; a free to
// another slab goes on that slab's own freelist, and may move the slab to a partial list or give
// it back to the page allocator once empty (beyond min_partial). With
// CONFIG_SLAB_FREELIST_RANDOM, a new slab's freelist is shuffled.
//
// Not modelled: slab merging (every cache stands alone), the 6.18 per-CPU "sheaves" (opt-in,
// for the maple tree and VMA caches only), memcg accounting, debugging.

import { FrameUse } from '@shared/model/frames'
import { PAGE_SIZE } from '../memblock/memblock'
import type { Memmap } from '../page_alloc/memmap'
import type { PageAllocator } from '../page_alloc/page_alloc'
import { PGTY_large_kmalloc, PGTY_slab } from '../page_alloc/page_flags'
import {
  GFP_KERNEL,
  GFP_NOWAIT,
  __GFP_COMP,
  __GFP_DMA,
  __GFP_NORETRY,
  __GFP_NOWARN,
  __GFP_RECLAIMABLE,
  __GFP_ACCOUNT,
  __GFP_ZERO,
  formatGfp
} from '../page_alloc/gfp'
import type { Vmstat } from '../page_alloc/vmstat'
import type { Prng } from '../lib/prng'
import {
  KMALLOC_MAX_CACHE_SIZE,
  KMALLOC_MAX_SIZE,
  KMALLOC_SHIFT_HIGH,
  KMALLOC_SHIFT_LOW,
  KMALLOC_TYPES,
  SLAB_ACCOUNT,
  SLAB_CACHE_DMA,
  SLAB_HWCACHE_ALIGN,
  SLAB_NO_MERGE,
  SLAB_RECLAIM_ACCOUNT,
  SLAB_TYPESAFE_BY_RCU,
  cacheGeometry,
  getOrder,
  kmallocIndex,
  kmallocSizeName,
  kmallocSize,
  orderObjects,
  type CacheGeometry,
  type KmallocType
} from './kmem_cache'

/** page_offset_base without KASLR: the direct map of all RAM starts here. */
export const PAGE_OFFSET = 0xffff888000000000n
/** kmalloc(0) returns ZERO_SIZE_PTR: not NULL, but faults on any access. */
export const ZERO_SIZE_PTR = 0x10n

export const phys2virt = (phys: number): bigint => PAGE_OFFSET + BigInt(phys)

/** Where a slab is: the CPU slab of a CPU, on a CPU's partial list, on the node's partial list, or full (no list). */
export type SlabPlace = 'cpu' | 'cpu-partial' | 'node-partial' | 'full'

/** struct slab: overlays the struct page of the slab's first page. */
export interface Slab {
  cache: KmemCache
  /** The first page of the slab (a compound page of 2^order pages). */
  pfn: number
  order: number
  objects: number
  /** slab->inuse: objects not on slab->freelist (a frozen CPU slab counts all its objects). */
  inuse: number
  /** slab->freelist as object indices, the head at the end (pop() allocates). */
  freelist: number[]
  /** slab->frozen: the CPU slab of some CPU. */
  frozen: boolean
  place: SlabPlace
  /** The CPU of a CPU slab or a CPU partial slab; -1 otherwise. */
  cpu: number
  /** 1 for each object handed out and not freed: what the pane shows (slabinfo cannot). */
  allocated: Uint8Array
}

/** struct kmem_cache_cpu */
interface CpuSlab {
  slab: Slab | null
  /** c->freelist: the CPU slab's objects this CPU may hand out, head at the end. */
  freelist: number[]
  /** c->partial: slabs put aside, the most recent last. */
  partial: Slab[]
}

/** struct kmem_cache_node */
interface KmemCacheNode {
  /** n->partial, head first. */
  partial: Slab[]
  nr_slabs: number
  total_objects: number
}

export interface KmemCache extends CacheGeometry {
  name: string
  flags: number
  /** s->allocflags: GFP bits every slab of the cache is allocated with. */
  allocflags: number
  cpu: CpuSlab[]
  node: KmemCacheNode
  /** s->random_seq: the shuffled object order new slabs start from; empty until randomization is set up. */
  random_seq: number[]
  /** Every slab of the cache, for views and the checker. */
  slabs: Set<Slab>
  /** The kmem_cache object this cache's own struct lives in, once bootstrapped. */
  self: bigint | null
  /** Created by the VML `kmem_cache_create` (others are the kernel's). */
  user: boolean
}

export type SlubResult = { ptr: bigint; slab: Slab | null; index: number; path: string } | { failure: string }

/** How SLUB debugging words a broken free (mm/slub.c: slab_bug(), print_slab_info()). */
export function slabBug(cache: string, reason: string, detail: string): string {
  return (
    '=============================================================================\n' +
    `BUG ${cache} (Not tainted): ${reason}\n` +
    '-----------------------------------------------------------------------------\n\n' +
    `${detail}\nNothing was freed.`
  )
}

const hex = (v: bigint | number) => `0x${v.toString(16)}`

export class Slub {
  /** slab_caches in creation order (/proc/slabinfo prints the newest first). */
  readonly caches: KmemCache[] = []
  readonly byName = new Map<string, KmemCache>()
  /** Slabs by the pfn of their first page. */
  readonly slabs = new Map<number, Slab>()
  /** Large kmalloc blocks by the pfn of their first page: their order. */
  readonly large = new Map<number, number>()
  /** kmalloc_caches[type][index] */
  readonly kmalloc: Record<KmallocType, (KmemCache | undefined)[]> = { normal: [], reclaim: [], dma: [], cgroup: [] }
  /** Bumped by every change, for the views. */
  generation = 0
  private kmemCache: KmemCache | null = null
  private kmemCacheNode: KmemCache | null = null
  private randomized = false

  constructor(
    private readonly pa: PageAllocator,
    private readonly mm: Memmap,
    private readonly vmstat: Vmstat,
    private readonly cpus: number,
    private readonly prng: Prng
  ) {}

  // ---- boot ------------------------------------------------------------------------------

  /**
   * The boot of SLUB: the two caches that hold caches (kmem_cache_node, kmem_cache) bootstrap
   * each other, then the kmalloc caches of every type, then freelist randomization for all.
   */
  // mm/slub.c: kmem_cache_init(), bootstrap(); mm/slab_common.c: create_kmalloc_caches()
  kmemCacheInit(): void {
    // struct kmem_cache_node and struct kmem_cache as the reference build sizes them.
    const node = this.newCache('kmem_cache_node', 88, 0, SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE)
    this.kmemCacheNode = node
    // early_kmem_cache_node_alloc(): the first node struct comes straight off a new slab, which
    // then waits on the node's partial list.
    const early = this.newSlab(node, GFP_NOWAIT, 0)
    if (!early) throw new Error('BUG: no memory for the first kmem_cache_node slab')
    this.incSlabsNode(node, early)
    const first = early.freelist.pop()!
    early.allocated[first] = 1
    early.inuse = 1
    this.addPartial(node, early, true)
    const cache = this.newCache('kmem_cache', 232, 0, SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE)
    this.kmemCache = cache
    this.allocNodeStruct(cache)
    // bootstrap(): the two static structs move into objects of kmem_cache.
    for (const c of [cache, node]) c.self = this.allocCacheStruct()
    this.register(node)
    this.register(cache)
    // create_kmalloc_caches(): per type, 96 and 192 first, then the powers of two.
    for (const { type, prefix } of KMALLOC_TYPES) {
      for (const index of [1, 2, ...Array.from({ length: KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 1 }, (_, i) => i + KMALLOC_SHIFT_LOW)]) {
        const flags = SLAB_NO_MERGE | (type === 'reclaim' ? SLAB_RECLAIM_ACCOUNT : type === 'dma' ? SLAB_CACHE_DMA : type === 'cgroup' ? SLAB_ACCOUNT : 0)
        const size = kmallocSize(index)
        // Power-of-two kmalloc sizes are naturally aligned (create_boot_cache(), SLAB_KMALLOC).
        const c = this.createCache(`${prefix}${kmallocSizeName(index)}`, size, size & -size, flags)
        this.kmalloc[type][index] = c
      }
    }
    // init_freelist_randomization(): every cache so far gets its random sequence.
    this.randomized = true
    for (const c of this.caches) this.initCacheRandomSeq(c)
  }

  /**
   * The caches boot code creates for the structures the lab follows, with their sizes on
   * the reference kernel (/proc/slabinfo's objsize), in the order start_kernel() creates them.
   */
  // kernel/fork.c: mm_cache_init(), fork_init(), proc_caches_init(); mm/rmap.c: anon_vma_init();
  // fs/dcache.c: dcache_init(); fs/inode.c: inode_init()
  mmCacheInit(): void {
    this.createCache('mm_struct', 1600, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT)
  }

  createKernelCaches(): void {
    const acct = SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT
    this.createCache('anon_vma', 96, 0, SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT, true)
    this.createCache('anon_vma_chain', 64, 0, SLAB_ACCOUNT)
    this.createCache('task_struct', 5824, 64, SLAB_ACCOUNT)
    this.createCache('signal_cache', 1152, 0, acct)
    this.createCache('files_cache', 704, 0, acct)
    this.createCache('vm_area_struct', 184, 0, SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT)
    this.createCache('dentry', 192, 0, SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT)
    this.createCache('inode_cache', 616, 0, SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT, true)
  }

  private newCache(name: string, objectSize: number, align: number, flags: number, hasCtor = false, user = false): KmemCache {
    const g = cacheGeometry(objectSize, align, flags, this.cpus, hasCtor)
    let allocflags = 0
    if (g.order) allocflags |= __GFP_COMP
    if (flags & SLAB_CACHE_DMA) allocflags |= __GFP_DMA
    if (flags & SLAB_RECLAIM_ACCOUNT) allocflags |= __GFP_RECLAIMABLE
    return {
      ...g,
      name,
      flags,
      allocflags,
      cpu: Array.from({ length: this.cpus }, () => ({ slab: null, freelist: [], partial: [] })),
      node: { partial: [], nr_slabs: 0, total_objects: 0 },
      random_seq: [],
      slabs: new Set(),
      self: null,
      user
    }
  }

  private register(c: KmemCache): void {
    this.caches.push(c)
    this.byName.set(c.name, c)
    this.generation++
  }

  /**
   * kmem_cache_create(): the cache's own struct is an object of kmem_cache, its per-node struct
   * one of kmem_cache_node. Returns the cache, or why it cannot be made.
   */
  // mm/slab_common.c: __kmem_cache_create_args() → create_cache(); mm/slub.c: kmem_cache_open()
  createCache(name: string, objectSize: number, align: number, flags: number, hasCtor = false, user = false): KmemCache {
    const c = this.newCache(name, objectSize, align, flags, hasCtor, user)
    c.self = this.allocCacheStruct()
    this.allocNodeStruct(c)
    if (this.randomized) this.initCacheRandomSeq(c)
    this.register(c)
    return c
  }

  private allocCacheStruct(): bigint {
    const r = this.alloc(this.kmemCache!, GFP_KERNEL, 0)
    if ('failure' in r) throw new Error(`BUG: no memory for a struct kmem_cache: ${r.failure}`)
    return r.ptr
  }

  private allocNodeStruct(_c: KmemCache): void {
    const r = this.alloc(this.kmemCacheNode!, GFP_KERNEL, 0)
    if ('failure' in r) throw new Error(`BUG: no memory for a struct kmem_cache_node: ${r.failure}`)
  }

  /** A shuffled order of the objects of a full-size slab (Fisher–Yates with get_random_u32_below). */
  // mm/slub.c: init_cache_random_seq() → mm/slab_common.c: cache_random_seq_create()
  private initCacheRandomSeq(c: KmemCache): void {
    if (c.objects < 2) return
    const seq = Array.from({ length: c.objects }, (_, i) => i)
    for (let i = seq.length - 1; i > 0; i--) {
      const j = this.prng.below(i + 1)
      ;[seq[i], seq[j]] = [seq[j]!, seq[i]!]
    }
    c.random_seq = seq
  }

  // ---- slabs -------------------------------------------------------------------------------

  /**
   * A new slab from the page allocator: 2^order pages (a compound page when order > 0), marked
   * as a slab, counted in the node's slab pages, with all objects on its freelist — shuffled
   * once randomization is on. When memory is short the smallest order that fits one object is
   * tried.
   */
  // mm/slub.c: new_slab() → allocate_slab() → alloc_slab_page(), shuffle_freelist()
  private newSlab(c: KmemCache, gfp: number, cpu: number): Slab | null {
    const flags = (gfp & ~__GFP_ZERO) | c.allocflags
    let order = c.order
    let got = this.pa.allocPages(flags | __GFP_NOWARN | __GFP_NORETRY, order, cpu)
    if ('failure' in got && c.minOrder < c.order) {
      order = c.minOrder
      got = this.pa.allocPages((flags & ~__GFP_COMP) | (order ? __GFP_COMP : 0), order, cpu)
    }
    if ('failure' in got) return null
    const pfn = got.pfn
    const objects = order === c.order ? c.objects : orderObjects(order, c.size)
    this.mm.use.fill(FrameUse.SLAB, pfn, pfn + (1 << order))
    this.mm.page_type[pfn] = PGTY_slab
    const slab: Slab = {
      cache: c,
      pfn,
      order,
      objects,
      inuse: 0,
      freelist: this.initialFreelist(c, objects),
      frozen: false,
      place: 'full',
      cpu: -1,
      allocated: new Uint8Array(objects)
    }
    this.slabs.set(pfn, slab)
    c.slabs.add(slab)
    // account_slab(): NR_SLAB_RECLAIMABLE_B or NR_SLAB_UNRECLAIMABLE_B, in pages here.
    this.vmstat.modNode(c.flags & SLAB_RECLAIM_ACCOUNT ? 'NR_SLAB_RECLAIMABLE_B' : 'NR_SLAB_UNRECLAIMABLE_B', 1 << order)
    return slab
  }

  /** Object indices in freelist order (as a stack: the head is the last element). */
  // mm/slub.c: shuffle_freelist(), next_freelist_entry()
  private initialFreelist(c: KmemCache, objects: number): number[] {
    const order: number[] = []
    if (c.random_seq.length >= 2 && objects >= 2) {
      let pos = this.prng.below(c.random_seq.length)
      while (order.length < objects) {
        const idx = c.random_seq[pos]!
        pos = (pos + 1) % c.random_seq.length
        if (idx < objects) order.push(idx)
      }
    } else {
      for (let i = 0; i < objects; i++) order.push(i)
    }
    return order.reverse()
  }

  // mm/slub.c: inc_slabs_node() / dec_slabs_node()
  private incSlabsNode(c: KmemCache, s: Slab): void {
    c.node.nr_slabs++
    c.node.total_objects += s.objects
  }

  /** Give an empty slab back to the page allocator. */
  // mm/slub.c: discard_slab() → free_slab() → __free_slab()
  private discardSlab(s: Slab, cpu: number): void {
    const c = s.cache
    c.node.nr_slabs--
    c.node.total_objects -= s.objects
    this.slabs.delete(s.pfn)
    c.slabs.delete(s)
    this.mm.page_type[s.pfn] = 0
    this.vmstat.modNode(c.flags & SLAB_RECLAIM_ACCOUNT ? 'NR_SLAB_RECLAIMABLE_B' : 'NR_SLAB_UNRECLAIMABLE_B', -(1 << s.order))
    this.pa.freePages(s.pfn, s.order, cpu)
  }

  // mm/slub.c: add_partial() (DEACTIVATE_TO_HEAD / _TAIL), remove_partial()
  private addPartial(c: KmemCache, s: Slab, head: boolean): void {
    s.place = 'node-partial'
    s.cpu = -1
    if (head) c.node.partial.unshift(s)
    else c.node.partial.push(s)
  }

  private removePartial(c: KmemCache, s: Slab): void {
    const i = c.node.partial.indexOf(s)
    if (i < 0) throw new Error(`BUG: slab at pfn ${s.pfn} is not on ${c.name}'s partial list`)
    c.node.partial.splice(i, 1)
  }

  /** Make a slab this CPU's slab: it takes the whole slab freelist. */
  // mm/slub.c: get_freelist() / freeze_slab()
  private takeFreelist(c: KmemCache, s: Slab, cpu: number): number[] {
    const freelist = s.freelist
    s.freelist = []
    s.inuse = s.objects
    s.frozen = freelist.length > 0
    s.place = s.frozen ? 'cpu' : 'full'
    s.cpu = s.frozen ? cpu : -1
    c.cpu[cpu]!.slab = s.frozen ? s : null
    return freelist
  }

  /**
   * Put a slab on this CPU's partial list; when the list already holds cpu_partial_slabs
   * slabs, they all go to the node's partial list first (empty ones beyond min_partial are
   * freed).
   */
  // mm/slub.c: put_cpu_partial() → __put_partials()
  private putCpuPartial(c: KmemCache, s: Slab, cpu: number, drain: boolean): void {
    const pc = c.cpu[cpu]!
    if (drain && pc.partial.length >= c.cpu_partial_slabs) {
      const old = pc.partial.splice(0)
      for (let i = old.length - 1; i >= 0; i--) {
        const o = old[i]!
        if (o.inuse === 0 && c.node.partial.length >= c.min_partial) this.discardSlab(o, cpu)
        else this.addPartial(c, o, false)
      }
    }
    s.place = 'cpu-partial'
    s.cpu = cpu
    s.frozen = false
    pc.partial.push(s)
  }

  /**
   * Take slabs off the node's partial list: the first for the CPU, more onto the CPU's partial
   * list until half of cpu_partial_slabs.
   */
  // mm/slub.c: get_partial() → get_partial_node()
  private getPartial(c: KmemCache, cpu: number): Slab | null {
    let first: Slab | null = null
    let taken = 0
    while (c.node.partial.length) {
      const s = c.node.partial[0]!
      this.removePartial(c, s)
      if (!first) {
        first = s
        if (c.cpu_partial_slabs === 0) break
      } else {
        this.putCpuPartial(c, s, cpu, false)
        if (++taken > c.cpu_partial_slabs / 2) break
      }
    }
    return first
  }

  // ---- allocation ----------------------------------------------------------------------------

  objectAddress(s: Slab, index: number): bigint {
    return phys2virt(s.pfn * PAGE_SIZE + index * s.cache.size)
  }

  /**
   * Allocate one object of cache c on `cpu`: from the CPU slab's freelist if it has one (the fast
   * path), else the CPU slab's remote frees, a CPU partial slab, a node partial slab, or a new
   * slab (the slow path).
   */
  // mm/slub.c: slab_alloc_node() → __slab_alloc_node() → ___slab_alloc()
  alloc(c: KmemCache, gfp: number, cpu: number): SlubResult {
    this.generation++
    const pc = c.cpu[cpu]!
    let path = 'fast path: the CPU slab freelist'
    if (!pc.slab || pc.freelist.length === 0) {
      path = this.refill(c, gfp, cpu)
      if (path.startsWith('!')) return { failure: path.slice(1) }
    }
    const s = pc.slab!
    const index = pc.freelist.pop()!
    if (s.allocated[index]) throw new Error(`BUG: ${c.name} hands out object ${index} of pfn ${s.pfn} twice`)
    s.allocated[index] = 1
    return { ptr: this.objectAddress(s, index), slab: s, index, path }
  }

  /** Give this CPU a CPU slab with free objects; returns which way it went, or "!" + the failure. */
  // mm/slub.c: ___slab_alloc()
  private refill(c: KmemCache, gfp: number, cpu: number): string {
    const pc = c.cpu[cpu]!
    if (pc.slab) {
      // Objects freed to the CPU slab by other CPUs wait on the slab's own freelist.
      const remote = this.takeFreelist(c, pc.slab, cpu)
      if (remote.length) {
        pc.freelist = remote
        return 'slow path: objects freed remotely to the CPU slab'
      }
      // The CPU slab is full: it leaves the CPU and sits on no list.
    }
    while (pc.partial.length) {
      const s = pc.partial.pop()!
      pc.freelist = this.takeFreelist(c, s, cpu)
      if (pc.freelist.length) return 'slow path: a slab from the CPU partial list'
    }
    const p = this.getPartial(c, cpu)
    if (p) {
      pc.freelist = this.takeFreelist(c, p, cpu)
      return 'slow path: a slab from the node partial list'
    }
    const s = this.newSlab(c, gfp, cpu)
    if (!s) {
      // slab_out_of_memory()
      return `!SLUB: Unable to allocate memory on CPU ${cpu} (node 0), gfp=${formatGfp(gfp)}\n  cache: ${c.name}, object size: ${c.object_size}, buffer size: ${c.size}, default order: ${c.order}, min order: ${c.minOrder}`
    }
    this.incSlabsNode(c, s)
    pc.freelist = this.takeFreelist(c, s, cpu)
    return `slow path: a new slab of order ${s.order} from the page allocator`
  }

  /** The slab and object index at `ptr`, if it lies in a slab. */
  // mm/slub.c: virt_to_slab(), obj_to_index()
  lookup(ptr: bigint): { slab: Slab; index: number; offset: number } | null {
    const phys = ptr - PAGE_OFFSET
    if (phys < 0n || phys >= BigInt(this.mm.nrPages) * 4096n) return null
    const pfn = Number(phys / 4096n)
    const head = this.mm.compoundHead(pfn)
    const slab = this.slabs.get(head)
    if (!slab) return null
    const off = Number(phys) - slab.pfn * PAGE_SIZE
    const index = Math.floor(off / slab.cache.size)
    return { slab, index, offset: off - index * slab.cache.size }
  }

  /**
   * Free the object at ptr back to its slab. Returns null, or the report SLUB debugging would
   * print for a pointer that is not an allocated object (and nothing changes).
   */
  // mm/slub.c: kmem_cache_free() → slab_free() → do_slab_free() / __slab_free()
  free(expected: KmemCache | null, ptr: bigint, cpu: number): string | null {
    const at = this.lookup(ptr)
    if (!at) return null // not a slab object: the caller decides (kfree: large kmalloc)
    const { slab: s, index, offset } = at
    const c = s.cache
    if (expected && expected !== c) {
      return `kmem_cache_free(${expected.name}): Wrong slab cache. ${expected.name} but object is from ${c.name}\nNothing was freed.`
    }
    // print_slab_info(), only when there is something to report
    const info = () =>
      `Slab ${hex(phys2virt(s.pfn * PAGE_SIZE))} objects=${s.objects} used=${s.allocated.reduce((a, b) => a + b, 0)} fp=${hex(s.freelist.length ? this.objectAddress(s, s.freelist[s.freelist.length - 1]!) : 0n)} flags=${hex(this.mm.flags[s.pfn]!)}(${s.order ? 'head' : ''})`
    if (offset !== 0 || index >= s.objects) {
      return slabBug(c.name, `Invalid object pointer ${hex(ptr)}`, `${info()}\nThe pointer is ${offset} bytes into object ${index} of ${s.objects}, not at its start.`)
    }
    if (!s.allocated[index]) {
      return slabBug(c.name, 'Object already free', `${info()}\nObject ${hex(ptr)} @offset=${index * c.size}`)
    }
    this.generation++
    s.allocated[index] = 0
    const pc = c.cpu[cpu]!
    if (pc.slab === s) {
      // The fast path: push on this CPU's freelist.
      pc.freelist.push(index)
      return null
    }
    this.slabFreeSlow(s, index, cpu)
    return null
  }

  // mm/slub.c: __slab_free()
  private slabFreeSlow(s: Slab, index: number, cpu: number): void {
    const c = s.cache
    const prior = s.freelist.length > 0
    const wasFrozen = s.frozen
    s.freelist.push(index)
    s.inuse--
    if (wasFrozen) return // another CPU's slab: it finds the object on its next refill
    if (!prior) {
      // It was full: now it has a free object, and goes to this CPU's partial list.
      this.putCpuPartial(c, s, cpu, true)
      return
    }
    if (s.place !== 'node-partial') return // on some CPU's partial list: stays there
    if (s.inuse === 0 && c.node.partial.length >= c.min_partial) {
      this.removePartial(c, s)
      this.discardSlab(s, cpu)
    }
  }

  // ---- kmalloc -----------------------------------------------------------------------------

  /** The kmalloc type GFP flags ask for: DMA, then reclaimable, then accounted. */
  // include/linux/slab.h: kmalloc_type()
  static kmallocType(gfp: number): KmallocType {
    if (gfp & __GFP_DMA) return 'dma'
    if (gfp & __GFP_RECLAIMABLE) return 'reclaim'
    if (gfp & __GFP_ACCOUNT) return 'cgroup'
    return 'normal'
  }

  /**
   * kmalloc(size, gfp): ZERO_SIZE_PTR for 0 bytes, a kmalloc cache object up to 8 KiB, and pages
   * straight from the page allocator above (a compound page, counted as unreclaimable slab).
   */
  // mm/slub.c: __do_kmalloc_node() → kmalloc_slab() / __kmalloc_large_node()
  kmallocAlloc(size: number, gfp: number, cpu: number): SlubResult & { cache?: string } {
    if (size === 0) return { ptr: ZERO_SIZE_PTR, slab: null, index: -1, path: 'kmalloc(0): ZERO_SIZE_PTR' }
    if (size > KMALLOC_MAX_CACHE_SIZE) return this.kmallocLarge(size, gfp, cpu)
    const c = this.kmalloc[Slub.kmallocType(gfp)][kmallocIndex(size)]!
    const r = this.alloc(c, gfp, cpu)
    return 'failure' in r ? r : { ...r, cache: c.name }
  }

  // mm/slub.c: ___kmalloc_large_node()
  private kmallocLarge(size: number, gfp: number, cpu: number): SlubResult {
    if (size > KMALLOC_MAX_SIZE) {
      return { failure: `WARNING: kmalloc of ${size} bytes > KMALLOC_MAX_SIZE (${KMALLOC_MAX_SIZE}): order ${getOrder(size)} > MAX_PAGE_ORDER; returns NULL` }
    }
    const order = getOrder(size)
    const r = this.pa.allocPages(gfp | __GFP_COMP, order, cpu)
    if ('failure' in r) return { failure: r.failure }
    this.generation++
    this.mm.use.fill(FrameUse.SLAB, r.pfn, r.pfn + (1 << order))
    this.mm.page_type[r.pfn] = PGTY_large_kmalloc
    this.large.set(r.pfn, order)
    this.vmstat.modNode('NR_SLAB_UNRECLAIMABLE_B', 1 << order)
    return { ptr: phys2virt(r.pfn * PAGE_SIZE), slab: null, index: -1, path: `the page allocator: an order-${order} compound page (${1 << order} pages)` }
  }

  /**
   * kfree(ptr): NULL and ZERO_SIZE_PTR are no-ops; a slab object goes back to its slab; a large
   * kmalloc back to the page allocator. Returns null or the report of a bad pointer.
   */
  // mm/slub.c: kfree() → slab_free() / free_large_kmalloc()
  kfree(ptr: bigint, cpu: number): { ok: string } | { bug: string } {
    if (ptr <= ZERO_SIZE_PTR) return { ok: ptr === 0n ? 'kfree(NULL): nothing to do' : 'kfree(ZERO_SIZE_PTR): nothing to do' }
    const at = this.lookup(ptr)
    if (at) {
      const bug = this.free(null, ptr, cpu)
      return bug ? { bug } : { ok: `freed object ${at.index} of ${at.slab.cache.name} (slab at pfn ${at.slab.pfn})` }
    }
    const phys = ptr - PAGE_OFFSET
    if (phys >= 0n && phys < BigInt(this.mm.nrPages) * 4096n && phys % 4096n === 0n) {
      const pfn = Number(phys / 4096n)
      const order = this.large.get(pfn)
      if (order !== undefined) {
        this.generation++
        this.large.delete(pfn)
        this.mm.page_type[pfn] = 0
        this.vmstat.modNode('NR_SLAB_UNRECLAIMABLE_B', -(1 << order))
        this.pa.freePages(pfn, order, cpu)
        return { ok: `freed a large kmalloc: order ${order}, ${1 << order} pages back to the page allocator` }
      }
    }
    return {
      bug:
        `kfree(${hex(ptr)}): not an object kmalloc handed out — ` +
        (phys < 0n || phys >= BigInt(this.mm.nrPages) * 4096n ? 'outside the direct map of RAM' : 'its page is not a slab nor a large kmalloc') +
        '\nLinux would WARN in free_large_kmalloc() or corrupt memory. Nothing was freed.'
    }
  }
}

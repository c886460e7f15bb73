// vmalloc (mm/vmalloc.c, 6.18): virtually contiguous kernel memory made of scattered order-0
// pages. The 32 TiB vmalloc range is cut into vmap_areas: busy ones (each with its vm_struct)
// and free ones, the free ones in an rb-tree augmented with each subtree's largest free block
// (subtree_max_size), searched for the lowest address that fits (find_vmap_lowest_match()).
// Every area gets a guard page after it. The pages are mapped into the kernel's page tables
// (init_mm), whose PMD and PTE tables are allocated on demand and never freed. vfree unmaps and
// frees the pages at once but only queues the address range ("unpurged"): ranges go back to the
// free tree in a batch when enough are queued (purge_vmap_area_lazy()).
//
// Not modelled: the per-node busy trees and size pools of 6.9+ (one busy tree here, listed by
// address), vm_map_ram's vmap blocks, huge vmalloc mappings.

import { FrameUse } from '@shared/model/frames'
import { RbTree, type RbNode } from '../lib/rbtree'
import { PAGE_SIZE } from '../memblock/memblock'
import type { Memmap } from '../page_alloc/memmap'
import type { PageAllocator } from '../page_alloc/page_alloc'
import { GFP_KERNEL, formatGfp } from '../page_alloc/gfp'
import type { Vmstat } from '../page_alloc/vmstat'
import type { Slub } from '../slub/slub'
import { PAGE_KERNEL, VMALLOC_END, VMALLOC_SIZE, VMALLOC_START, type KernelPageTables } from '../x86/pgtable'

export { VMALLOC_START, VMALLOC_SIZE, VMALLOC_END } from '../x86/pgtable'

export const VM_IOREMAP = 0x1
export const VM_ALLOC = 0x2
export const VM_MAP = 0x4
export const VM_NO_GUARD = 0x40

export interface VmStruct {
  addr: bigint
  /** Bytes, the guard page included (what /proc/vmallocinfo prints). */
  size: number
  flags: number
  /** The pages, in address order. */
  pages: number[]
  /** Where the pages array itself lives: a kmalloc pointer, or a nested vmalloc address. */
  pagesArray: { ptr: bigint; vmalloc: boolean } | null
  phys_addr: number
  caller: string
  /** The slab objects holding this vm_struct (kmalloc-96) and its vmap_area. */
  slabObjects: [bigint, bigint]
}

/** struct vmap_area: [va_start, va_end) as offsets from VMALLOC_START (they fit a double exactly). */
export interface VmapArea {
  va_start: number
  va_end: number
  vm: VmStruct | null
}

export type VmallocResult = { addr: bigint; vm: VmStruct; tables: number } | { failure: string }

const off = (addr: bigint) => Number(addr - VMALLOC_START)
const hex = (v: bigint | number) => `0x${v.toString(16)}`

export class Vmalloc {
  /** free_vmap_area_root: augmented with subtree_max_size. */
  readonly free = new RbTree<VmapArea>((va) => va.va_end - va.va_start)
  /** The busy areas by start. */
  readonly busy = new RbTree<VmapArea>()
  /** vmap_purge_list: freed areas whose range is not back in the free tree yet. */
  readonly purge: VmapArea[] = []
  /** vmap_lazy_nr: pages of the ranges waiting to be purged. */
  lazyPages = 0
  /** Bumped by every change, for the views. */
  generation = 0
  /** Purges done, and pages purged (what the pane shows of the lazy scheme). */
  purges = 0

  constructor(
    private readonly pa: PageAllocator,
    private readonly mm: Memmap,
    private readonly vmstat: Vmstat,
    private readonly slub: Slub,
    readonly pgtables: KernelPageTables,
    private readonly cpus: number,
    private readonly totalramPages: () => number
  ) {
    // vmap_init_free_space(): no area registered early: the whole range is free.
    this.free.insert(0, { va_start: 0, va_end: VMALLOC_SIZE, vm: null })
  }

  /** The number of lazily freed pages that triggers a purge: 32 MiB per fls(CPUs). */
  // mm/vmalloc.c: lazy_max_pages()
  lazyMaxPages(): number {
    return (32 - Math.clz32(this.cpus)) * ((32 * 1024 * 1024) / PAGE_SIZE)
  }

  /**
   * The lowest free area that fits `size` bytes aligned to `align`, walking the augmented tree:
   * left while the left subtree has a big enough block, else this node, else right, else back up.
   */
  // mm/vmalloc.c: find_vmap_lowest_match()
  findLowestMatch(size: number, align: number, vstart: number): RbNode<VmapArea> | null {
    const length = align > PAGE_SIZE ? size + align - 1 : size
    const fits = (va: VmapArea, start: number) => {
      const nva = Math.ceil(Math.max(start, va.va_start) / align) * align
      return nva + size <= va.va_end
    }
    let node = this.free.root
    while (node) {
      if (RbTree.aug(node.left) >= length && vstart < node.value.va_start) {
        node = node.left
        continue
      }
      if (fits(node.value, vstart)) return node
      if (RbTree.aug(node.right) >= length) {
        node = node.right
        continue
      }
      // Back up to the first right subtree that can hold it.
      let found: RbNode<VmapArea> | null = null
      while ((node = node!.parent)) {
        if (fits(node.value, vstart)) return node
        if (RbTree.aug(node.right) >= length && vstart <= node.value.va_start) {
          vstart = node.value.va_start + 1
          found = node.right
          break
        }
      }
      node = found
    }
    return null
  }

  /** Cut [start, start + size) out of a free area (the whole, its left or right edge, or its middle). */
  // mm/vmalloc.c: va_clip() (classify_va_fit_type(): FL/LE/RE/NE_FIT_TYPE)
  private clip(node: RbNode<VmapArea>, start: number, size: number): void {
    const va = node.value
    const end = start + size
    if (va.va_start === start && va.va_end === end) {
      this.free.erase(node)
    } else if (va.va_start === start) {
      this.free.erase(node)
      va.va_start = end
      this.free.insert(va.va_start, va)
    } else if (va.va_end === end) {
      va.va_end = start
      this.free.changed(node)
    } else {
      // The middle: the left part stays, a new area takes the right part.
      const right: VmapArea = { va_start: end, va_end: va.va_end, vm: null }
      va.va_end = start
      this.free.changed(node)
      this.free.insert(right.va_start, right)
    }
  }

  /** A busy area of `size` bytes from the lowest free address that fits; purges and retries once. */
  // mm/vmalloc.c: alloc_vmap_area() → __alloc_vmap_area()
  private allocVmapArea(size: number, align: number): VmapArea | null {
    for (let attempt = 0; attempt < 2; attempt++) {
      const node = this.findLowestMatch(size, align, 0)
      if (node) {
        const start = Math.ceil(node.value.va_start / align) * align
        this.clip(node, start, size)
        const va: VmapArea = { va_start: start, va_end: start + size, vm: null }
        this.busy.insert(start, va)
        return va
      }
      if (!this.purgeLazy()) break
    }
    return null
  }

  /** Give an address range back to the free tree, merging it with free neighbours. */
  // mm/vmalloc.c: merge_or_add_vmap_area_augment()
  private mergeFree(va: VmapArea): void {
    const prev = this.free.floor(va.va_start)
    let merged: RbNode<VmapArea> | null = null
    // The next free area, if it starts where this one ends.
    const next = this.free.find(va.va_end)
    if (next) {
      this.free.erase(next)
      va.va_end = next.value.va_end
    }
    if (prev && prev.value.va_end === va.va_start) {
      prev.value.va_end = va.va_end
      this.free.changed(prev)
      merged = prev
    }
    if (!merged) this.free.insert(va.va_start, { va_start: va.va_start, va_end: va.va_end, vm: null })
  }

  /** Move every lazily freed range back to the free tree (after the TLB flush of their span). Returns whether any was. */
  // mm/vmalloc.c: __purge_vmap_area_lazy()
  purgeLazy(): boolean {
    if (!this.purge.length) return false
    const areas = this.purge.splice(0).sort((a, b) => a.va_start - b.va_start)
    for (const va of areas) this.mergeFree(va)
    this.lazyPages = 0
    this.purges++
    this.generation++
    return true
  }

  /**
   * vmalloc(size): page-aligned, plus a guard page, at the lowest free address; one order-0 page
   * per page of size, each mapped with PAGE_KERNEL. `caller` is what /proc/vmallocinfo names.
   */
  // mm/vmalloc.c: __vmalloc_node_range_noprof() → __get_vm_area_node(), __vmalloc_area_node()
  vmalloc(bytes: number, gfp: number, caller: string, cpu = 0): VmallocResult {
    const size = Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE
    const nr = size / PAGE_SIZE
    if (!size || nr > this.totalramPages()) {
      return { failure: `vmalloc error: size ${size}, exceeds total pages, mode:${formatGfp(gfp)}, nodemask=(null)` }
    }
    this.generation++
    // The vm_struct and the vmap_area are slab objects.
    const vmObj = this.slub.kmallocAlloc(72, GFP_KERNEL, cpu)
    const vaCache = this.slub.byName.get('vmap_area')!
    const vaObj = this.slub.alloc(vaCache, GFP_KERNEL, cpu)
    const va = this.allocVmapArea(size + PAGE_SIZE, PAGE_SIZE)
    if (!va || 'failure' in vmObj || 'failure' in vaObj) {
      if ('ptr' in vmObj) this.slub.kfree(vmObj.ptr, cpu)
      if ('ptr' in vaObj) this.slub.free(vaCache, vaObj.ptr, cpu)
      return { failure: `vmap allocation for size ${size + PAGE_SIZE} failed: use vmalloc=<size> to increase size` }
    }
    const addr = VMALLOC_START + BigInt(va.va_start)
    const vm: VmStruct = { addr, size: size + PAGE_SIZE, flags: VM_ALLOC, pages: [], pagesArray: null, phys_addr: 0, caller, slabObjects: [vmObj.ptr, vaObj.ptr] }
    va.vm = vm
    // The array of page pointers: kmalloc'ed when it fits a page, else vmalloc'ed itself.
    const arrayBytes = nr * 8
    if (arrayBytes > PAGE_SIZE) {
      const inner = this.vmalloc(arrayBytes, gfp, caller, cpu)
      if ('failure' in inner) {
        this.vfreeArea(va, cpu)
        return inner
      }
      vm.pagesArray = { ptr: inner.addr, vmalloc: true }
    } else {
      const p = this.slub.kmallocAlloc(arrayBytes, GFP_KERNEL, cpu)
      if ('failure' in p) {
        this.vfreeArea(va, cpu)
        return p
      }
      vm.pagesArray = { ptr: p.ptr, vmalloc: false }
    }
    let tables = 0
    for (let i = 0; i < nr; i++) {
      const r = this.pa.allocPages(gfp, 0, cpu)
      if ('failure' in r) {
        this.vfreeArea(va, cpu)
        return { failure: `vmalloc error: size ${size}, failed to allocate pages, mode:${formatGfp(gfp)}, nodemask=(null)` }
      }
      this.mm.use[r.pfn] = FrameUse.VMALLOC
      vm.pages.push(r.pfn)
      tables += this.pgtables.map(addr + BigInt(i * PAGE_SIZE), r.pfn, PAGE_KERNEL)
    }
    this.vmstat.nr_vmalloc_pages += nr
    return { addr, vm, tables }
  }

  /** The busy area that starts at addr. */
  // mm/vmalloc.c: find_vmap_area()
  findArea(addr: bigint): VmapArea | null {
    if (addr < VMALLOC_START || addr > VMALLOC_END) return null
    return this.busy.find(off(addr))?.value ?? null
  }

  /**
   * vfree(addr): unmap and free the pages now, queue the address range for a lazy purge. Returns
   * null or why addr is not something vmalloc handed out (and nothing changes).
   */
  // mm/vmalloc.c: vfree() → remove_vm_area() → free_unmap_vmap_area() → free_vmap_area_noflush()
  vfree(addr: bigint, cpu = 0): string | null {
    if (addr === 0n) return null
    const va = this.findArea(addr)
    if (!va || !va.vm) {
      const inside = addr >= VMALLOC_START && addr <= VMALLOC_END ? this.busy.floor(off(addr))?.value : null
      const why = inside && off(addr) < inside.va_end ? `it lies ${off(addr) - inside.va_start} bytes inside the area at ${hex(VMALLOC_START + BigInt(inside.va_start))}` : addr >= VMALLOC_START && addr <= VMALLOC_END ? 'no area starts there' : 'it is not in the vmalloc range'
      return `WARNING: vfree(${hex(addr)}): Trying to vfree() nonexistent vm area (${why})\nNothing was freed.`
    }
    this.vfreeArea(va, cpu)
    return null
  }

  private vfreeArea(va: VmapArea, cpu: number): void {
    this.generation++
    const vm = va.vm!
    for (let i = 0; i < vm.pages.length; i++) this.pgtables.unmap(vm.addr + BigInt(i * PAGE_SIZE))
    for (const pfn of vm.pages) this.pa.freePages(pfn, 0, cpu)
    this.vmstat.nr_vmalloc_pages -= vm.pages.length
    if (vm.pagesArray) {
      if (vm.pagesArray.vmalloc) this.vfree(vm.pagesArray.ptr, cpu)
      else this.slub.kfree(vm.pagesArray.ptr, cpu)
    }
    const [vmObj, vaObj] = vm.slabObjects
    this.slub.kfree(vmObj, cpu)
    this.slub.free(this.slub.byName.get('vmap_area')!, vaObj, cpu)
    this.busy.erase(this.busy.find(va.va_start)!)
    va.vm = null
    this.purge.push(va)
    this.lazyPages += (va.va_end - va.va_start) / PAGE_SIZE
    if (this.lazyPages > this.lazyMaxPages()) this.purgeLazy()
  }

  /** Busy areas in address order. */
  busyAreas(): VmapArea[] {
    return [...this.busy.values()]
  }

  freeAreas(): VmapArea[] {
    return [...this.free.values()]
  }

  /** The tree must be an rb-tree with correct subtree_max_size; busy and free areas must tile without overlap. */
  check(): void {
    this.free.check()
    this.busy.check()
    const all = [...this.busyAreas().map((v) => ({ ...v, kind: 'busy' })), ...this.freeAreas().map((v) => ({ ...v, kind: 'free' })), ...this.purge.map((v) => ({ ...v, kind: 'lazy' }))].sort((a, b) => a.va_start - b.va_start)
    let at = 0
    for (const a of all) {
      if (a.va_start < at) throw new Error(`BUG: vmap areas overlap at ${hex(VMALLOC_START + BigInt(a.va_start))}`)
      if (a.va_start > at) throw new Error(`BUG: vmalloc range has a hole at ${hex(VMALLOC_START + BigInt(at))}`)
      at = a.va_end
    }
    if (at !== VMALLOC_SIZE) throw new Error('BUG: vmap areas do not cover the vmalloc range')
    let pages = 0
    for (const va of this.busyAreas()) {
      const vm = va.vm
      if (!vm) throw new Error('BUG: a busy vmap area without vm_struct')
      pages += vm.pages.length
      for (const pfn of vm.pages) if (this.mm.use[pfn] !== FrameUse.VMALLOC) throw new Error(`BUG: vmalloc page pfn ${pfn} has use ${this.mm.use[pfn]}`)
    }
    if (pages !== this.vmstat.nr_vmalloc_pages) throw new Error(`BUG: nr_vmalloc_pages ${this.vmstat.nr_vmalloc_pages} but areas hold ${pages}`)
  }
}

/** /proc/vmallocinfo (mm/vmalloc.c: vmalloc_info_show()): busy areas, then the unpurged ones. */
export function renderVmallocinfo(v: Vmalloc): string {
  const addr = (o: number) => `0x${(VMALLOC_START + BigInt(o)).toString(16).padStart(16, '0')}`
  let out = ''
  for (const va of v.busyAreas()) {
    const vm = va.vm!
    out += `${addr(va.va_start)}-${addr(va.va_start + vm.size)} ${String(vm.size).padStart(7)} ${vm.caller}`
    if (vm.pages.length) out += ` pages=${vm.pages.length}`
    if (vm.phys_addr) out += ` phys=0x${vm.phys_addr.toString(16).padStart(16, '0')}`
    if (vm.flags & VM_IOREMAP) out += ' ioremap'
    if (vm.flags & VM_ALLOC) out += ' vmalloc'
    if (vm.flags & VM_MAP) out += ' vmap'
    if (vm.pagesArray?.vmalloc) out += ' vpages'
    if (vm.pages.length) out += ` N0=${vm.pages.length}`
    out += '\n'
  }
  for (const va of v.purge) out += `${addr(va.va_start)}-${addr(va.va_end)} ${String(va.va_end - va.va_start).padStart(7)} unpurged vm_area\n`
  return out
}

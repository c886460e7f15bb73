import { describe, expect, it } from 'vitest'
import { Engine } from '../engine'

const run = (e: Engine, line: string) => e.exec(line)
const slabRow = (e: Engine, name: string) => run(e, 'cat /proc/slabinfo').output.split('\n').find((l) => l.startsWith(`${name} `))!.split(/\s+/)

describe('kmalloc, kfree and kmem_cache_* commands', () => {
  it('binds the pointer of kmalloc and frees it with kfree', () => {
    const e = new Engine({ debug: true })
    const r = run(e, 'p = kmalloc 100')
    expect(r.ok).toBe(true)
    expect(r.result).toMatch(/^0xffff888[0-9a-f]{9}$/)
    expect(r.output).toMatch(/\(kmalloc-128: object \d+ of 32 in the slab at pfn \d+; cpu 0, slow path: a new slab of order 0 from the page allocator\)$/)
    expect(run(e, 'q = kmalloc 100').output).toMatch(/fast path: the CPU slab freelist/)
    expect(run(e, 'kfree $p').output).toMatch(/^freed object \d+ of kmalloc-128/)
    const again = run(e, 'kfree $p')
    expect(again.ok).toBe(false)
    expect(again.errno).toBe('EINVAL')
    expect(again.output).toMatch(/BUG kmalloc-128 \(Not tainted\): Object already free/)
  })

  it('prints ZERO_SIZE_PTR for kmalloc 0, and takes gfp=dma from dma-kmalloc', () => {
    const e = new Engine({ debug: true })
    expect(run(e, 'z = kmalloc 0').result).toBe('0x10')
    expect(run(e, 'kfree $z').ok).toBe(true)
    expect(run(e, 'kmalloc 40 gfp=dma').output).toMatch(/dma-kmalloc-64/)
    expect(slabRow(e, 'dma-kmalloc-64')[2]).toBe('64')
    expect(run(e, 'kmalloc 40 gfp=GFP_KERNEL|__GFP_RECLAIMABLE').output).toMatch(/kmalloc-rcl-64/)
  })

  it('creates a cache, allocates from it and frees to it, refusing a wrong cache', () => {
    const e = new Engine({ debug: true })
    const c = run(e, 'c = kmem_cache_create lab_obj 100 align=64')
    expect(c.output).toMatch(/^lab_obj: object_size 100, size 128 \(align 64, free pointer at offset 48\), 32 objects per slab of 1 page \(order 0, 0 bytes left over\)/)
    expect(run(e, 'kmem_cache_create lab_obj 100').errno).toBe('EEXIST')
    const o = run(e, 'o = kmem_cache_alloc lab_obj')
    expect(o.output).toMatch(/lab_obj: object \d+ of 32/)
    expect(slabRow(e, 'lab_obj').slice(1, 3)).toEqual(['32', '32'])
    expect(run(e, 'kmem_cache_free task_struct $o').output).toMatch(/Wrong slab cache\. task_struct but object is from lab_obj/)
    expect(run(e, 'kmem_cache_free lab_obj $o').ok).toBe(true)
    expect(run(e, 'kmem_cache_alloc kmalloc-8k').output).toMatch(/kmalloc-8k: object \d+ of 4 in the slab/)
    expect(run(e, 'kmem_cache_alloc no_such').output).toMatch(/no slab cache named 'no_such'/)
  })

  it('counts Slab in /proc/meminfo from the slab pages', () => {
    const e = new Engine({ debug: true })
    const slab = () => Number(/^Slab:\s+(\d+) kB$/m.exec(run(e, 'cat /proc/meminfo').output)![1])
    const before = slab()
    run(e, 'p = kmalloc 9000')
    expect(slab()).toBe(before + 16)
    run(e, 'kfree $p')
    expect(slab()).toBe(before)
  })
})

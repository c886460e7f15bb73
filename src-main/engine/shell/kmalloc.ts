// `kmalloc`, `kfree`, `kmem_cache_create`, `kmem_cache_alloc`, `kmem_cache_free`: the slab
// allocator driven by hand, as kernel code calls it.

import type { Command } from '@shared/vml/parse'
import { GFP_KERNEL, __GFP_DMA } from '../page_alloc/gfp'
import { KMALLOC_MAX_SIZE } from '../slub/kmem_cache'
import type { KmemCache, SlubResult } from '../slub/slub'
import { argNumber, argPointer, cpuOption, gfpOption, gfpZoneBad } from './args'
import type { ShellContext } from './context'
import { done, errno, runtimeError, type Outcome } from './outcome'

const hex = (v: bigint | number) => `0x${v.toString(16)}`

function describe(r: Extract<SlubResult, { ptr: bigint }>, cache: string, cpu: number): string {
  if (!r.slab) return `${hex(r.ptr)} (${r.path})`
  return `${hex(r.ptr)} (${cache}: object ${r.index} of ${r.slab.objects} in the slab at pfn ${r.slab.pfn}; cpu ${cpu}, ${r.path})`
}

export function kmallocCommand(ctx: ShellContext, cmd: Command): Outcome {
  const size = argNumber(ctx, cmd, 'SIZE')
  if (typeof size !== 'number') return size
  const gfp = gfpOption(cmd)
  if (typeof gfp !== 'number') return gfp
  const bad = gfpZoneBad(cmd, gfp, cmd.options.gfp?.token.col ?? cmd.stmt.command.col)
  if (bad) return bad
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  const r = ctx.machine.slub.kmallocAlloc(size, gfp, cpu)
  if ('failure' in r) return errno('kmalloc', 'ENOMEM', `kmalloc: NULL\n${r.failure}`)
  return done(describe(r, r.cache ?? '', cpu), r.ptr)
}

export function kfreeCommand(ctx: ShellContext, cmd: Command): Outcome {
  const ptr = argPointer(ctx, cmd, 'PTR')
  if (typeof ptr !== 'bigint') return ptr
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  const r = ctx.machine.slub.kfree(ptr, cpu)
  return 'bug' in r ? errno('kfree', 'EINVAL', r.bug) : done(r.ok)
}

export function kmemCacheCreateCommand(ctx: ShellContext, cmd: Command): Outcome {
  const name = cmd.args.NAME!.kind === 'text' ? cmd.args.NAME!.text : ''
  const size = argNumber(ctx, cmd, 'SIZE')
  if (typeof size !== 'number') return size
  const alignOpt = cmd.options.align
  const align = alignOpt?.kind === 'number' ? Number(alignOpt.value) : 0
  const slub = ctx.machine.slub
  if (slub.byName.has(name)) return errno('kmem_cache_create', 'EEXIST', `kmem_cache_create: a cache named ${name} exists already`)
  if (size < 1 || size > KMALLOC_MAX_SIZE) return errno('kmem_cache_create', 'EINVAL', `kmem_cache_create(${name}): object size ${size} must be 1..${KMALLOC_MAX_SIZE}`)
  if (align && (align & (align - 1) || align > 4096)) return errno('kmem_cache_create', 'EINVAL', `kmem_cache_create(${name}): align=${align} must be a power of two up to 4096`)
  const c = slub.createCache(name, size, align, 0, false, true)
  return done(
    `${name}: object_size ${c.object_size}, size ${c.size} (align ${c.align}, free pointer at offset ${c.offset}), ` +
      `${c.objects} objects per slab of ${1 << c.order} page${c.order ? 's' : ''} (order ${c.order}, ${(4096 << c.order) - c.objects * c.size} bytes left over), ` +
      `min_partial ${c.min_partial}, cpu_partial ${c.cpu_partial}; struct kmem_cache at ${hex(c.self!)}`,
    c.self!
  )
}

function cacheArg(ctx: ShellContext, cmd: Command): KmemCache | Outcome {
  const arg = cmd.args.NAME!
  const name = arg.kind === 'text' ? arg.text : ''
  const c = ctx.machine.slub.byName.get(name)
  if (!c) return runtimeError(cmd.stmt.line, arg.token.col, `no slab cache named '${name}' (see /proc/slabinfo)`)
  return c
}

export function kmemCacheAllocCommand(ctx: ShellContext, cmd: Command): Outcome {
  const c = cacheArg(ctx, cmd)
  if ('ok' in c) return c
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  let gfp = GFP_KERNEL
  if (c.allocflags & __GFP_DMA) gfp |= __GFP_DMA
  const r = ctx.machine.slub.alloc(c, gfp, cpu)
  if ('failure' in r) return errno('kmem_cache_alloc', 'ENOMEM', `kmem_cache_alloc: NULL\n${r.failure}`)
  return done(describe(r, c.name, cpu), r.ptr)
}

export function kmemCacheFreeCommand(ctx: ShellContext, cmd: Command): Outcome {
  const c = cacheArg(ctx, cmd)
  if ('ok' in c) return c
  const ptr = argPointer(ctx, cmd, 'PTR')
  if (typeof ptr !== 'bigint') return ptr
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  const slub = ctx.machine.slub
  const at = slub.lookup(ptr)
  if (!at) return errno('kmem_cache_free', 'EINVAL', `kmem_cache_free(${c.name}, ${hex(ptr)}): the pointer is not in any slab\nNothing was freed.`)
  const bug = slub.free(c, ptr, cpu)
  return bug ? errno('kmem_cache_free', 'EINVAL', bug) : done(`freed object ${at.index} of ${c.name} (slab at pfn ${at.slab.pfn})`)
}


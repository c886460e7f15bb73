// `vmalloc SIZE` and `vfree ADDR`: virtually contiguous kernel memory by hand.

import type { Command } from '@shared/vml/parse'
import { GFP_KERNEL } from '../page_alloc/gfp'
import { argNumber, argPointer, cpuOption } from './args'
import type { ShellContext } from './context'
import { done, errno, type Outcome } from './outcome'

const hex = (v: bigint | number) => `0x${v.toString(16)}`

export function vmallocCommand(ctx: ShellContext, cmd: Command): Outcome {
  const size = argNumber(ctx, cmd, 'SIZE')
  if (typeof size !== 'number') return size
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  // The caller /proc/vmallocinfo names: the VML line, as a symbol of a pseudo-module.
  const r = ctx.machine.vmalloc.vmalloc(size, GFP_KERNEL, `vml_line_${cmd.stmt.line}+0x0/0x0 [vml]`, cpu)
  if ('failure' in r) return errno('vmalloc', 'ENOMEM', `vmalloc: NULL\n${r.failure}`)
  const vm = r.vm
  const pfns = vm.pages.length <= 8 ? vm.pages.join(', ') : `${vm.pages.slice(0, 6).join(', ')}, … ${vm.pages[vm.pages.length - 1]}`
  return done(
    `${hex(r.addr)}: ${vm.pages.length} page${vm.pages.length === 1 ? '' : 's'} at pfns ${pfns}; ` +
      `area ${hex(r.addr)}-${hex(r.addr + BigInt(vm.size))} (${vm.size} bytes with the guard page)` +
      (r.tables ? `; ${r.tables} new page-table page${r.tables === 1 ? '' : 's'}` : ''),
    r.addr
  )
}

export function vfreeCommand(ctx: ShellContext, cmd: Command): Outcome {
  const addr = argPointer(ctx, cmd, 'ADDR')
  if (typeof addr !== 'bigint') return addr
  const cpu = cpuOption(ctx, cmd)
  if (typeof cpu !== 'number') return cpu
  const v = ctx.machine.vmalloc
  const purgesBefore = v.purges
  const bug = v.vfree(addr, cpu)
  if (bug) return errno('vfree', 'EINVAL', bug)
  if (addr === 0n) return done('vfree(NULL): nothing to do')
  return done(
    v.purges > purgesBefore
      ? `freed; the lazily freed ranges passed ${v.lazyMaxPages()} pages and were purged back to the free tree`
      : `freed; its range waits for the lazy purge (${v.lazyPages} of ${v.lazyMaxPages()} pages queued)`
  )
}

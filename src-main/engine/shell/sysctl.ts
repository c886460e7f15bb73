// `sysctl KEY[=VALUE]`: the vm tunables of /proc/sys/vm, read and written with the kernel's
// bounds (proc_dointvec_minmax and friends) and side effects (new watermarks for
// min_free_kbytes and watermark_scale_factor).

import type { Command } from '@shared/vml/parse'
import { calculateTotalreservePages, setupPerZoneWmarks } from '../page_alloc/zone'
import type { Machine } from '../machine'
import type { ShellContext } from './context'
import { done, errno, type Outcome } from './outcome'

interface Tunable {
  get(m: Machine): number
  /** Set it; false when the value is out of the kernel's bounds (-EINVAL). */
  set(m: Machine, v: number): boolean
}

const INT_MAX = 2 ** 31 - 1

function bounded(min: number, max: number, key: keyof Machine['sysctl']): Tunable {
  return {
    get: (m) => m.sysctl[key] as number,
    set: (m, v) => {
      if (v < min || v > max) return false
      ;(m.sysctl as Record<string, unknown>)[key] = v
      return true
    }
  }
}

/** New watermarks, then the per-CPU list sizes and totalreserve_pages that follow them. */
// mm/page_alloc.c: setup_per_zone_wmarks(), calculate_totalreserve_pages()
function rewatermark(m: Machine): void {
  setupPerZoneWmarks(m.zones, m.sysctl.min_free_kbytes, m.sysctl.watermark_scale_factor)
  m.pageAlloc.zonePcpUpdate(m.config.cpus)
  m.totalreservePages = calculateTotalreservePages(m.zones)
}

export const TUNABLES: Readonly<Record<string, Tunable>> = {
  // mm/util.c: overcommit_policy_handler() (0..2)
  'vm.overcommit_memory': bounded(0, 2, 'overcommit_memory'),
  // overcommit_ratio_handler() clears overcommit_kbytes; overcommit_kbytes_handler() the ratio.
  'vm.overcommit_ratio': {
    get: (m) => m.sysctl.overcommit_ratio,
    set: (m, v) => {
      if (v < 0 || v > INT_MAX) return false
      m.sysctl.overcommit_ratio = v
      m.sysctl.overcommit_kbytes = 0
      return true
    }
  },
  'vm.overcommit_kbytes': {
    get: (m) => m.sysctl.overcommit_kbytes,
    set: (m, v) => {
      if (v < 0) return false
      m.sysctl.overcommit_kbytes = v
      m.sysctl.overcommit_ratio = 0
      return true
    }
  },
  // mm/mmap.c: sysctl_max_map_count (proc_dointvec_minmax, min 0)
  'vm.max_map_count': bounded(0, INT_MAX, 'max_map_count'),
  // mm/vmscan.c: vm_swappiness (0..200)
  'vm.swappiness': bounded(0, 200, 'swappiness'),
  // mm/page_alloc.c: min_free_kbytes_sysctl_handler(), watermark_scale_factor_sysctl_handler()
  'vm.min_free_kbytes': {
    get: (m) => m.sysctl.min_free_kbytes,
    set: (m, v) => {
      if (v < 0 || v > INT_MAX) return false
      m.sysctl.min_free_kbytes = v
      rewatermark(m)
      return true
    }
  },
  'vm.watermark_scale_factor': {
    get: (m) => m.sysctl.watermark_scale_factor,
    set: (m, v) => {
      if (v < 1 || v > 3000) return false
      m.sysctl.watermark_scale_factor = v
      rewatermark(m)
      return true
    }
  },
  // fs/drop_caches.c: drop_caches_sysctl_handler() (1..4; reads back 0). The machine has no page
  // cache and no reclaimable slab objects to drop yet, so nothing is freed.
  'vm.drop_caches': { get: () => 0, set: (_m, v) => v >= 1 && v <= 4 }
}

export function sysctlCommand(ctx: ShellContext, cmd: Command): Outcome {
  const a = cmd.args.SETTING!
  const text = a.kind === 'text' ? a.text : ''
  const eq = text.indexOf('=')
  const key = eq < 0 ? text : text.slice(0, eq)
  const t = TUNABLES[key]
  if (!t) return errno('sysctl', 'ENOENT', `sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory`)
  const m = ctx.machine
  if (eq < 0) return done(`${key} = ${t.get(m)}`, t.get(m))
  const raw = text.slice(eq + 1)
  const v = /^-?\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(v) || !t.set(m, v)) return errno('sysctl', 'EINVAL', `sysctl: setting key "${key}": Invalid argument`)
  return done(`${key} = ${t.get(m)}`, t.get(m))
}

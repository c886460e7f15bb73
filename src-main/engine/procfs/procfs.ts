// The /proc files `cat` can read, each rendered on demand from the machine's state
// (DESIGN.md: views are derived). A path that Linux would not have gives ENOENT.

import type { Machine } from '../machine'
import { renderBuddyinfo, renderPagetypeinfo, renderZoneinfo } from './buddyinfo'
import { meminfo, renderMeminfo } from './meminfo'
import { renderVmallocinfo } from '../vmalloc/vmalloc'
import { renderSlabinfo } from './slabinfo'
import { renderVmstat } from './vmstat'
import { renderMaps, renderSmaps, renderSmapsRollup, renderStat, renderStatm, renderStatus } from './pid'

export type ProcRead = { text: string } | { errno: string; message: string }

const FILES: Record<string, (m: Machine) => string> = {
  '/proc/meminfo': (m) => renderMeminfo(meminfo(m)),
  '/proc/buddyinfo': renderBuddyinfo,
  '/proc/pagetypeinfo': renderPagetypeinfo,
  '/proc/zoneinfo': renderZoneinfo,
  '/proc/vmstat': renderVmstat,
  '/proc/slabinfo': renderSlabinfo,
  '/proc/vmallocinfo': (m) => renderVmallocinfo(m.vmalloc)
}

export function procPaths(): string[] {
  return Object.keys(FILES)
}

/** The per-process files: /proc/NAME/FILE, NAME a handle (p1) or a pid. */
const PID_FILES = ['maps', 'smaps', 'smaps_rollup', 'stat', 'status', 'statm'] as const

export function readProc(m: Machine, path: string): ProcRead {
  const pid = /^\/proc\/([A-Za-z_][A-Za-z0-9_]*|\d+)\/([a-z_]+)$/.exec(path)
  if (pid && (PID_FILES as readonly string[]).includes(pid[2]!)) {
    const t = m.procs.resolve(pid[1]!)
    if (!t) return { errno: 'ENOENT', message: 'No such file or directory' }
    if (pid[2] === 'status') return { text: renderStatus(m, t) }
    if (pid[2] === 'statm') return { text: renderStatm(t.mm) }
    if (pid[2] === 'stat') return { text: renderStat(m, t) }
    if (pid[2] === 'smaps') return { text: t.mm ? renderSmaps(m, t.mm) : '' }
    if (pid[2] === 'smaps_rollup') return { text: t.mm ? renderSmapsRollup(m, t.mm) : '' }
    return { text: t.mm ? renderMaps(t.mm) : '' }
  }
  const file = FILES[path]
  if (!file) return { errno: 'ENOENT', message: 'No such file or directory' }
  return { text: file(m) }
}

// The /proc files `cat` can read, each rendered on demand from the machine's state
// (DESIGN.md: views are derived). A path that Linux would not have gives ENOENT.

import type { Machine } from '../machine'
import { renderBuddyinfo, renderPagetypeinfo, renderZoneinfo } from './buddyinfo'
import { meminfo, renderMeminfo } from './meminfo'
import { renderVmallocinfo } from '../vmalloc/vmalloc'
import { renderSlabinfo } from './slabinfo'
import { renderVmstat } from './vmstat'

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

export function readProc(m: Machine, path: string): ProcRead {
  const file = FILES[path]
  if (!file) return { errno: 'ENOENT', message: 'No such file or directory' }
  return { text: file(m) }
}

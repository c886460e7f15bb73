// Reading the VMA view for drawing: addresses arrive as hex strings (a 64-bit address does not fit
// a JSON number), so the arithmetic here is on bigints. Nothing of the kernel's is computed: this
// only classifies, measures and formats what the engine sent.

import { humanBytes } from '@shared/format/size'
import type { MapleNodeView, MapleTreeView, VmaRow } from '@shared/model/mm'

/** How the address strip measures: widths proportional to size, or to its logarithm. */
export type Scale = 'log' | 'linear'

export type VmaKind = 'file' | 'anon' | 'heap' | 'stack' | 'shmem' | 'special'
export const VMA_KINDS: readonly VmaKind[] = ['file', 'anon', 'heap', 'stack', 'shmem', 'special']

/** A hex string of the snapshot as a number; tolerant of a missing `0x`. */
export function addr(s: string): bigint {
  return BigInt(s.startsWith('0x') ? s : `0x${s}`)
}

/** Same address, however the two strings are spelled. */
export function sameAddr(a: string, b: string): boolean {
  return addr(a) === addr(b)
}

/**
 * What a VMA is for the strip's colours. The names in brackets are what show_map_vma() prints for
 * special mappings (fs/proc/task_mmu.c): [heap] and [stack] are anonymous memory the kernel
 * recognises by its place; [vdso], [vvar], [vvar_vclock] and [vsyscall] are installed by the
 * kernel itself.
 */
export function vmaKind(v: Pick<VmaRow, 'name' | 'file'>): VmaKind {
  if (v.name === '[heap]') return 'heap'
  if (v.name.startsWith('[stack')) return 'stack'
  if (v.name.startsWith('[')) return 'special'
  // A shared anonymous mapping is shmem: its file is the shm mount's, device 00:01.
  if (v.file?.dev === '00:01') return 'shmem'
  if (v.file) return 'file'
  return 'anon'
}

export const pages = (bytes: bigint): number => Number(bytes >> 12n)

export function vmaBytes(v: Pick<VmaRow, 'start' | 'end'>): bigint {
  return addr(v.end) - addr(v.start)
}

/** A size in binary units (UI.md), from a bigint byte count; up to EiB (the tree's last gap runs to ULONG_MAX). */
export function humanSize(bytes: bigint): string {
  if (bytes >= 1n << 60n) return `${humanBytes(Number(bytes >> 10n)).replace(' PiB', ' EiB')}`
  return humanBytes(Number(bytes))
}

/** The exact byte count for a tooltip: "69,632 bytes". */
export function exactBytes(bytes: bigint): string {
  return `${bytes.toLocaleString('en-US')} bytes`
}

/** The short name of a mapping for labels: the file's base name, [heap]…, or "anon". */
export function shortName(v: Pick<VmaRow, 'name'>): string {
  if (!v.name) return ''
  if (v.name.startsWith('[')) return v.name
  return v.name.slice(v.name.lastIndexOf('/') + 1)
}

export interface MapsColumns {
  range: string
  perms: string
  offset: string
  dev: string
  inode: string
  path: string
}

/**
 * The columns of /proc/PID/maps exactly as show_map_vma() prints them:
 * `%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu` and the path (fs/proc/task_mmu.c).
 */
export function mapsColumns(v: VmaRow): MapsColumns {
  const h8 = (n: bigint): string => n.toString(16).padStart(8, '0')
  return {
    range: `${h8(addr(v.start))}-${h8(addr(v.end))}`,
    perms: v.perms,
    offset: h8(v.file ? addr(v.pgoff) << 12n : 0n),
    dev: v.file?.dev ?? '00:00',
    inode: String(v.file?.inode ?? 0),
    path: v.name
  }
}

/**
 * The path from the root of the maple tree down to the leaf slot that holds `index`: for each
 * node on the way, the slot the walk takes (mas_walk() descends by pivots the same way).
 */
export function maplePath(tree: MapleTreeView | null | undefined, index: string | null): Map<number, number> {
  const path = new Map<number, number>()
  if (!tree || !tree.root || tree.root.kind !== 'node' || index === null) return path
  const at = addr(index)
  let node: MapleNodeView = tree.root
  for (;;) {
    const slot = slotOf(node, at)
    if (slot < 0) return new Map()
    path.set(node.id, slot)
    const next = node.slots[slot]
    if (next?.kind === 'node') node = next
    // Only a VMA the tree holds has a path ([vsyscall], the gate VMA, lives outside the mm's tree).
    else return next?.entry !== null && next?.entry !== undefined && addr(next.index) === at ? path : new Map()
  }
}

/** The slot of a node whose range holds `at`: the first pivot at or above it, else the last slot. */
function slotOf(node: MapleNodeView, at: bigint): number {
  if (at < addr(node.min) || at > addr(node.max)) return -1
  for (let i = 0; i <= node.end; i++) {
    const pivot = node.pivots[i]
    if (pivot === undefined || at <= addr(pivot)) return i
  }
  return node.end
}

/** The range slot i of a node covers: from the pivot before it (+1) to its own pivot, or max. */
export function slotRange(node: MapleNodeView, i: number): [bigint, bigint] {
  const lo = i === 0 ? addr(node.min) : addr(node.pivots[i - 1]!) + 1n
  const pivot = node.pivots[i]
  return [lo, pivot !== undefined ? addr(pivot) : addr(node.max)]
}

// GFP flags (include/linux/gfp_types.h, 6.18's bit numbers) and what the page allocator reads
// from them: the highest zone it may use (gfp_zone) and the migratetype (gfp_migratetype).

import { MIGRATE_PCPTYPES, ZONE_DMA, ZONE_DMA32, ZONE_MOVABLE, ZONE_NORMAL } from './zone'

export { MIGRATE_PCPTYPES }

export const __GFP_DMA = 1 << 0
export const __GFP_HIGHMEM = 1 << 1
export const __GFP_DMA32 = 1 << 2
export const __GFP_MOVABLE = 1 << 3
export const __GFP_RECLAIMABLE = 1 << 4
export const __GFP_HIGH = 1 << 5
export const __GFP_IO = 1 << 6
export const __GFP_FS = 1 << 7
export const __GFP_ZERO = 1 << 8
export const __GFP_DIRECT_RECLAIM = 1 << 10
export const __GFP_KSWAPD_RECLAIM = 1 << 11
export const __GFP_WRITE = 1 << 12
export const __GFP_NOWARN = 1 << 13
export const __GFP_RETRY_MAYFAIL = 1 << 14
export const __GFP_NOFAIL = 1 << 15
export const __GFP_NORETRY = 1 << 16
export const __GFP_MEMALLOC = 1 << 17
export const __GFP_COMP = 1 << 18
export const __GFP_NOMEMALLOC = 1 << 19
export const __GFP_HARDWALL = 1 << 20
export const __GFP_THISNODE = 1 << 21
export const __GFP_ACCOUNT = 1 << 22

export const __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM
export const GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM
export const GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS
export const GFP_NOWAIT = __GFP_KSWAPD_RECLAIM | __GFP_NOWARN
export const GFP_NOIO = __GFP_RECLAIM
export const GFP_NOFS = __GFP_RECLAIM | __GFP_IO
export const GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL
export const GFP_DMA = __GFP_DMA
export const GFP_DMA32 = __GFP_DMA32
export const GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM
export const GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE

/** The names `gfp=` accepts (lowercase, with or without the GFP_/__GFP_ prefix). */
const NAMED: Readonly<Record<string, number>> = {
  kernel: GFP_KERNEL,
  atomic: GFP_ATOMIC,
  nowait: GFP_NOWAIT,
  noio: GFP_NOIO,
  nofs: GFP_NOFS,
  user: GFP_USER,
  highuser: GFP_HIGHUSER,
  highuser_movable: GFP_HIGHUSER_MOVABLE,
  dma: __GFP_DMA,
  dma32: __GFP_DMA32,
  highmem: __GFP_HIGHMEM,
  movable: __GFP_MOVABLE,
  reclaimable: __GFP_RECLAIMABLE,
  high: __GFP_HIGH,
  io: __GFP_IO,
  fs: __GFP_FS,
  zero: __GFP_ZERO,
  direct_reclaim: __GFP_DIRECT_RECLAIM,
  kswapd_reclaim: __GFP_KSWAPD_RECLAIM,
  reclaim: __GFP_RECLAIM,
  nowarn: __GFP_NOWARN,
  retry_mayfail: __GFP_RETRY_MAYFAIL,
  nofail: __GFP_NOFAIL,
  noretry: __GFP_NORETRY,
  memalloc: __GFP_MEMALLOC,
  comp: __GFP_COMP,
  nomemalloc: __GFP_NOMEMALLOC,
  hardwall: __GFP_HARDWALL,
  thisnode: __GFP_THISNODE,
  account: __GFP_ACCOUNT
}

export const GFP_NAMES = Object.keys(NAMED)

/**
 * `gfp=kernel|zero|comp` or `gfp=GFP_KERNEL|__GFP_ZERO` (also `,` or `+` between names): the
 * mask, or the name that is not a GFP flag.
 */
export function parseGfp(text: string): { mask: number } | { bad: string } {
  let mask = 0
  for (const raw of text.split(/[|,+]/)) {
    const name = raw.trim().toLowerCase().replace(/^(__gfp_|gfp_)/, '')
    const v = NAMED[name]
    if (v === undefined) return { bad: raw }
    mask |= v
  }
  return { mask }
}

/** The composite names first, then single flags: how %pGg prints a mask (mm/debug.c, trace/events/mmflags.h). */
const PRINT_ORDER: readonly [string, number][] = [
  ['GFP_HIGHUSER_MOVABLE', GFP_HIGHUSER_MOVABLE],
  ['GFP_HIGHUSER', GFP_HIGHUSER],
  ['GFP_USER', GFP_USER],
  ['GFP_KERNEL', GFP_KERNEL],
  ['GFP_NOFS', GFP_NOFS],
  ['GFP_ATOMIC', GFP_ATOMIC],
  ['GFP_NOIO', GFP_NOIO],
  ['GFP_NOWAIT', GFP_NOWAIT],
  ['GFP_DMA', __GFP_DMA],
  ['__GFP_HIGHMEM', __GFP_HIGHMEM],
  ['GFP_DMA32', __GFP_DMA32],
  ['__GFP_HIGH', __GFP_HIGH],
  ['__GFP_IO', __GFP_IO],
  ['__GFP_FS', __GFP_FS],
  ['__GFP_NOWARN', __GFP_NOWARN],
  ['__GFP_RETRY_MAYFAIL', __GFP_RETRY_MAYFAIL],
  ['__GFP_NOFAIL', __GFP_NOFAIL],
  ['__GFP_NORETRY', __GFP_NORETRY],
  ['__GFP_COMP', __GFP_COMP],
  ['__GFP_ZERO', __GFP_ZERO],
  ['__GFP_NOMEMALLOC', __GFP_NOMEMALLOC],
  ['__GFP_MEMALLOC', __GFP_MEMALLOC],
  ['__GFP_HARDWALL', __GFP_HARDWALL],
  ['__GFP_THISNODE', __GFP_THISNODE],
  ['__GFP_RECLAIMABLE', __GFP_RECLAIMABLE],
  ['__GFP_MOVABLE', __GFP_MOVABLE],
  ['__GFP_ACCOUNT', __GFP_ACCOUNT],
  ['__GFP_WRITE', __GFP_WRITE],
  ['__GFP_RECLAIM', __GFP_RECLAIM],
  ['__GFP_DIRECT_RECLAIM', __GFP_DIRECT_RECLAIM],
  ['__GFP_KSWAPD_RECLAIM', __GFP_KSWAPD_RECLAIM]
]

/** `0xcc0(GFP_KERNEL)`, as warn_alloc() prints a mode with %#x(%pGg). */
export function formatGfp(mask: number): string {
  const names: string[] = []
  let rest = mask
  for (const [name, bits] of PRINT_ORDER) {
    if (bits !== 0 && (rest & bits) === bits) {
      names.push(name)
      rest &= ~bits
    }
  }
  return `0x${mask.toString(16)}(${names.join('|') || 'none'})`
}

/**
 * The highest zone an allocation may use. 64-bit has no highmem: __GFP_HIGHMEM means Normal, and
 * with __GFP_MOVABLE it means ZONE_MOVABLE. __GFP_DMA and __GFP_DMA32 together are a bug.
 */
// include/linux/gfp.h: gfp_zone() (the GFP_ZONE_TABLE)
export function gfpZone(gfp: number): number {
  const dma = gfp & __GFP_DMA
  const dma32 = gfp & __GFP_DMA32
  if (dma && dma32) throw new RangeError('__GFP_DMA and __GFP_DMA32 together: GFP_ZONE_BAD')
  if (dma) return ZONE_DMA
  if (dma32) return ZONE_DMA32
  if (gfp & __GFP_HIGHMEM && gfp & __GFP_MOVABLE) return ZONE_MOVABLE
  return ZONE_NORMAL
}

export const MIGRATE_UNMOVABLE = 0
export const MIGRATE_MOVABLE = 1
export const MIGRATE_RECLAIMABLE = 2
export const MIGRATE_HIGHATOMIC = 3
export const MIGRATE_ISOLATE = 4
export const MIGRATE_TYPES = 5

/** __GFP_MOVABLE → MIGRATE_MOVABLE, __GFP_RECLAIMABLE → MIGRATE_RECLAIMABLE, else UNMOVABLE. */
// include/linux/gfp.h: gfp_migratetype()
export function gfpMigratetype(gfp: number): number {
  return ((gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) >> 3) as 0 | 1 | 2
}

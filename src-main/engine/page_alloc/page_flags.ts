// struct page flag bits, as include/linux/page-flags.h numbers them in 6.18 (enum pageflags).
// Aliases share a bit and mean something else by context (PG_swapcache is PG_owner_priv_1 on
// an anonymous page). Since 6.10 slab, buddy and page-table pages are page *types*, not flags.
// The tail of the enum depends on the config; these are the reference kernel's
// (/proc/config.gz of 6.18.44-fc): CONFIG_MEMORY_FAILURE is not set, so there is no
// PG_hwpoison, and CONFIG_PAGE_IDLE_FLAG=y on 64-bit adds PG_young and PG_idle after PG_mlocked.

export const PG_locked = 0
export const PG_writeback = 1
export const PG_referenced = 2
export const PG_uptodate = 3
export const PG_dirty = 4
export const PG_lru = 5
export const PG_head = 6
export const PG_waiters = 7
export const PG_active = 8
export const PG_workingset = 9
export const PG_owner_priv_1 = 10
export const PG_owner_2 = 11
export const PG_arch_1 = 12
export const PG_reserved = 13
export const PG_private = 14
export const PG_private_2 = 15
export const PG_reclaim = 16
export const PG_swapbacked = 17
export const PG_unevictable = 18
export const PG_dropbehind = 19
export const PG_mlocked = 20
export const PG_young = 21
export const PG_idle = 22
export const __NR_PAGEFLAGS = 23

// Aliases (same bit, another meaning).
export const PG_swapcache = PG_owner_priv_1
export const PG_anon_exclusive = PG_owner_2
export const PG_readahead = PG_reclaim

/** Bit → name, for decoding a page's flags in a tooltip (the primary name of each bit). */
export const PAGE_FLAG_NAMES: readonly string[] = [
  'locked', 'writeback', 'referenced', 'uptodate', 'dirty', 'lru', 'head', 'waiters',
  'active', 'workingset', 'owner_priv_1', 'owner_2', 'arch_1', 'reserved', 'private',
  'private_2', 'reclaim', 'swapbacked', 'unevictable', 'dropbehind', 'mlocked', 'young', 'idle'
]

export function flagBit(bit: number): number {
  return 1 << bit
}

// Page types (include/linux/page-flags.h, enum pagetype): the top byte of page->page_type, set
// only on a page nobody maps (_mapcount -1). 6.18's values.
export const PGTY_buddy = 0xf0
export const PGTY_offline = 0xf1
export const PGTY_table = 0xf2
export const PGTY_guard = 0xf3
export const PGTY_hugetlb = 0xf4
export const PGTY_slab = 0xf5
export const PGTY_zsmalloc = 0xf6
export const PGTY_unaccepted = 0xf7
export const PGTY_large_kmalloc = 0xf8

export const PAGE_TYPE_NAMES: Readonly<Record<number, string>> = {
  [PGTY_buddy]: 'buddy',
  [PGTY_offline]: 'offline',
  [PGTY_table]: 'table',
  [PGTY_guard]: 'guard',
  [PGTY_hugetlb]: 'hugetlb',
  [PGTY_slab]: 'slab',
  [PGTY_zsmalloc]: 'zsmalloc',
  [PGTY_unaccepted]: 'unaccepted',
  [PGTY_large_kmalloc]: 'large_kmalloc'
}

/**
 * Flags that must be clear when a page is freed (include/linux/page-flags.h:
 * PAGE_FLAGS_CHECK_AT_FREE), else free_page_is_bad() reports a bad page state.
 */
export const PAGE_FLAGS_CHECK_AT_FREE =
  flagBit(PG_lru) | flagBit(PG_locked) | flagBit(PG_private) | flagBit(PG_private_2) | flagBit(PG_writeback) |
  flagBit(PG_reserved) | flagBit(PG_active) | flagBit(PG_unevictable) | flagBit(PG_mlocked)

/** The names of the flags set in `flags`, in bit order (as %pGp prints them). */
export function flagNames(flags: number): string[] {
  const out: string[] = []
  for (let b = 0; b < __NR_PAGEFLAGS; b++) if (flags & (1 << b)) out.push(PAGE_FLAG_NAMES[b]!)
  return out
}

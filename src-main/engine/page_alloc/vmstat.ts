// The node and zone counters /proc/meminfo and /proc/vmstat read (include/linux/mmzone.h:
// enum zone_stat_item, enum node_stat_item; the names are mm/vmstat.c's vmstat_text). The lists
// are 6.18's, in its order, as the reference VM's /proc/vmstat prints them: a later /proc/vmstat
// walks them as they are. Subsystems add to them as they allocate; a counter whose subsystem is
// not simulated yet stays 0, which is the honest value.
//
// Not here, because 6.18 does not have them: NR_WRITEBACK_TEMP and NR_BOUNCE (meminfo prints
// WritebackTmp and Bounce as a literal 0), NR_VMALLOC (VmallocUsed reads vmalloc_nr_pages()).

/**
 * enum zone_stat_item → its /proc/vmstat name. NR_FREE_PAGES and NR_FREE_PAGES_BLOCKS live in the
 * zone (Zone.nr_free, Zone.nr_free_blocks), where the buddy allocator keeps them.
 */
export const ZONE_STAT_NAMES = {
  NR_FREE_PAGES: 'nr_free_pages',
  NR_FREE_PAGES_BLOCKS: 'nr_free_pages_blocks',
  NR_ZONE_INACTIVE_ANON: 'nr_zone_inactive_anon',
  NR_ZONE_ACTIVE_ANON: 'nr_zone_active_anon',
  NR_ZONE_INACTIVE_FILE: 'nr_zone_inactive_file',
  NR_ZONE_ACTIVE_FILE: 'nr_zone_active_file',
  NR_ZONE_UNEVICTABLE: 'nr_zone_unevictable',
  NR_ZONE_WRITE_PENDING: 'nr_zone_write_pending',
  NR_MLOCK: 'nr_mlock',
  NR_ZSPAGES: 'nr_zspages',
  NR_FREE_CMA_PAGES: 'nr_free_cma'
} as const
export type ZoneStatItem = Exclude<keyof typeof ZONE_STAT_NAMES, 'NR_FREE_PAGES' | 'NR_FREE_PAGES_BLOCKS'>

/**
 * enum node_stat_item → its /proc/vmstat name. The _B items take bytes in the kernel's API but
 * are stored in pages at node level (mm/vmstat.c: __mod_node_page_state() shifts them, only memcg
 * keeps bytes); here they are pages throughout, and modNode() takes pages for every item.
 */
export const NODE_STAT_NAMES = {
  NR_INACTIVE_ANON: 'nr_inactive_anon',
  NR_ACTIVE_ANON: 'nr_active_anon',
  NR_INACTIVE_FILE: 'nr_inactive_file',
  NR_ACTIVE_FILE: 'nr_active_file',
  NR_UNEVICTABLE: 'nr_unevictable',
  NR_SLAB_RECLAIMABLE_B: 'nr_slab_reclaimable',
  NR_SLAB_UNRECLAIMABLE_B: 'nr_slab_unreclaimable',
  NR_ISOLATED_ANON: 'nr_isolated_anon',
  NR_ISOLATED_FILE: 'nr_isolated_file',
  WORKINGSET_NODES: 'workingset_nodes',
  WORKINGSET_REFAULT_ANON: 'workingset_refault_anon',
  WORKINGSET_REFAULT_FILE: 'workingset_refault_file',
  WORKINGSET_ACTIVATE_ANON: 'workingset_activate_anon',
  WORKINGSET_ACTIVATE_FILE: 'workingset_activate_file',
  WORKINGSET_RESTORE_ANON: 'workingset_restore_anon',
  WORKINGSET_RESTORE_FILE: 'workingset_restore_file',
  WORKINGSET_NODERECLAIM: 'workingset_nodereclaim',
  NR_ANON_MAPPED: 'nr_anon_pages',
  NR_FILE_MAPPED: 'nr_mapped',
  NR_FILE_PAGES: 'nr_file_pages',
  NR_FILE_DIRTY: 'nr_dirty',
  NR_WRITEBACK: 'nr_writeback',
  NR_SHMEM: 'nr_shmem',
  NR_SHMEM_THPS: 'nr_shmem_hugepages',
  NR_SHMEM_PMDMAPPED: 'nr_shmem_pmdmapped',
  NR_FILE_THPS: 'nr_file_hugepages',
  NR_FILE_PMDMAPPED: 'nr_file_pmdmapped',
  NR_ANON_THPS: 'nr_anon_transparent_hugepages',
  NR_VMSCAN_WRITE: 'nr_vmscan_write',
  NR_VMSCAN_IMMEDIATE: 'nr_vmscan_immediate_reclaim',
  NR_DIRTIED: 'nr_dirtied',
  NR_WRITTEN: 'nr_written',
  NR_THROTTLED_WRITTEN: 'nr_throttled_written',
  NR_KERNEL_MISC_RECLAIMABLE: 'nr_kernel_misc_reclaimable',
  NR_FOLL_PIN_ACQUIRED: 'nr_foll_pin_acquired',
  NR_FOLL_PIN_RELEASED: 'nr_foll_pin_released',
  NR_KERNEL_STACK_KB: 'nr_kernel_stack',
  NR_PAGETABLE: 'nr_page_table_pages',
  NR_SECONDARY_PAGETABLE: 'nr_sec_page_table_pages',
  NR_IOMMU_PAGES: 'nr_iommu_pages',
  NR_SWAPCACHE: 'nr_swapcached',
  PGPROMOTE_SUCCESS: 'pgpromote_success',
  PGPROMOTE_CANDIDATE: 'pgpromote_candidate',
  PGPROMOTE_CANDIDATE_NRL: 'pgpromote_candidate_nrl',
  PGDEMOTE_KSWAPD: 'pgdemote_kswapd',
  PGDEMOTE_DIRECT: 'pgdemote_direct',
  PGDEMOTE_KHUGEPAGED: 'pgdemote_khugepaged',
  PGDEMOTE_PROACTIVE: 'pgdemote_proactive',
  NR_HUGETLB: 'nr_hugetlb',
  NR_BALLOON_PAGES: 'nr_balloon_pages',
  NR_KERNEL_FILE_PAGES: 'nr_kernel_file_pages'
} as const
export type NodeStatItem = keyof typeof NODE_STAT_NAMES

/**
 * enum vm_event_item → its /proc/vmstat name, in 6.18's order for the reference config
 * (CONFIG_NUMA_BALANCING, CONFIG_MIGRATION, CONFIG_COMPACTION, CONFIG_HUGETLB_PAGE,
 * CONFIG_TRANSPARENT_HUGEPAGE, CONFIG_BALLOON_COMPACTION, CONFIG_SWAP, CONFIG_KSM, CONFIG_ZSWAP,
 * CONFIG_X86 direct-map events; no CONFIG_DEBUG_TLBFLUSH or CONFIG_DEBUG_VM_VMACACHE).
 * Events only count up.
 */
export const VM_EVENT_NAMES = [
  'pgpgin', 'pgpgout', 'pswpin', 'pswpout', 'pgalloc_dma', 'pgalloc_dma32', 'pgalloc_normal',
  'pgalloc_movable', 'pgalloc_device', 'allocstall_dma', 'allocstall_dma32', 'allocstall_normal',
  'allocstall_movable', 'allocstall_device', 'pgskip_dma', 'pgskip_dma32', 'pgskip_normal', 'pgskip_movable',
  'pgskip_device', 'pgfree', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pgfault', 'pgmajfault',
  'pglazyfreed', 'pgrefill', 'pgreuse', 'pgsteal_kswapd', 'pgsteal_direct', 'pgsteal_khugepaged',
  'pgsteal_proactive', 'pgscan_kswapd', 'pgscan_direct', 'pgscan_khugepaged', 'pgscan_proactive',
  'pgscan_direct_throttle', 'pgscan_anon', 'pgscan_file', 'pgsteal_anon', 'pgsteal_file',
  'zone_reclaim_success', 'zone_reclaim_failed', 'pginodesteal', 'slabs_scanned', 'kswapd_inodesteal',
  'kswapd_low_wmark_hit_quickly', 'kswapd_high_wmark_hit_quickly', 'pageoutrun', 'pgrotated',
  'drop_pagecache', 'drop_slab', 'oom_kill', 'numa_pte_updates', 'numa_huge_pte_updates', 'numa_hint_faults',
  'numa_hint_faults_local', 'numa_pages_migrated', 'pgmigrate_success', 'pgmigrate_fail',
  'thp_migration_success', 'thp_migration_fail', 'thp_migration_split', 'compact_migrate_scanned',
  'compact_free_scanned', 'compact_isolated', 'compact_stall', 'compact_fail', 'compact_success',
  'compact_daemon_wake', 'compact_daemon_migrate_scanned', 'compact_daemon_free_scanned',
  'htlb_buddy_alloc_success', 'htlb_buddy_alloc_fail', 'unevictable_pgs_culled', 'unevictable_pgs_scanned',
  'unevictable_pgs_rescued', 'unevictable_pgs_mlocked', 'unevictable_pgs_munlocked',
  'unevictable_pgs_cleared', 'unevictable_pgs_stranded', 'thp_fault_alloc', 'thp_fault_fallback',
  'thp_fault_fallback_charge', 'thp_collapse_alloc', 'thp_collapse_alloc_failed', 'thp_file_alloc',
  'thp_file_fallback', 'thp_file_fallback_charge', 'thp_file_mapped', 'thp_split_page',
  'thp_split_page_failed', 'thp_deferred_split_page', 'thp_underused_split_page', 'thp_split_pmd',
  'thp_scan_exceed_none_pte', 'thp_scan_exceed_swap_pte', 'thp_scan_exceed_share_pte', 'thp_split_pud',
  'thp_zero_page_alloc', 'thp_zero_page_alloc_failed', 'thp_swpout', 'thp_swpout_fallback',
  'balloon_inflate', 'balloon_deflate', 'balloon_migrate', 'swap_ra', 'swap_ra_hit', 'swpin_zero',
  'swpout_zero', 'ksm_swpin_copy', 'cow_ksm', 'zswpin', 'zswpout', 'zswpwb', 'direct_map_level2_splits',
  'direct_map_level3_splits', 'direct_map_level2_collapses', 'direct_map_level3_collapses'
] as const
export type VmEvent = (typeof VM_EVENT_NAMES)[number]
const EVENT_INDEX = new Map<string, number>(VM_EVENT_NAMES.map((k, i) => [k, i]))

export const NODE_STAT_ITEMS = Object.keys(NODE_STAT_NAMES) as NodeStatItem[]
export const ZONE_STAT_ITEMS = (Object.keys(ZONE_STAT_NAMES) as Array<keyof typeof ZONE_STAT_NAMES>).filter(
  (k): k is ZoneStatItem => k !== 'NR_FREE_PAGES' && k !== 'NR_FREE_PAGES_BLOCKS'
)

const NODE_INDEX = new Map<NodeStatItem, number>(NODE_STAT_ITEMS.map((k, i) => [k, i]))
const ZONE_INDEX = new Map<ZoneStatItem, number>(ZONE_STAT_ITEMS.map((k, i) => [k, i]))

export class Vmstat {
  /** vm_event_states summed over CPUs. */
  private readonly events = new Float64Array(VM_EVENT_NAMES.length)
  /** pgdat->vm_stat of the one node. */
  private readonly node = new Float64Array(NODE_STAT_ITEMS.length)
  /** zone->vm_stat of each zone (MAX_NR_ZONES of them). */
  private readonly zone = Array.from({ length: 5 }, () => new Float64Array(ZONE_STAT_ITEMS.length))
  /** vm_committed_as: pages committed by VM_ACCOUNT mappings (mm/util.c). */
  committedAs = 0
  /** nr_vmalloc_pages: pages backing vmalloc areas (mm/vmalloc.c: vmalloc_nr_pages()). */
  nr_vmalloc_pages = 0
  /** Pages of block-device page cache: nr_blockdev_pages() (block/bdev.c), meminfo Buffers. */
  nr_blockdev_pages = 0
  /** The memmap taken from memblock at boot (mm/sparse-vmemmap.c: memmap_boot_pages_add()). */
  nr_memmap_boot_pages = 0
  /** The memmap allocated later, by memory hotplug (memmap_pages_add()). */
  nr_memmap_pages = 0

  // include/linux/vmstat.h: count_vm_events()
  countEvent(event: VmEvent, n = 1): void {
    this.events[EVENT_INDEX.get(event)!]! += n
  }

  event(event: VmEvent): number {
    return this.events[EVENT_INDEX.get(event)!]!
  }

  // mm/vmstat.c: global_node_page_state()
  node_page_state(item: NodeStatItem): number {
    return this.node[NODE_INDEX.get(item)!]!
  }

  // mm/vmstat.c: global_zone_page_state()
  zone_page_state(item: ZoneStatItem): number {
    const i = ZONE_INDEX.get(item)!
    return this.zone.reduce((n, z) => n + z[i]!, 0)
  }

  // include/linux/vmstat.h: zone_page_state()
  zoneState(zoneIdx: number, item: ZoneStatItem): number {
    return this.zone[zoneIdx]![ZONE_INDEX.get(item)!]!
  }

  // mm/vmstat.c: mod_node_page_state()
  modNode(item: NodeStatItem, delta: number): void {
    const i = NODE_INDEX.get(item)!
    const v = this.node[i]! + delta
    if (v < 0) throw new Error(`BUG: ${item} would go negative (${v})`)
    this.node[i] = v
  }

  // mm/vmstat.c: mod_zone_page_state()
  modZone(zoneIdx: number, item: ZoneStatItem, delta: number): void {
    const z = this.zone[zoneIdx]!
    const i = ZONE_INDEX.get(item)!
    const v = z[i]! + delta
    if (v < 0) throw new Error(`BUG: ${item} would go negative (${v})`)
    z[i] = v
  }
}

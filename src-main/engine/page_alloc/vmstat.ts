// The node and zone counters /proc/meminfo and /proc/vmstat read (include/linux/mmzone.h:
// enum node_stat_item, enum zone_stat_item). Subsystems add to them as they allocate; a counter
// whose subsystem is not simulated yet stays 0, which is the honest value.

export const NODE_STAT_ITEMS = [
  'NR_INACTIVE_ANON',
  'NR_ACTIVE_ANON',
  'NR_INACTIVE_FILE',
  'NR_ACTIVE_FILE',
  'NR_UNEVICTABLE',
  'NR_SLAB_RECLAIMABLE_B',
  'NR_SLAB_UNRECLAIMABLE_B',
  'NR_ANON_MAPPED',
  'NR_FILE_MAPPED',
  'NR_FILE_PAGES',
  'NR_FILE_DIRTY',
  'NR_WRITEBACK',
  'NR_WRITEBACK_TEMP',
  'NR_SHMEM',
  'NR_SHMEM_THPS',
  'NR_SHMEM_PMDMAPPED',
  'NR_FILE_THPS',
  'NR_FILE_PMDMAPPED',
  'NR_ANON_THPS',
  'NR_KERNEL_MISC_RECLAIMABLE',
  'NR_KERNEL_STACK_KB',
  'NR_PAGETABLE',
  'NR_SECONDARY_PAGETABLE',
  'NR_SWAPCACHE',
  'NR_HUGETLB',
  'NR_BALLOON_PAGES',
  'NR_VMALLOC'
] as const
export type NodeStatItem = (typeof NODE_STAT_ITEMS)[number]

export const ZONE_STAT_ITEMS = ['NR_MLOCK', 'NR_BOUNCE', 'NR_ZSPAGES', 'NR_FREE_CMA_PAGES'] as const
export type ZoneStatItem = (typeof ZONE_STAT_ITEMS)[number]

export class Vmstat {
  private readonly node = new Map<NodeStatItem, number>(NODE_STAT_ITEMS.map((k) => [k, 0]))
  private readonly zone = new Map<ZoneStatItem, number>(ZONE_STAT_ITEMS.map((k) => [k, 0]))
  /** vm_committed_as: pages committed by VM_ACCOUNT mappings (mm/util.c). */
  committedAs = 0

  // mm/vmstat.c: global_node_page_state()
  node_page_state(item: NodeStatItem): number {
    return this.node.get(item)!
  }

  // mm/vmstat.c: global_zone_page_state()
  zone_page_state(item: ZoneStatItem): number {
    return this.zone.get(item)!
  }

  // mm/vmstat.c: mod_node_page_state()
  modNode(item: NodeStatItem, delta: number): void {
    const v = this.node.get(item)! + delta
    if (v < 0) throw new Error(`BUG: ${item} would go negative (${v})`)
    this.node.set(item, v)
  }

  modZone(item: ZoneStatItem, delta: number): void {
    const v = this.zone.get(item)! + delta
    if (v < 0) throw new Error(`BUG: ${item} would go negative (${v})`)
    this.zone.set(item, v)
  }
}

// /proc/meminfo as Linux 6.18 prints it on x86-64 (fs/proc/meminfo.c: meminfo_proc_show(),
// mm/hugetlb.c: hugetlb_report_meminfo(), arch/x86/mm/pat/set_memory.c: arch_report_meminfo()).
// The field list is that of our reference kernel's config: no HighTotal (64-bit), no CmaTotal
// (no CMA), no HardwareCorrupted, no Unaccepted, no DirectMap1G (no gbpages).
// Every value comes from the machine's counters; nothing is a constant except what is constant
// in the kernel too (VmallocTotal, Hugepagesize, and the fields 6.18 prints as a literal 0:
// NFS_Unstable, Bounce, WritebackTmp, VmallocChunk).

import type { MeminfoField } from '@shared/model/meminfo'
import type { Machine } from '../machine'
import { WMARK_LOW } from '../page_alloc/zone'

/**
 * VMALLOC_TOTAL = VMALLOC_END - VMALLOC_START (no + 1: VMALLOC_END is inclusive), with
 * VMALLOC_START 0xffffc90000000000 and the 32 TiB area of 4-level paging
 * (arch/x86/include/asm/pgtable_64_types.h): 34359738367 kB, as the reference VM prints.
 */
const VMALLOC_TOTAL_KB = Number(((0xffffc90000000000n + (32n << 40n) - 1n - 0xffffc90000000000n) >> 10n))
/** HPAGE_PMD_SIZE: huge pages are 2 MiB on x86-64. */
const HPAGE_SIZE_KB = 2048

/** How many frames are free for user allocations without swapping, an estimate. */
// mm/show_mem.c: si_mem_available()
export function siMemAvailable(m: Machine): number {
  const v = m.vmstat
  let wmarkLow = 0
  for (const z of m.zones) wmarkLow += z._watermark[WMARK_LOW]
  let available = m.freePages() - m.totalreservePages
  // Not all the page cache can be freed: at least half, or the low watermarks' worth, stays.
  let pagecache = v.node_page_state('NR_ACTIVE_FILE') + v.node_page_state('NR_INACTIVE_FILE')
  pagecache -= Math.min(Math.floor(pagecache / 2), wmarkLow)
  available += pagecache
  // Likewise part of reclaimable slab is in use.
  let reclaimable = v.node_page_state('NR_SLAB_RECLAIMABLE_B') + v.node_page_state('NR_KERNEL_MISC_RECLAIMABLE')
  reclaimable -= Math.min(Math.floor(reclaimable / 2), wmarkLow)
  available += reclaimable
  return Math.max(available, 0)
}

/** The most that may be committed in mode 2: part of RAM plus all swap. */
// mm/util.c: vm_commit_limit()
export function vmCommitLimit(m: Machine): number {
  const s = m.sysctl
  const hugetlbPages = m.hugetlb.nr_hugepages * 512
  const allowed = s.overcommit_kbytes ? s.overcommit_kbytes >> 2 : Math.floor(((m.totalramPages() - hugetlbPages) * s.overcommit_ratio) / 100)
  return allowed + m.totalSwapPages
}

export function meminfo(m: Machine): MeminfoField[] {
  const v = m.vmstat
  const node = (k: Parameters<typeof v.node_page_state>[0]): number => v.node_page_state(k)
  const out: MeminfoField[] = []
  const kb = (label: string, pages: number): void => push(label, pages * 4)
  const push = (label: string, value: number): void => {
    out.push({ name: label, value, unit: 'kB', text: `${`${label}:`.padEnd(16)}${String(value).padStart(8)} kB` })
  }
  const count = (label: string, value: number): void => {
    out.push({ name: label, value, unit: '', text: `${`${label}:`.padEnd(19)}${String(value).padStart(5)}` })
  }

  // si_meminfo(): bufferram = nr_blockdev_pages().
  const bufferram = v.nr_blockdev_pages
  const swapcache = node('NR_SWAPCACHE')
  const cached = Math.max(node('NR_FILE_PAGES') - swapcache - bufferram, 0)
  const sReclaimable = node('NR_SLAB_RECLAIMABLE_B')
  const sUnreclaim = node('NR_SLAB_UNRECLAIMABLE_B')
  const hugeTotal = m.hugetlb.nr_hugepages

  kb('MemTotal', m.totalramPages())
  kb('MemFree', m.freePages())
  kb('MemAvailable', siMemAvailable(m))
  kb('Buffers', bufferram)
  kb('Cached', cached)
  kb('SwapCached', swapcache)
  kb('Active', node('NR_ACTIVE_ANON') + node('NR_ACTIVE_FILE'))
  kb('Inactive', node('NR_INACTIVE_ANON') + node('NR_INACTIVE_FILE'))
  kb('Active(anon)', node('NR_ACTIVE_ANON'))
  kb('Inactive(anon)', node('NR_INACTIVE_ANON'))
  kb('Active(file)', node('NR_ACTIVE_FILE'))
  kb('Inactive(file)', node('NR_INACTIVE_FILE'))
  kb('Unevictable', node('NR_UNEVICTABLE'))
  kb('Mlocked', v.zone_page_state('NR_MLOCK'))
  kb('SwapTotal', m.totalSwapPages)
  kb('SwapFree', m.nrSwapPagesFree)
  // zswap_total_pages() and the pages it holds: no compressed swap cache on the simulated kernel.
  kb('Zswap', m.zswap.pool_pages)
  kb('Zswapped', m.zswap.stored_pages)
  kb('Dirty', node('NR_FILE_DIRTY'))
  kb('Writeback', node('NR_WRITEBACK'))
  kb('AnonPages', node('NR_ANON_MAPPED'))
  kb('Mapped', node('NR_FILE_MAPPED'))
  kb('Shmem', node('NR_SHMEM'))
  kb('KReclaimable', sReclaimable + node('NR_KERNEL_MISC_RECLAIMABLE'))
  kb('Slab', sReclaimable + sUnreclaim)
  kb('SReclaimable', sReclaimable)
  kb('SUnreclaim', sUnreclaim)
  push('KernelStack', node('NR_KERNEL_STACK_KB'))
  kb('PageTables', node('NR_PAGETABLE'))
  kb('SecPageTables', node('NR_SECONDARY_PAGETABLE'))
  // Printed as 0 since NR_UNSTABLE_NFS went away (5.9); kept for the programs that parse it.
  kb('NFS_Unstable', 0)
  // NR_BOUNCE and NR_WRITEBACK_TEMP are gone in 6.18; the lines stay, printing 0.
  kb('Bounce', 0)
  kb('WritebackTmp', 0)
  kb('CommitLimit', vmCommitLimit(m))
  kb('Committed_AS', v.committedAs)
  push('VmallocTotal', VMALLOC_TOTAL_KB)
  kb('VmallocUsed', v.nr_vmalloc_pages)
  // Always 0 since 5.3: computing the largest free chunk was too costly to keep.
  kb('VmallocChunk', 0)
  kb('Percpu', m.percpuPages())
  kb('AnonHugePages', node('NR_ANON_THPS'))
  kb('ShmemHugePages', node('NR_SHMEM_THPS'))
  kb('ShmemPmdMapped', node('NR_SHMEM_PMDMAPPED'))
  kb('FileHugePages', node('NR_FILE_THPS'))
  kb('FilePmdMapped', node('NR_FILE_PMDMAPPED'))
  kb('Balloon', node('NR_BALLOON_PAGES'))
  count('HugePages_Total', hugeTotal)
  count('HugePages_Free', m.hugetlb.free_huge_pages)
  count('HugePages_Rsvd', m.hugetlb.resv_huge_pages)
  count('HugePages_Surp', m.hugetlb.surplus_huge_pages)
  push('Hugepagesize', HPAGE_SIZE_KB)
  push('Hugetlb', hugeTotal * HPAGE_SIZE_KB)
  // arch/x86/mm/pat/set_memory.c: arch_report_meminfo() prints direct_pages_count[].
  const dm = m.pgtables.directPages
  push('DirectMap4k', dm.pages4k * 4)
  push('DirectMap2M', dm.pages2M * 2048)
  return out
}

export function renderMeminfo(fields: readonly MeminfoField[]): string {
  return fields.map((f) => `${f.text}\n`).join('')
}

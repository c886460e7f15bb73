// Help text for every field of /proc/meminfo, in English and Simplified Chinese. The Meminfo
// pane shows it as the tooltip of a field name and in the field's ⓘ explanation, followed by
// `source`: the kernel function or counter the value comes from.
//
// The fields and their sources follow Linux 6.18 on x86-64: fs/proc/meminfo.c
// (meminfo_proc_show), mm/show_mem.c (si_meminfo, si_mem_available), mm/util.c
// (vm_commit_limit, vm_memory_committed), mm/hugetlb.c (hugetlb_report_meminfo) and
// arch/x86/mm/pat/set_memory.c (arch_report_meminfo: DirectMap*). The keys are the field names
// exactly as Linux prints them before the colon. Fields that this configuration does not print
// (HighTotal/HighFree, CmaTotal/CmaFree, HardwareCorrupted, Unaccepted, ShadowCallStack) have
// no entry; DirectMap1G has one because Linux prints it whenever 1 GiB direct mapping is on.
// Kernel identifiers stay untranslated in both languages.

export interface FieldHelp {
  en: string
  'zh-CN': string
  source: string
}

export const MEMINFO_FIELD_HELP: Readonly<Record<string, FieldHelp>> = Object.freeze({
  MemTotal: {
    en: 'Usable RAM: every page frame the kernel manages, i.e. physical RAM minus what firmware and the boot reserved (kernel image, struct page array, other memblock reservations). totalram_pages().',
    'zh-CN': '可用内存总量：内核管理的全部页框，即物理内存减去固件保留和启动阶段预留的部分（内核映像、struct page 数组及其他 memblock 预留）。来自 totalram_pages()。',
    source: 'si_meminfo(): totalram_pages()'
  },
  MemFree: {
    en: 'Page frames lying unused in the buddy allocator free lists right now (pages parked on the per-CPU lists are not included). A low MemFree is normal: Linux uses spare RAM as page cache.',
    'zh-CN': '此刻空闲、挂在伙伴系统空闲链表上的页框（暂存在每 CPU 页列表中的页不计入）。MemFree 偏低是正常的：Linux 会把空闲内存用作页缓存。',
    source: 'si_meminfo(): global_zone_page_state(NR_FREE_PAGES)'
  },
  MemAvailable: {
    en: 'Estimate of the memory new programs could still get without swapping: free pages minus totalreserve_pages, plus the file page cache and the reclaimable kernel memory (SReclaimable and NR_KERNEL_MISC_RECLAIMABLE), each of the two minus min(half of itself, the sum of all zones’ low watermarks).',
    'zh-CN': '估算新程序在不触发交换的前提下还能获得多少内存：空闲页减去 totalreserve_pages，再加上文件页缓存和可回收的内核内存（SReclaimable 与 NR_KERNEL_MISC_RECLAIMABLE）；这两项各自先扣除 min(自身的一半, 所有内存区（zone）低水位线之和)。',
    source: 'si_mem_available()'
  },
  Buffers: {
    en: 'Page cache of raw block devices (the block-device inodes): mostly filesystem metadata read through buffer heads, plus data read directly from devices such as /dev/sda.',
    'zh-CN': '裸块设备（块设备 inode）的页缓存：主要是经 buffer head 读入的文件系统元数据，以及直接读取 /dev/sda 这类设备时缓存的数据。',
    source: 'si_meminfo(): nr_blockdev_pages()'
  },
  Cached: {
    en: 'Page cache of files: NR_FILE_PAGES minus SwapCached minus Buffers. It includes Shmem (tmpfs, shared memory), which cannot simply be dropped like clean file pages.',
    'zh-CN': '文件的页缓存：NR_FILE_PAGES 减去 SwapCached 和 Buffers。其中包含 Shmem（tmpfs、共享内存），这部分不能像干净的文件页那样直接丢弃。',
    source: 'global_node_page_state(NR_FILE_PAGES) - total_swapcache_pages() - nr_blockdev_pages()'
  },
  SwapCached: {
    en: 'Anonymous pages that are in RAM and also have a copy in swap (read back in, or on their way out). If unchanged, reclaim can drop them again without writing anything.',
    'zh-CN': '既在内存中、在交换区中也有副本的匿名页（已换回内存，或正在换出）。只要没有被修改，内存回收可以直接丢弃它们而无需再次写出。',
    source: 'total_swapcache_pages(): global_node_page_state(NR_SWAPCACHE)'
  },
  Active: {
    en: 'Pages on the active LRU lists, anonymous and file: used recently, so reclaim leaves them alone for now. Active(anon) + Active(file); with MGLRU the two youngest generations count as active.',
    'zh-CN': '活跃 LRU 链表上的页（匿名页和文件页）：最近被访问过，内存回收暂时不动它们。等于 Active(anon) + Active(file)；启用 MGLRU 时，最年轻的两代算作活跃。',
    source: 'global_node_page_state(NR_ACTIVE_ANON) + global_node_page_state(NR_ACTIVE_FILE)'
  },
  Inactive: {
    en: 'Pages on the inactive LRU lists, anonymous and file: not used recently, so they are the first candidates for reclaim. Inactive(anon) + Inactive(file).',
    'zh-CN': '非活跃 LRU 链表上的页（匿名页和文件页）：最近没有被访问，是内存回收的首选对象。等于 Inactive(anon) + Inactive(file)。',
    source: 'global_node_page_state(NR_INACTIVE_ANON) + global_node_page_state(NR_INACTIVE_FILE)'
  },
  'Active(anon)': {
    en: 'Recently used anonymous pages (heap, stack, copy-on-write copies) and shmem/tmpfs pages, which live on the anonymous LRU. Reclaiming them needs swap.',
    'zh-CN': '最近被访问过的匿名页（堆、栈、写时复制产生的副本），以及同样挂在匿名 LRU 上的 shmem/tmpfs 页。回收它们需要交换区。',
    source: 'global_node_page_state(NR_ACTIVE_ANON)'
  },
  'Inactive(anon)': {
    en: 'Anonymous and shmem pages not used recently: the pages reclaim would swap out first.',
    'zh-CN': '最近没有被访问的匿名页和 shmem 页：内存回收会最先把它们交换出去。',
    source: 'global_node_page_state(NR_INACTIVE_ANON)'
  },
  'Active(file)': {
    en: 'File-backed page-cache pages used recently (typically accessed more than once), so reclaim keeps them for now.',
    'zh-CN': '最近被访问过（通常不止一次）的文件页缓存，内存回收暂时保留它们。',
    source: 'global_node_page_state(NR_ACTIVE_FILE)'
  },
  'Inactive(file)': {
    en: 'File pages not used recently, where newly read file data usually starts. Clean ones can be dropped cheaply; dirty ones must be written back first.',
    'zh-CN': '最近没有被访问的文件页，新读入的文件数据通常先放在这里。干净的页可以低成本地丢弃，脏页必须先写回。',
    source: 'global_node_page_state(NR_INACTIVE_FILE)'
  },
  Unevictable: {
    en: 'Pages reclaim must not evict, kept on the unevictable LRU: mlock()ed memory, ramfs files, SHM_LOCKed shared memory and other unevictable mappings.',
    'zh-CN': '内存回收不得换出或丢弃的页，挂在 unevictable LRU 上：mlock() 锁定的内存、ramfs 文件、SHM_LOCK 的共享内存以及其他不可回收的映射。',
    source: 'global_node_page_state(NR_UNEVICTABLE)'
  },
  Mlocked: {
    en: 'Pages locked into RAM by mlock(), mlockall() or MAP_LOCKED, i.e. mapped by a VM_LOCKED VMA. Normally a subset of Unevictable.',
    'zh-CN': '被 mlock()、mlockall() 或 MAP_LOCKED 锁定在内存中的页，即由带 VM_LOCKED 的虚拟内存区域（VMA）映射的页。通常是 Unevictable 的一部分。',
    source: 'global_zone_page_state(NR_MLOCK)'
  },
  SwapTotal: {
    en: 'Total size of all enabled swap areas (swap partitions and swap files).',
    'zh-CN': '所有已启用的交换区（交换分区和交换文件）的总大小。',
    source: 'si_swapinfo(): total_swap_pages + nr_to_be_unused'
  },
  SwapFree: {
    en: 'Swap space not in use, counting the slots of a swap area that swapoff is still emptying.',
    'zh-CN': '尚未使用的交换空间，包括正在被 swapoff 清空的交换区中的槽位。',
    source: 'si_swapinfo(): nr_swap_pages + nr_to_be_unused'
  },
  Zswap: {
    en: 'RAM used by the zswap compressed pool: pages being swapped out are compressed and kept in memory instead of being written to the swap device.',
    'zh-CN': 'zswap 压缩池占用的内存：被换出的页经压缩后留在内存中，而不是写入交换设备。',
    source: 'zswap_total_pages()'
  },
  Zswapped: {
    en: 'Uncompressed size of the pages currently stored in zswap; Zswapped divided by Zswap is the compression ratio.',
    'zh-CN': '当前存放在 zswap 中的页在压缩前的大小；Zswapped 除以 Zswap 就是压缩比。',
    source: 'atomic_long_read(&zswap_stored_pages)'
  },
  Dirty: {
    en: 'File pages modified in memory and not yet written back to their file on disk.',
    'zh-CN': '在内存中被修改、尚未写回磁盘文件的文件页。',
    source: 'global_node_page_state(NR_FILE_DIRTY)'
  },
  Writeback: {
    en: 'Pages whose write-out (to a file, to swap, or to an NFS server) is in progress right now.',
    'zh-CN': '此刻正在写出（写回文件、写入交换区或发往 NFS 服务器）的页。',
    source: 'global_node_page_state(NR_WRITEBACK)'
  },
  AnonPages: {
    en: 'Anonymous pages mapped into user page tables: heap, stack and private copies made by copy-on-write. shmem/tmpfs pages are not counted here.',
    'zh-CN': '映射在用户页表中的匿名页：堆、栈以及写时复制产生的私有副本。shmem/tmpfs 页不计入此项。',
    source: 'global_node_page_state(NR_ANON_MAPPED)'
  },
  Mapped: {
    en: 'File-backed pages, shmem included, that are mapped into some process page tables with mmap(), e.g. program code and shared libraries.',
    'zh-CN': '通过 mmap() 映射进某个进程页表的文件页（包括 shmem），例如程序代码和共享库。',
    source: 'global_node_page_state(NR_FILE_MAPPED)'
  },
  Shmem: {
    en: 'Shared memory: tmpfs files, System V and POSIX shared memory, memfd and shared anonymous mappings. It is part of Cached but is backed by swap, so reclaim cannot simply drop it.',
    'zh-CN': '共享内存：tmpfs 文件、System V 与 POSIX 共享内存、memfd 以及共享匿名映射。它计入 Cached，但以交换区为后备存储，内存回收不能直接丢弃。',
    source: 'si_meminfo(): global_node_page_state(NR_SHMEM)'
  },
  KReclaimable: {
    en: 'Kernel memory the kernel can reclaim under memory pressure: SReclaimable plus other allocations accounted as NR_KERNEL_MISC_RECLAIMABLE. Usually equal to SReclaimable.',
    'zh-CN': '内存紧张时内核可以回收的内核内存：SReclaimable 加上其他记为 NR_KERNEL_MISC_RECLAIMABLE 的分配。通常与 SReclaimable 相等。',
    source: 'global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B) + global_node_page_state(NR_KERNEL_MISC_RECLAIMABLE)'
  },
  Slab: {
    en: 'All memory held by the slab caches (kmalloc, dentry, inode, task_struct and so on): SReclaimable + SUnreclaim.',
    'zh-CN': '所有 slab 缓存（kmalloc、dentry、inode、task_struct 等）占用的内存：SReclaimable + SUnreclaim。',
    source: 'global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B) + global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)'
  },
  SReclaimable: {
    en: 'Slab pages of caches marked SLAB_RECLAIM_ACCOUNT, such as the dentry and inode caches, which shrinkers can free under pressure; objects still in use cannot be freed.',
    'zh-CN': '标记为 SLAB_RECLAIM_ACCOUNT 的 slab 缓存（如 dentry、inode 缓存）所占的页，内存紧张时可由 shrinker 释放；仍在使用的对象无法释放。',
    source: 'global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B)'
  },
  SUnreclaim: {
    en: 'Slab pages that memory pressure cannot reclaim: most kmalloc memory and kernel objects such as task_struct and mm_struct.',
    'zh-CN': '内存紧张时也无法回收的 slab 页：大部分 kmalloc 内存以及 task_struct、mm_struct 等内核对象。',
    source: 'global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)'
  },
  KernelStack: {
    en: 'Kernel stacks of all threads, THREAD_SIZE (16 KiB on x86-64) each; with CONFIG_VMAP_STACK they are vmalloc allocations. The counter is kept in kB.',
    'zh-CN': '所有线程的内核栈，每个 THREAD_SIZE（x86-64 上为 16 KiB）；启用 CONFIG_VMAP_STACK 时由 vmalloc 分配。该计数器直接以 kB 为单位。',
    source: 'global_node_page_state(NR_KERNEL_STACK_KB)'
  },
  PageTables: {
    en: 'Pages used for page tables (all levels, PGD down to PTE), mainly those that map user address spaces. More processes and larger mappings mean more page tables.',
    'zh-CN': '用作页表（从 PGD 到 PTE 的各级）的页，主要是映射用户地址空间的页表。进程越多、映射越大，页表就越多。',
    source: 'global_node_page_state(NR_PAGETABLE)'
  },
  SecPageTables: {
    en: 'Secondary page tables, which the CPU does not use for ordinary processes: KVM guest page tables (EPT/NPT) and IOMMU page tables. 0 without VMs or IOMMU mappings.',
    'zh-CN': '二级页表，即 CPU 不用于普通进程的页表：KVM 客户机页表（EPT/NPT）和 IOMMU 页表。没有虚拟机或 IOMMU 映射时为 0。',
    source: 'global_node_page_state(NR_SECONDARY_PAGETABLE)'
  },
  NFS_Unstable: {
    en: 'Always 0. NFS pages sent to the server but not yet committed to its stable storage are now counted in Writeback.',
    'zh-CN': '恒为 0。已发往 NFS 服务器、但尚未提交到其稳定存储的页，现在计入 Writeback。',
    source: 'constant 0 (NR_UNSTABLE_NFS removed)'
  },
  Bounce: {
    en: 'Always 0 in 6.18. It used to count block-layer bounce buffers (low-memory copies for devices that cannot reach high addresses); that code and NR_BOUNCE were removed.',
    'zh-CN': '在 6.18 中恒为 0。它过去统计块层的 bounce 缓冲区（为无法访问高地址的设备准备的低端内存副本）；相关代码和 NR_BOUNCE 已被移除。',
    source: 'constant 0 (NR_BOUNCE removed)'
  },
  WritebackTmp: {
    en: 'Always 0 in 6.18. It used to count the temporary pages FUSE wrote back through; FUSE no longer uses them and NR_WRITEBACK_TEMP was removed.',
    'zh-CN': '在 6.18 中恒为 0。它过去统计 FUSE 回写时使用的临时页；FUSE 已不再使用它们，NR_WRITEBACK_TEMP 也已被移除。',
    source: 'constant 0 (NR_WRITEBACK_TEMP removed)'
  },
  CommitLimit: {
    en: 'The ceiling for Committed_AS, enforced only in strict mode (vm.overcommit_memory=2): (MemTotal minus hugetlb pages) × vm.overcommit_ratio / 100 + swap, or vm.overcommit_kbytes + swap when that is set.',
    'zh-CN': 'Committed_AS 的上限，仅在严格模式（vm.overcommit_memory=2）下强制执行：(MemTotal 减去 hugetlb 页) × vm.overcommit_ratio / 100 + 交换区大小；若设置了 vm.overcommit_kbytes，则为该值 + 交换区大小。',
    source: 'vm_commit_limit()'
  },
  Committed_AS: {
    en: 'Memory that processes have been promised (private writable mappings, heap, stacks charged with VM_ACCOUNT): the RAM + swap needed if every such page were touched.',
    'zh-CN': '已经承诺给进程的内存（带 VM_ACCOUNT 记账的私有可写映射、堆、栈等）：如果这些页全部被访问，所需的内存加交换空间。',
    source: 'vm_memory_committed(): percpu_counter_sum_positive(&vm_committed_as)'
  },
  VmallocTotal: {
    en: 'Size of the kernel vmalloc virtual address range, VMALLOC_END − VMALLOC_START (32 TiB with 4-level paging). It is address space, not RAM.',
    'zh-CN': '内核 vmalloc 虚拟地址范围的大小，即 VMALLOC_END − VMALLOC_START（4 级分页时为 32 TiB）。这是地址空间，不是物理内存。',
    source: 'VMALLOC_TOTAL'
  },
  VmallocUsed: {
    en: 'Page frames backing vmalloc() allocations: kernel modules, vmalloc-ed kernel stacks, large kernel buffers. ioremap() areas are not counted.',
    'zh-CN': '为 vmalloc() 分配提供后备的页框：内核模块、由 vmalloc 分配的内核栈、大块内核缓冲区等。ioremap() 区域不计入。',
    source: 'vmalloc_nr_pages()'
  },
  VmallocChunk: {
    en: 'Always 0. It used to show the largest free block of the vmalloc area, which was too expensive to compute.',
    'zh-CN': '恒为 0。它过去显示 vmalloc 区域中最大的空闲块，但计算代价太高。',
    source: 'constant 0'
  },
  Percpu: {
    en: 'Memory backing the per-CPU allocator: the chunks that hold alloc_percpu() variables, one copy for every CPU.',
    'zh-CN': '每 CPU 分配器占用的内存：存放 alloc_percpu() 变量的 chunk，每个 CPU 各有一份副本。',
    source: 'pcpu_nr_pages()'
  },
  AnonHugePages: {
    en: 'Anonymous memory backed by PMD-sized (2 MiB) transparent huge pages; smaller mTHP folios are not counted. Already included in AnonPages.',
    'zh-CN': '由 PMD 大小（2 MiB）的透明大页承载的匿名内存；更小的 mTHP folio 不计入。这部分已包含在 AnonPages 中。',
    source: 'global_node_page_state(NR_ANON_THPS)'
  },
  ShmemHugePages: {
    en: 'shmem/tmpfs memory allocated as PMD-sized transparent huge pages, whether mapped by a process or not.',
    'zh-CN': '以 PMD 大小透明大页分配的 shmem/tmpfs 内存，无论是否被进程映射。',
    source: 'global_node_page_state(NR_SHMEM_THPS)'
  },
  ShmemPmdMapped: {
    en: 'shmem huge pages that user space maps with a single PMD entry, one page-table entry covering 2 MiB.',
    'zh-CN': '用户空间用单个 PMD 表项映射的 shmem 大页，即一个页表项覆盖 2 MiB。',
    source: 'global_node_page_state(NR_SHMEM_PMDMAPPED)'
  },
  FileHugePages: {
    en: 'Page cache of regular files held in PMD-sized huge folios.',
    'zh-CN': '以 PMD 大小的大 folio 存放的普通文件页缓存。',
    source: 'global_node_page_state(NR_FILE_THPS)'
  },
  FilePmdMapped: {
    en: 'File huge pages that user space maps with a single PMD entry.',
    'zh-CN': '用户空间用单个 PMD 表项映射的文件大页。',
    source: 'global_node_page_state(NR_FILE_PMDMAPPED)'
  },
  Balloon: {
    en: 'Pages a balloon driver (virtio-balloon, VMware, Hyper-V) has taken from this guest and handed back to the hypervisor. 0 on bare metal.',
    'zh-CN': '气球驱动（virtio-balloon、VMware、Hyper-V）从本客户机取走并归还给虚拟机监控程序的页。物理机上为 0。',
    source: 'global_node_page_state(NR_BALLOON_PAGES)'
  },
  HugePages_Total: {
    en: 'Number of default-size huge pages in the hugetlbfs pool (a count, not kB), set with vm.nr_hugepages. Pool pages are taken from normal RAM and serve nothing else.',
    'zh-CN': 'hugetlbfs 池中默认大小大页的数量（是个数，不是 kB），由 vm.nr_hugepages 设置。池中的页取自普通内存，不作他用。',
    source: 'hugetlb_report_meminfo(): default_hstate.nr_huge_pages'
  },
  HugePages_Free: {
    en: 'Huge pages in the pool not yet handed to any mapping (a count). Reserved ones are still included.',
    'zh-CN': '池中尚未分给任何映射的大页数量。已预留的大页仍计入其中。',
    source: 'hugetlb_report_meminfo(): default_hstate.free_huge_pages'
  },
  HugePages_Rsvd: {
    en: 'Huge pages promised to mappings by mmap() or shmget() but not yet faulted in: still counted in HugePages_Free, yet already spoken for.',
    'zh-CN': '已由 mmap() 或 shmget() 承诺给映射、但尚未因缺页异常而实际分配的大页：仍计入 HugePages_Free，但已被预定。',
    source: 'hugetlb_report_meminfo(): default_hstate.resv_huge_pages'
  },
  HugePages_Surp: {
    en: 'Surplus huge pages allocated beyond vm.nr_hugepages (up to vm.nr_overcommit_hugepages); they go back to the buddy allocator when freed.',
    'zh-CN': '超出 vm.nr_hugepages 额外分配的大页（最多 vm.nr_overcommit_hugepages 个）；释放后归还给伙伴系统。',
    source: 'hugetlb_report_meminfo(): default_hstate.surplus_huge_pages'
  },
  Hugepagesize: {
    en: 'Size of the default huge page: 2048 kB on x86-64 unless the boot option default_hugepagesz=1G is given.',
    'zh-CN': '默认大页的大小：x86-64 上为 2048 kB，除非启动参数指定 default_hugepagesz=1G。',
    source: 'hugetlb_report_meminfo(): huge_page_size(&default_hstate) / SZ_1K'
  },
  Hugetlb: {
    en: 'Memory in the hugetlb pools of all page sizes (2 MiB and 1 GiB), in kB: nr_huge_pages × page size summed over every hstate.',
    'zh-CN': '所有页大小（2 MiB 和 1 GiB）的 hugetlb 池占用的内存，单位 kB：每个 hstate 的 nr_huge_pages × 页大小之和。',
    source: 'hugetlb_report_meminfo(): sum of huge_page_size(h) * h->nr_huge_pages'
  },
  DirectMap4k: {
    en: 'Part of the direct map (the kernel mapping of all RAM at PAGE_OFFSET) mapped with 4 KiB page-table entries. It grows when set_memory_*() splits a large page to change the permissions of a small range.',
    'zh-CN': '直接映射区（内核在 PAGE_OFFSET 处对全部物理内存的映射）中用 4 KiB 页表项映射的部分。当 set_memory_*() 为修改一小段内存的权限而拆分大页时，它会增大。',
    source: 'arch_report_meminfo(): direct_pages_count[PG_LEVEL_4K] << 2'
  },
  DirectMap2M: {
    en: 'Part of the direct map mapped with 2 MiB PMD entries. Fewer, larger entries mean fewer TLB misses.',
    'zh-CN': '直接映射区中用 2 MiB PMD 表项映射的部分。表项越少越大，TLB 未命中就越少。',
    source: 'arch_report_meminfo(): direct_pages_count[PG_LEVEL_2M] << 11'
  },
  DirectMap1G: {
    en: 'Part of the direct map mapped with 1 GiB PUD entries. Printed only when direct_gbpages is on (the CPU supports 1 GiB pages and the kernel uses them).',
    'zh-CN': '直接映射区中用 1 GiB PUD 表项映射的部分。仅在 direct_gbpages 开启（CPU 支持 1 GiB 页且内核使用它）时才会输出。',
    source: 'arch_report_meminfo(): direct_pages_count[PG_LEVEL_1G] << 20'
  }
})

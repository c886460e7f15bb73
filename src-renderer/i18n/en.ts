// English UI strings. Kernel names stay kernel names (UI.md); /proc text is never translated.
import tlbMessages from './tlb'

export default {
  app: {
    title: 'VM Lab',
    tagline: 'Linux x86-64 memory management, simulated as kernel 6.18 does it'
  },
  pane: {
    console: {
      title: 'Console',
      header: 'Type VML: the simulated kernel answers as Linux 6.18 would.',
      info: 'Each line is one VML command (see the VML reference). `cat /proc/meminfo` prints the file exactly as Linux prints it; `machine ram=512M` boots a new machine. Tab completes command names, ↑/↓ walk the history, Ctrl+L clears.'
    },
    meminfo: {
      title: 'Meminfo',
      header: '/proc/meminfo, recomputed after every command.',
      info: 'Every field of Linux 6.18’s /proc/meminfo (fs/proc/meminfo.c). Δ is the change made by the last command; a changed row is marked until the next one. Hover a field for what it counts.'
    },
    frames: {
      title: 'Frame map',
      header: 'Every page frame of the machine, coloured by what its struct page says it is.',
      info: 'One cell per 4 KiB page frame, in rows of 512 frames (one 2 MiB pageblock per row). Free frames are grey, lighter as their buddy block is larger; pale blue frames wait on a per-CPU list. The stripe at the start of each row is the pageblock’s migratetype. Hover a cell for its struct page (flags, _refcount, _mapcount, order, owner), click to pin it, Esc to clear; wheel or +/− to zoom, drag to pan. Frames the last command changed are outlined.'
    },
    buddy: {
      title: 'Buddy allocator',
      header: 'free_area[0..10] of every zone: the buddy lists, the watermarks and the per-CPU lists.',
      info: 'Each zone keeps free blocks of 2^order pages on one list per order and migratetype (mm/page_alloc.c). An allocation splits the smallest block that fits; a free merges a block with its buddy at pfn ^ (1 << order). Orders 0–3 (and 9) pass through each CPU’s per-CPU lists, refilled and drained in batches: those pages are not in MemFree. Click an order to light its blocks in the frame map.'
    },
    slab: {
      title: 'Slab caches',
      header: 'The slab caches, as slabtop shows them; select one for its slabs.',
      info: 'SLUB carves objects of one size out of slabs of 2^order pages (mm/slub.c). Each CPU allocates from its own CPU slab; partially free slabs wait on per-CPU and per-node partial lists; full slabs are on no list. “active” is /proc/slabinfo’s count, which includes the free objects of CPU slabs; “allocated” is what is really handed out. Selecting a cache lights its slabs in the frame map.'
    },
    vmalloc: {
      title: 'Vmalloc',
      header: 'The vmalloc range: busy areas, unpurged ones, free ones, and the free tree.',
      info: 'vmalloc() takes the lowest free range that fits (plus a guard page) from free_vmap_area_root, an rb-tree where each node knows the largest free block in its subtree (subtree_max_size), and maps one order-0 page per page through the kernel page tables (mm/vmalloc.c). vfree() frees the pages at once; the range waits, “unpurged”, until enough have piled up. Select an area to light its pages in the frame map.'
    },
    processes: {
      title: 'Processes',
      header: 'The tasks of the machine and the mm_struct each runs on; click a process to make it current.',
      info: 'Each task is a task_struct (kernel/fork.c). A process owns an mm_struct, its address space: mm_users counts the tasks that share it, mm_count the references that keep the structure itself alive (all users together hold one). A kernel thread has no mm (—): it runs on the last process’s, its active_mm, so that switching to it reloads no CR3. VmSize and VmRSS are those of /proc/PID/status (task_mem()); map_count is the number of VMAs. CPU is where the task runs or last ran, min_flt and maj_flt its page faults (/proc/PID/stat). The current process is the one the VMA pane shows: a process command makes its target current, and clicking a row picks another.'
    },
    vma: {
      title: 'VMAs',
      header: 'The current process’s address space: its VMAs, the maple tree that holds them, its mm_struct.',
      info: 'Each mapping of a process is a vm_area_struct: a range [vm_start, vm_end) with one set of permissions and one backing, a file from vm_pgoff on or anonymous memory. The mm_struct keeps its VMAs in a maple tree (mm->mm_mt, lib/maple_tree.c), a B-tree of ranges: leaves hold VMAs and the gaps between them, and each arange node records the largest gap below each child, so that mmap finds room without visiting every VMA. mmap adds a VMA or grows a neighbour (mm/vma.c), mprotect and munmap split VMAs (__split_vma()) and merge them back. The strip draws the address space with its gaps, the table is /proc/PID/maps marked with what the last command did.'
    },
    pagetable: {
      title: 'Page tables',
      header: 'The current process’s page tables: the walk of one address, the tables it has, its mapped pages.',
      info: 'x86-64 translates a user address through four levels of tables, each a 4 KiB frame of 512 eight-byte entries: CR3 holds the PGD’s frame, and bits 47–39, 38–30, 29–21 and 20–12 of the address index the PGD, PUD, PMD and PTE tables; bits 11–0 are the offset in the page. An entry holds the next frame and its bits (P present, RW writable, US user, A accessed, D dirty, NX no-execute…). Linux allocates a table at the first fault under it (__pte_alloc()) and frees tables only with the mapping (free_pgtables()); VmPTE counts the PUD, PMD and PTE tables. Under PTI user mode runs on a second copy of the PGD. The pagemap lists each mapped page as /proc/PID/pagemap describes it. Click a pfn to light its frame in the frame map.'
    },
    tlb: tlbMessages.en.tlb.pane,
    reference: {
      title: 'VML reference',
      header: 'The commands this version simulates, and their Linux counterparts.',
      info: 'VML is the lab’s script language: the console, lab files and `vmlab run` all speak it. Commands of the full language not simulated yet are listed at the bottom.'
    }
  },
  console: {
    placeholder: 'VML command, e.g. cat /proc/meminfo — Tab completes, ↑/↓ history',
    run: 'Run',
    cancel: 'Cancel',
    clear: 'Clear',
    welcome: 'VM Lab — a simulated Linux 6.18 x86-64 machine. Try `cat /proc/meminfo`, `machine ram=512M`, or `help`.',
    completions: 'Completions: {list}',
    noCompletion: 'No command starts with “{prefix}”.',
    restarted: 'The engine stopped ({reason}) and was restarted; {replayed} session steps were replayed.',
    lost: 'The command that was running was lost: {line}',
    script: 'Running a script of {n} lines… (Esc cancels) | Running a script of 1 line… | Running a script of {n} lines… (Esc cancels)',
    scriptCancelled: 'Cancelled after {ran} of {total} lines; what ran stays done.',
    scriptTooLong: 'A script may hold at most {max} characters; split it into parts.',
    cancelled: 'Cancelled.',
    disconnected: 'Not connected to the engine.',
    syntaxHint: 'Type `help` for the commands, or `help COMMAND` for one.'
  },
  meminfo: {
    field: 'Field',
    value: 'Value',
    human: 'Size',
    delta: 'Δ',
    changed: 'changed by the last command',
    unchanged: 'no change',
    noData: 'Waiting for the engine…',
    changedCount: '{n} fields changed by the last command | {n} field changed by the last command | {n} fields changed by the last command',
    nothingChanged: 'The last command changed nothing here.'
  },
  frames: {
    summary: '{frames} frames · {zones}',
    changed: 'no frame changed | 1 frame changed by the last command | {n} frames changed by the last command',
    regrouped: '{n} free frames in split or merged blocks | 1 free frame in a split or merged block | {n} free frames in split or merged blocks',
    regroupedHelp: 'Free frames that stayed free but now belong to a block of another order: the buddy allocator split a block to serve the command, or merged freed buddies.',
    migratetypes: 'migratetypes',
    goto: 'go to pfn',
    gotoHelp: 'A pfn in decimal or 0x hex; Enter pins it and zooms to it.',
    gotoBad: 'Not a pfn of this machine: 0 to {max}, decimal or 0x hex.',
    zoomIn: 'Zoom in (+)',
    zoomOut: 'Zoom out (−)',
    fit: 'Fit',
    highlighting: 'order-{order} blocks in {zone}',
    allZones: 'all zones',
    clear: 'Clear the highlight',
    clickToPin: 'Click to pin; Esc clears.',
    unpin: 'Unpin',
    pfn: 'pfn',
    phys: 'physical address',
    zone: 'zone',
    use: 'use',
    order: 'buddy order',
    pages: 'pages',
    compound: 'compound page',
    pageblock: 'pageblock',
    owner: 'owner',
    legend: {
      hole: 'hole (no RAM)',
      free: 'free (buddy)',
      pcp: 'per-CPU list',
      allocated: 'alloc_pages',
      reserved: 'reserved / kernel',
      kernel: 'kernel image',
      memmap: 'memmap (struct page)',
      percpu: 'per-CPU area',
      bootmem: 'boot allocation',
      pagetable: 'page table',
      slab: 'slab',
      anon: 'anonymous',
      file: 'page cache',
      shmem: 'shmem',
      vmalloc: 'vmalloc',
      kstack: 'kernel stack',
      zero: 'zero page',
      swapcache: 'swap cache'
    },
    legendHelp: {
      free: 'On a buddy free list (PageBuddy on the block’s first frame). Lighter grey: a larger block.',
      pcp: 'Free, but parked on a CPU’s per-CPU list: not counted in MemFree.',
      allocated: 'Handed out by alloc_pages and not freed yet.',
      reserved: 'Kept by the boot: the first MiB, the kernel image, the memmap, per-CPU areas, early page tables (PG_reserved).',
      pagetable: 'A page-table page (PGD/PUD/PMD/PTE).',
      slab: 'A slab page of a kmem_cache.',
      anon: 'Anonymous user memory.',
      file: 'Page cache of a file.',
      shmem: 'Shared memory (tmpfs, MAP_SHARED anonymous).',
      vmalloc: 'A page behind a vmalloc area.',
      kstack: 'A kernel stack.',
      zero: 'The shared zero page.',
      swapcache: 'In the swap cache.'
    }
  },
  buddy: {
    zone: 'Zone {name}',
    free: '{free} free pages ({size}) of {managed} managed',
    wmarkHelp: 'Free pages against the zone’s watermarks (red ticks: min, low, high). The first third of the gauge (up to the dashed line) spans 0 to twice the high watermark, the rest up to the managed pages. Below low kswapd wakes; below min only reserve users may allocate.',
    order: 'order',
    orderHelp: 'Order {order}: blocks of {size}. Click to light them in the frame map.',
    tableLabel: 'Free blocks per order in zone {name}',
    histogram: 'Free memory per order',
    histogramCaption: 'Free memory per order (pages), stacked by migratetype',
    barHelp: 'Order {order}: {blocks} free blocks, {size}',
    pageblocks: 'Pageblocks:',
    pcp: 'per-CPU lists',
    lists: 'lists (U/M/R)',
    pcpLabel: 'Per-CPU lists of zone {name}',
    empty: 'empty'
  },
  slab: {
    cache: 'cache',
    allocated: 'allocated',
    memory: 'memory',
    activeHelp: '/proc/slabinfo active_objs: all objects except those free on node partial slabs',
    allocatedHelp: 'objects really handed out and not freed',
    showEmpty: 'show empty caches ({n} in all)',
    empty: 'No cache has slabs yet: try kmalloc 100.',
    lit: 'slabs of {name}',
    geometry: '{size}-byte objects, {objects} per slab of {pages} page(s) (order {order}); min_partial {min}, up to {cpu} slabs on a CPU partial list.',
    noSlabs: 'No slabs: the cache is empty.',
    bitmapHelp: '{used} of {objects} objects allocated (green)',
    place: {
      cpu: 'CPU slab of cpu {cpu}',
      'cpu-partial': 'cpu {cpu} partial list',
      'node-partial': 'node partial list',
      full: 'full (no list)'
    }
  },
  vmalloc: {
    summary: '{used} pages in use (VmallocUsed) · {lazy} of {max} lazily freed pages before a purge · {purges} purges',
    range: 'range',
    size: 'size',
    kind: 'what',
    busy: 'vmalloc, {pages} pages',
    unpurged: 'unpurged (freed, range not yet returned)',
    free: 'free',
    lit: 'pages of {start}',
    pages: '{n} pages (pfns, in address order):',
    walk: 'The first page’s walk through init_mm (CR3 → PGD → PUD → PMD → PTE):',
    tree: 'free_vmap_area_root: free ranges and subtree_max_size (red nodes outlined red)'
  },
  processes: {
    summary: 'no processes | 1 process | {n} processes',
    kthreads: 'no kernel threads | 1 kernel thread | {n} kernel threads',
    stateHelp: 'State, as /proc/PID/status prints it: R running, S sleeping, Z zombie…',
    mmHelp: 'The mm_struct the task owns (a slab object); a kernel thread has none and shows the active_mm it borrows.',
    usersHelp: 'mm_users: tasks sharing the address space (threads, vfork children).',
    countHelp: 'mm_count: references to the mm_struct itself; all users together hold one, a kernel thread borrowing it another.',
    vmSizeHelp: 'VmSize: total_vm, all mapped pages (/proc/PID/status).',
    vmRssHelp: 'VmRSS: resident set size, the pages present in memory (/proc/PID/status).',
    mapCountHelp: 'map_count: the number of VMAs.',
    cpuHelp: 'The CPU the task runs on, or last ran on (task_cpu(), /proc/PID/stat processor). `run NAME cpu=N` moves it.',
    cpuRunning: 'Running on CPU {cpu}.',
    cpuLast: 'Last ran on CPU {cpu}.',
    minFltHelp: 'min_flt: page faults the kernel handled without reading anything (a new zeroed page, the zero page, copy-on-write, a page already in the page cache) (/proc/PID/stat).',
    majFltHelp: 'maj_flt: page faults that had to read the page in from the file (/proc/PID/stat).',
    activeMmHelp: 'A kernel thread has no mm; it runs on a borrowed one, active_mm {mm}.',
    handleHelp: 'The VML name of this process: `{handle}: mmap 64K rw` runs a command in it.',
    isCurrent: 'The current process: the VMA pane shows it.',
    pick: 'Click to make this process the current one.',
    new: 'new',
    exited: 'exited',
    empty: 'No process yet: {spawn} in the console creates one.'
  },
  vma: {
    empty: 'No current process. {spawn} in the console creates one; {mmap} then maps 64 KiB of anonymous memory in it.',
    noVmas: 'This address space has no VMA.',
    count: 'no VMAs | 1 VMA | {n} VMAs',
    mapped: '{size} mapped',
    changedCount: '{n} changed by the last command | 1 changed by the last command | {n} changed by the last command',
    pages: 'pages',
    pagesN: '{n} pages | {n} page | {n} pages',
    strip: {
      caption: 'Address space',
      scale: 'Scale',
      log: 'log',
      linear: 'linear',
      logHelp: 'Logarithmic: each VMA and each gap is as wide as the logarithm of its size, so that a 4 KiB mapping stays visible beside a 40 TiB gap.',
      linearHelp: 'Linear: widths in proportion to size, from the lowest VMA to the highest. Nearly all of the address space is empty.',
      legend: 'VMA kinds',
      gap: 'unmapped',
      hint: 'Hover a VMA for its range; click to select it (Esc clears).',
      beyond: 'above TASK_SIZE, not drawn: {names}',
      beyondHelp: 'The strip spans the user address space, 0 to TASK_SIZE. [vsyscall] is the gate VMA: the kernel maps it at a fixed address in the top of the address space for every process; it is in /proc/PID/maps but not in the mm’s maple tree.'
    },
    kind: {
      file: 'file-backed',
      anon: 'anonymous',
      heap: 'heap',
      stack: 'stack',
      shmem: 'shmem',
      special: 'vdso / vvar'
    },
    change: {
      new: 'new',
      split: 'split',
      merged: 'merged',
      changed: 'changed',
      removed: 'removed'
    },
    changeHelp: {
      new: 'Created by the last command.',
      split: 'Split by the last command (__split_vma()): this piece kept or got new flags.',
      merged: 'Merged with a neighbour by the last command (vma_merge_*()).',
      changed: 'Changed by the last command (flags, range or backing).',
      removed: 'Removed by the last command: this range is no longer mapped.'
    },
    maps: {
      changeHelp: 'What the last command did to the VMA',
      removed: 'removed by the last command'
    },
    detail: {
      title: 'vm_area_struct',
      unpin: 'Unpin',
      pgoffFile: 'pages into the file: offset {offset}',
      pgoffAnon: 'for anonymous memory: the virtual page number of vm_start (or of the VMA it was split from)',
      noFile: 'anonymous memory',
      special: 'a special mapping installed by the kernel (_install_special_mapping())',
      noAnonVma: 'none yet: the first fault that needs one sets it up (anon_vma_prepare())'
    },
    tree: {
      title: 'Maple tree',
      caption: 'mm->mm_mt: height {height}, {nodes} maple_node objects',
      pathShown: 'the walk to the selected VMA is outlined',
      empty: 'The tree is empty: no VMA.',
      rootEntry: 'A single entry in the root pointer: {entry}',
      leaf: 'leaf',
      range: 'range',
      arange: 'arange',
      gap: 'gap',
      gapHelp: 'largest gap below this child',
      maxGap: 'the largest gap of the node (maxGapSlot)',
      pivot: 'pivot {i}: the last index of slot {i}',
      implied: 'no pivot stored: the slot ends at the node’s max'
    },
    mm: {
      cr3: '(what CR3 holds while it runs)',
      counters: 'counters',
      layout: 'layout',
      address: 'address',
      size: 'size',
      help: {
        mm_users: 'Tasks that use this address space.',
        mm_count: 'References to the mm_struct itself (the users together count one).',
        map_count: 'Number of VMAs.',
        total_vm: 'All mapped pages (VmSize).',
        data_vm: 'Private writable, non-stack pages (VmData).',
        exec_vm: 'Executable, non-writable pages (VmExe + VmLib).',
        stack_vm: 'Pages of VM_STACK mappings (VmStk).',
        locked_vm: 'mlock()ed pages (VmLck).',
        pinned_vm: 'Pages pinned by drivers or RDMA (VmPin).',
        hiwater_vm: 'The highest total_vm so far (VmPeak).',
        hiwater_rss: 'The highest RSS so far (VmHWM).'
      }
    }
  },
  pagetable: {
    empty: 'No current process. {spawn} in the console creates one; {mmap} maps memory in it, and {write} touches it: every page written gets a page table entry.',
    tablesHelp: 'Page tables per level (the PGD included).',
    size: '{size} (VmPTE {kb} kB)',
    sizeHelp: 'mm_pgtables_bytes(): the PUD, PMD and PTE tables, {bytes} bytes — /proc/PID/status VmPTE. The PGD is not counted.',
    pages: 'no pages mapped | 1 page mapped | {n} pages mapped',
    changedCount: '{n} pages changed by the last command | 1 page changed by the last command | {n} pages changed by the last command',
    unpin: 'Unpin the address',
    frame: 'pfn {pfn} (0x{hex}): click to light it in the frame map',
    lit: 'pfn {pfn} · {what}',
    walk: {
      title: 'Address walk',
      label: 'Virtual address',
      placeholder: '0x7fff_f7d6_2000',
      help: 'A user virtual address in hex (0x optional, _ allowed), or a page picked from the list or the pagemap.',
      bad: {
        syntax: 'Not a hex address: type one like 0x7ffff7d62000.',
        noncanonical: 'Not canonical: bits 63–48 must copy bit 47; the CPU raises #GP before any walk.',
        kernel: 'A kernel address: this pane holds the user half of the page tables; `translate ADDR` in the console walks the kernel half.'
      },
      split: 'The address as the MMU splits it',
      sign: 'sign',
      signCopies: '= bit 47',
      offset: 'offset',
      level: 'level',
      index: 'index',
      table: 'table',
      entry: 'entry',
      flags: 'flags',
      to: 'points to',
      cr3: 'the PGD user mode runs on',
      cr3Pti: 'Under PTI user mode runs on the PGD’s second page (pfn {user}), the kernel on the first (pfn {pgd}, mm->pgd). Both hold the same user entries, but the kernel’s copies carry NX, so that the kernel never runs user code (pti_set_user_pgtbl()).',
      kernelCopy: 'The kernel’s copy in mm->pgd (pfn {pgd}): {entry}, with NX',
      cr3NoPti: 'CR3 holds mm->pgd, the frame of the process’s PGD.',
      toTable: '{level} table',
      toPage: 'page frame',
      toHuge: '{size} page',
      missing: 'not present → page fault',
      protnone: 'PROTNONE: not present to the MMU → page fault',
      phys: 'physical address',
      formula: 'pfn {pfn} × 4096 + offset {offset}',
      faultAt: 'Page fault at the {level}: entry {index} is not present.',
      faultProtnone: 'Page fault at the PTE: the page is kept (PROT_NONE) but the MMU may not use it.',
      faultVma: 'The VMA {range} ({perms}) covers the address: handle_mm_fault() would allocate the missing tables and map a page.',
      faultAccess: 'The VMA {range} ({perms}) allows no access: SIGSEGV (SEGV_ACCERR).',
      faultNoVma: 'No VMA covers the address: SIGSEGV (SEGV_MAPERR).',
      zero: 'The shared zero page, mapped read-only: a write faults and gets a page of its own (copy-on-write).',
      lost: 'The entry points to pfn {pfn}, a table this view does not hold.',
      changed: 'changed by the last command'
    },
    tree: {
      title: 'Tables, PGD to PTE',
      caption: 'The populated tables, parents above children; each covers the range shown.',
      present: '{n} of {max} present',
      leaves: 'no pages | 1 page | {n} pages',
      huge: 'no huge pages | 1 huge page | {n} huge pages',
      new: 'new',
      newHelp: 'Allocated by the last command.',
      freed: 'Freed by the last command (free_pgtables(): no mapping left below them): | Freed by the last command (free_pgtables(): no mapping left below it): | Freed by the last command (free_pgtables(): no mapping left below them):',
      freedWhat: 'freed {level} table',
      onPath: 'on the walk',
      light: 'Light in the frame map',
      lightHelp: 'Light every page-table frame of this process in the frame map.',
      lit: 'page tables of pid {pid}',
      slot: '{level}[{index}] {va} → pfn {pfn}',
      perEntry: 'One entry covers {pte} in a PTE table, {pmd} in a PMD, {pud} in a PUD, {pgd} in the PGD.',
      grid: 'The 512 entries of this PTE table, 64 to a row; click a mapped one to walk it.'
    },
    pagemap: {
      title: 'pagemap',
      caption: 'Every mapped user page, as /proc/PID/pagemap describes it, with the bits of its PTE.',
      empty: 'No page is mapped: {write} faults pages in.',
      address: 'address',
      pfn: 'pfn',
      kind: 'kind',
      present: 'present',
      writable: 'writable',
      dirty: 'dirty',
      accessed: 'accessed',
      exclusive: 'exclusive',
      softDirty: 'soft-dirty',
      mapcount: 'mapcount',
      help: {
        present: 'Bit 63 of the pagemap entry: the page is in memory.',
        writable: 'RW of the PTE: a write goes through (otherwise it faults: copy-on-write, or SIGSEGV).',
        dirty: 'D of the PTE: written since it was mapped or cleaned.',
        accessed: 'A of the PTE: read or written since the bit was last cleared.',
        exclusive: 'Bit 56 of the pagemap entry: the page is mapped exclusively (PageAnonExclusive); no copy-on-write pending.',
        softDirty: 'Bit 55 of the pagemap entry: written since soft-dirty bits were last cleared.',
        mapcount: 'page_mapcount(): how many page tables map the frame (the zero page counts none).'
      },
      light: 'Light in the frame map',
      lightHelp: 'Light every mapped page of this process in the frame map.',
      lit: 'pages of pid {pid}',
      more: 'Show all {n} pages',
      inVma: 'in the selected VMA',
      change: { new: 'new', gone: 'gone', changed: 'changed' },
      changeHelp: {
        new: 'Mapped by the last command.',
        gone: 'Unmapped by the last command: no longer in the page tables.',
        changed: 'The last command changed its frame or its bits (marked).'
      },
      changeCol: 'What the last command did to the page',
      huge: '2 MiB page mapped by its PMD (a transparent huge page, or the huge zero page): one row for its 512 pages'
    },
    kind: { anon: 'anonymous', file: 'page cache', shmem: 'shmem', zero: 'zero page', kernel: 'kernel (vDSO)' },
    flag: {
      P: 'P: present',
      RW: 'RW: writable',
      US: 'US: user mode may access',
      PWT: 'PWT: write-through',
      PCD: 'PCD: cache disabled',
      A: 'A: accessed (the MMU sets it)',
      D: 'D: dirty (the MMU sets it on a write)',
      PS: 'PS: a huge page, no lower table',
      G: 'G: global, kept in the TLB across CR3 loads',
      SPECIAL: 'SPECIAL: software bit, no struct page refcounting (zero page, vDSO)',
      NX: 'NX: no execute',
      PROTNONE: 'PROTNONE: software bit, PROT_NONE page with P clear'
    }
  },
  reference: {
    command: 'Command',
    usage: 'Usage',
    linux: 'Linux',
    planned: 'Not simulated yet: {list}'
  },
  status: {
    machine: '{ram} RAM · {cpus} CPU | {ram} RAM · {cpus} CPU | {ram} RAM · {cpus} CPUs',
    swap: 'swap {size}',
    noSwap: 'no swap',
    process: 'process: {name}',
    noProcess: 'no process',
    cpu: 'CPU {n}',
    commands: 'no commands | 1 command | {n} commands',
    idle: 'idle',
    running: 'running',
    restarted: 'restarted',
    unsaved: 'unsaved changes',
    language: 'Language'
  },
  about: {
    title: 'About VM Lab',
    body: 'VM Lab {version} simulates Linux {linux} memory management for the classroom: struct page and the buddy allocator, SLUB and vmalloc, mm_struct and its maple tree of VMAs, page tables behind CR3 and the TLB.',
    host: 'Running in: {host}',
    close: 'Close'
  },
  menu: {
    later: 'Comes in a later version'
  },
  layout: {
    upgraded: 'This version adds panes (Frame map, Buddy allocator, Slab caches, Vmalloc, Processes, VMAs, Page tables): the layout was set to the new default.',
    invalid: 'The saved layout could not be restored; the default layout is used.',
    added: 'This version adds panes ({panes}): they were added to your layout as tabs.'
  },
  commands: {
    machine: 'Reset the simulated machine with these settings (the others keep their defaults) and boot it.',
    cat: 'Print a procfs file exactly as Linux 6.x prints it.',
    expect: 'Check a field of a procfs file or a variable; a failed check is reported and the script goes on.',
    help: 'List the commands, or show how to use one.',
    alloc_pages:
      'Allocate 2^ORDER contiguous page frames from the buddy allocator (orders 0–3 and 9 through the per-CPU lists) and print the first pfn. gfp= takes GFP flags joined by | (GFP_KERNEL|__GFP_ZERO|__GFP_COMP); zone= is the highest zone allowed.',
    free_pages: 'Free a block that alloc_pages returned; a wrong pfn or order is refused with the bad page state Linux would report.',
    kmalloc: 'Allocate SIZE bytes from the kmalloc caches (kmalloc-8 … kmalloc-8k: SLUB serves up to 8 KiB, two pages, from caches; larger sizes come straight from the page allocator) and print the pointer. kmalloc 0 returns ZERO_SIZE_PTR (0x10).',
    kfree: 'Free what kmalloc returned; a double free or a foreign pointer is reported as SLUB debugging reports it, and nothing changes.',
    kmem_cache_create: 'Create a slab cache and print its layout as SLUB computes it.',
    kmem_cache_alloc: 'Allocate one object from a slab cache.',
    kmem_cache_free: 'Free an object back to its cache.',
    vmalloc: 'Allocate virtually contiguous kernel memory from the vmalloc range, with a guard page; its pages are scattered order-0 frames.',
    vfree: 'Free a vmalloc area: the pages at once, the range after a lazy purge.',
    drain_pages: 'Give every CPU’s per-CPU page lists back to the buddy allocator, as drain_all_pages() does before compaction or memory offlining.'
  },
  tlb: tlbMessages.en.tlb
}

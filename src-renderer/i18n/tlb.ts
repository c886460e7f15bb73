// The TLB pane's strings, English and Simplified Chinese, under one `tlb` key each, to be merged
// into en.ts and zh-CN.ts. Kernel names (switch_mm_irqs_off(), tlb_gen, init_mm, CR3, PCID,
// ASID) stay as they are in both languages (UI.md); TLB stays TLB, 快表 on first mention.

const en = {
  tlb: {
    pane: {
      title: 'TLB',
      header: 'Every CPU’s TLB: what it runs, whose page tables CR3 holds, and the translations it caches.',
      info: 'A CPU does not walk the page tables for every access: its TLB (translation lookaside buffer) caches recent translations. Here it is a Skylake-class core’s: an L1 data TLB of 16 sets × 4 ways for 4 KiB pages and 8 × 4 for 2 MiB pages, and a second-level STLB of 128 sets × 12 ways; the low bits of the virtual page number choose the set, and the least recently used way makes room. A miss costs a page table walk. Loading CR3 at a context switch (switch_mm_irqs_off()) empties the TLB unless the machine has PCID: then entries are tagged with the ASID of their address space (6 per CPU) and survive the switch. A kernel thread has no mm and keeps the previous one loaded (lazy TLB). When a mapping changes, flush_tlb_mm_range() invalidates its pages here and sends IPIs to the other CPUs that may cache them (TLB shootdown). Hover a way for its entry, click to pin it (the Page tables pane walks its address), Esc clears.'
    },
    summary: {
      cpus: '{n} CPUs | 1 CPU | {n} CPUs',
      pcidOn: 'PCID on',
      pcidOff: 'no PCID',
      pcidOnHelp: 'PCID: every entry is tagged with the PCID of its address space, so a context switch keeps the entries of up to 6 address spaces per CPU (choose_new_asid()).',
      pcidOffHelp: 'No PCID: every CR3 load empties the TLB, so each context switch starts cold. `machine pcid=on` boots a machine with PCID.',
      ptiOn: 'PTI on',
      ptiOff: 'PTI off',
      ptiOnHelp: 'Page table isolation: user mode runs on its own copy of the PGD (the frame after the kernel’s), and with PCID its entries carry PCID bit 11 (2048 + ASID + 1).',
      ptiOffHelp: 'No page table isolation: user and kernel mode share one PGD and one PCID per ASID.',
      last: 'last command: lookups {lookups} · walks {walks} · flushes {flushes} · IPIs {ipis}'
    },
    empty: 'No CPU to show yet. Each CPU’s TLB appears here once the machine has booted: {machine} boots one with two CPUs, and {run} switches CPU 1 to a process.',
    overview: {
      title: 'All {n} CPUs',
      hint: 'tick a row to show its CPU below ({n} shown)',
      label: 'The CPUs at a glance',
      show: 'show',
      task: 'runs',
      flushes: 'flushes',
      ipisHelp: 'TLB shootdown IPIs sent / received (flush_tlb_multi()); Δ counts those received with the last command.',
      entries: 'entries',
      entriesHelp: 'Valid entries in the three arrays together.',
      toggle: 'Show CPU {cpu}',
      none: 'No CPU ticked: tick one in the table above to see its TLB.'
    },
    cpu: {
      idle: 'idle (swapper/{cpu})',
      kthread: 'kernel thread',
      kthreadHelp: 'A kernel thread has no mm of its own: it runs on whatever page tables are loaded (its active_mm).',
      initMm: 'init_mm (kernel only)',
      initMmHelp: 'The kernel’s own page tables (swapper_pg_dir): no user mapping, nothing of a process to cache.',
      pagesOf: '{owner}’s page tables',
      cr3Help: 'CR3 holds the PGD at pfn {pfn} (0x{hex}). Click to light the frame in the frame map.',
      cr3PtiHelp: 'CR3 holds the PGD at pfn {pfn} (0x{hex}) in kernel mode; under PTI user mode runs on the user copy at pfn {user}. Click to light the frame in the frame map.',
      pgdOf: 'the PGD in CR3 of CPU {cpu}',
      asidHelp: 'The ASID slot the loaded mm runs with: the entries it fills are tagged with its PCID.',
      asidNoPcidHelp: 'Without PCID every address space runs as ASID 0, and every CR3 load flushes.',
      lazy: 'lazy TLB',
      lazyHelp: 'Lazy TLB mode (enter_lazy_tlb()): a kernel thread runs here on the previous process’s page tables, without loading CR3. Their entries stay, but flush_tlb_mm_range() sends a lazy CPU no IPI unless page tables were freed: it flushes when it switches back, if the mm’s tlb_gen has moved on.',
      lazyNote: '{task} borrows the page tables of {owner}: the entries below are {owner}’s and may go stale; switching back to {owner} flushes them if its tlb_gen moved on.',
      fresh: 'No user process has run on this CPU yet: CR3 holds init_mm and the TLB is empty. {run} switches this CPU to p1.'
    },
    asid: {
      label: 'ASID slots of CPU {cpu}',
      slotHelp: 'The slot in cpu_tlbstate.ctxs[] (TLB_NR_DYN_ASIDS = 6).',
      pcidHelp: 'The PCID the slot’s entries are tagged with: kern_pcid() = ASID + 1.',
      pcidPtiHelp: 'The PCIDs the slot’s entries are tagged with: kern_pcid() = ASID + 1 in kernel mode / user_pcid(), the same with bit 11 (2048), in user mode under PTI.',
      owner: 'mm of',
      ownerHelp: 'Whose mm holds the slot (init_mm: the kernel’s).',
      ctxHelp: 'mm->context.ctx_id: every mm gets a new one, so a reused slot is never taken for its old owner.',
      genHelp: 'Up to which of the mm’s flushes (mm->context.tlb_gen) this slot’s entries are up to date.',
      state: 'state',
      free: 'free',
      gone: 'an exited process',
      loaded: 'loaded',
      loadedHelp: 'CR3 holds this ASID: the MMU uses these entries.',
      loadedLazyHelp: 'CR3 holds this ASID, lazily: a kernel thread runs on it.',
      behind: 'behind',
      behindHelp: 'Flushed up to tlb_gen {gen}, but CPU {other} has flushed this mm up to {newest}: entries here may be stale. switch_mm_irqs_off() flushes them before the mm runs here again.',
      noPcid: 'No PCID: one address space at a time. Every CR3 load empties the TLB, so there are no ASID slots to keep; {on} boots a machine with PCID.'
    },
    counters: {
      lookupsTitle: 'Lookups',
      kernelTitle: 'Flushes and switches',
      total: 'total',
      shareHelp: 'Share of all lookups since boot.',
      deltaHelp: 'What the last command added.',
      recent: 'The last command: {n} of {of} lookups ({pct})',
      lookups: 'lookups',
      l1Hits: 'L1 hits',
      stlbHits: 'STLB hits',
      misses: 'misses',
      walks: 'page walks',
      fullFlushes: 'full flushes',
      pageFlushes: 'page flushes',
      ipisSent: 'IPIs sent',
      ipisReceived: 'IPIs received',
      contextSwitches: 'context switches',
      help: {
        lookups: 'Translations asked of this CPU’s TLB by user accesses.',
        l1Hits: 'Found in the L1 dTLB (its 4 KiB or 2 MiB array): no delay.',
        stlbHits: 'Missed in L1, found in the STLB, which refills L1.',
        misses: 'In no array: the MMU walks the page tables.',
        walks: 'Page table walks (one per miss; a walk that faults is retried after the fault).',
        fullFlushes: 'Flushes of the whole TLB or of one ASID: a CR3 load without PCID, a new or out-of-date ASID, a range over tlb_single_page_flush_ceiling (33) pages.',
        pageFlushes: 'Single-page invalidations (invlpg; under PTI the user PCID’s too).',
        ipisSent: 'TLB shootdown IPIs this CPU sent to others (flush_tlb_multi()).',
        ipisReceived: 'TLB shootdown IPIs this CPU received and served (flush_tlb_func()).',
        contextSwitches: 'Context switches on this CPU (switch_mm_irqs_off()).'
      }
    },
    grid: {
      geometry: '{sets} sets × {ways} ways',
      usedHelp: '{n} of {of} ways hold a valid entry; + and − count what the last command filled and took out.',
      usedOnly: 'used sets only',
      showAll: 'all {n} sets',
      empty: {
        l1: 'Empty: no 4 KiB translation cached (a flush emptied it, or nothing ran here since).',
        l1Huge: 'Empty: only 2 MiB pages fill this array, and none is cached.',
        stlb: 'Empty: no translation cached.'
      },
      label: '{array} of CPU {cpu}',
      set: 'set',
      wayHelp: 'Way {way}',
      gap: 'sets {from}–{to}: empty ({n})',
      gapOne: 'set {set}: empty',
      fullHelp: 'Set {set} is full: the next fill here evicts its least recently used way.',
      emptyWay: 'Set {set}, way {way}: empty',
      goneMark: 'gone'
    },
    array: {
      l1: 'L1 dTLB · 4 KiB',
      l1Huge: 'L1 dTLB · 2 MiB',
      stlb: 'STLB'
    },
    entry: {
      where: 'CPU {cpu} · {array} · set {set} · way {way}',
      whereLocal: '{array} · set {set} · way {way}',
      va: 'page {va} ({size})',
      pfn: 'frame pfn {pfn} (0x{hex})',
      user: 'user',
      kernel: 'kernel',
      pcid: 'PCID {pcid}: ASID {asid}, {half} mode · {owner}',
      notLoaded: 'ASID {asid} is not loaded: kept for {owner}, unused until it runs here again',
      noPcid: 'no PCID (tag 0) · {owner}',
      nobody: 'no process (its mm is gone)',
      replaced: 'new, evicting {va}',
      new: 'new since the last command',
      changed: 'refilled with new bits by the last command',
      gone: 'flushed or evicted by the last command',
      empty: 'empty'
    },
    flag: {
      W: 'W writable',
      ro: 'read-only',
      NX: 'NX no execute',
      x: 'executable',
      D: 'D dirty',
      clean: 'clean',
      huge: '2M: a 2 MiB page'
    },
    detail: {
      hint: 'Hover a way for every field of its entry; click pins it, Esc clears.',
      light: 'show frame',
      lightHelp: 'Light frame {pfn} in the frame map',
      unpin: 'Unpin',
      lit: 'frame {pfn}, cached in the TLB of CPU {cpu}'
    }
  }
}

const zhCN: typeof en = {
  tlb: {
    pane: {
      title: 'TLB（快表）',
      header: '每个 CPU 的 TLB（快表）：它在运行什么、CR3 中是谁的页表，以及它缓存的地址转换。',
      info: 'CPU 并不为每次访存都遍历页表：TLB（转换后备缓冲区，即快表）缓存最近的地址转换。这里按 Skylake 级处理器建模：4 KiB 页的 L1 数据 TLB 为 16 组 × 4 路，2 MiB 页的为 8 组 × 4 路，二级 STLB 为 128 组 × 12 路；虚拟页号的低位选择组，最久未使用的一路被替换。未命中要付出一次页表遍历。上下文切换时加载 CR3（switch_mm_irqs_off()）会清空 TLB，除非机器支持 PCID：此时表项带有其地址空间的 ASID 标签（每个 CPU 6 个），切换后依然保留。内核线程没有自己的 mm，沿用之前装载的那个（惰性 TLB，lazy TLB）。映射改变时，flush_tlb_mm_range() 在本 CPU 上使这些页失效，并向可能缓存了它们的其他 CPU 发送 IPI（TLB 击落）。悬停某一路查看其表项，单击固定（页表窗格会遍历它的地址），Esc 清除。'
    },
    summary: {
      cpus: '{n} 个 CPU',
      pcidOn: 'PCID 已开启',
      pcidOff: '无 PCID',
      pcidOnHelp: 'PCID：每个表项都带有其地址空间的 PCID 标签，因此上下文切换后每个 CPU 仍可保留多达 6 个地址空间的表项（choose_new_asid()）。',
      pcidOffHelp: '无 PCID：每次加载 CR3 都会清空 TLB，每次上下文切换都从空 TLB 开始。`machine pcid=on` 启动一台支持 PCID 的机器。',
      ptiOn: 'PTI 已开启',
      ptiOff: 'PTI 已关闭',
      ptiOnHelp: '页表隔离（PTI）：用户态运行在自己的一份 PGD 上（紧接内核 PGD 的那个页框）；有 PCID 时其表项的 PCID 带第 11 位（2048 + ASID + 1）。',
      ptiOffHelp: '无页表隔离：用户态与内核态共用一个 PGD，每个 ASID 一个 PCID。',
      last: '上一条命令：查找 {lookups} · 页表遍历 {walks} · 刷新 {flushes} · IPI {ipis}'
    },
    empty: '还没有可显示的 CPU。机器启动后，这里会显示每个 CPU 的 TLB：{machine} 启动一台有两个 CPU 的机器，{run} 把 CPU 1 切换到一个进程。',
    overview: {
      title: '全部 {n} 个 CPU',
      hint: '勾选一行即在下方显示该 CPU（已显示 {n} 个）',
      label: 'CPU 一览',
      show: '显示',
      task: '运行',
      flushes: '刷新',
      ipisHelp: '发送 / 接收的 TLB 击落 IPI（flush_tlb_multi()）；Δ 为上一条命令接收的个数。',
      entries: '表项',
      entriesHelp: '三个阵列中有效表项的总数。',
      toggle: '显示 CPU {cpu}',
      none: '没有勾选任何 CPU：在上表中勾选一个即可查看它的 TLB。'
    },
    cpu: {
      idle: '空闲（swapper/{cpu}）',
      kthread: '内核线程',
      kthreadHelp: '内核线程没有自己的 mm：它运行在当前已装载的页表上（其 active_mm）。',
      initMm: 'init_mm（仅内核）',
      initMmHelp: '内核自己的页表（swapper_pg_dir）：没有用户映射，没有任何进程的转换可缓存。',
      pagesOf: '{owner} 的页表',
      cr3Help: 'CR3 指向位于 pfn {pfn}（0x{hex}）的 PGD。单击在页框图中高亮该页框。',
      cr3PtiHelp: '内核态下 CR3 指向位于 pfn {pfn}（0x{hex}）的 PGD；开启 PTI 时用户态运行在 pfn {user} 的用户副本上。单击在页框图中高亮该页框。',
      pgdOf: 'CPU {cpu} 的 CR3 所指的 PGD',
      asidHelp: '已装载的 mm 所用的 ASID 槽：它填入的表项带有它的 PCID 标签。',
      asidNoPcidHelp: '没有 PCID 时，所有地址空间都以 ASID 0 运行，每次加载 CR3 都会刷新。',
      lazy: '惰性 TLB',
      lazyHelp: '惰性 TLB 模式（enter_lazy_tlb()）：内核线程在此沿用前一个进程的页表运行，不重新加载 CR3。这些表项保留下来，但除非页表被释放，flush_tlb_mm_range() 不会向惰性 CPU 发送 IPI：切换回来时，若该 mm 的 tlb_gen 已经前进，才会刷新。',
      lazyNote: '{task} 借用 {owner} 的页表：下面的表项属于 {owner}，可能已经过时；切换回 {owner} 时，若其 tlb_gen 已前进，就会刷新它们。',
      fresh: '还没有用户进程在这个 CPU 上运行过：CR3 指向 init_mm，TLB 为空。{run} 把这个 CPU 切换到 p1。'
    },
    asid: {
      label: 'CPU {cpu} 的 ASID 槽',
      slotHelp: 'cpu_tlbstate.ctxs[] 中的槽位（TLB_NR_DYN_ASIDS = 6）。',
      pcidHelp: '该槽表项所带的 PCID：kern_pcid() = ASID + 1。',
      pcidPtiHelp: '该槽表项所带的 PCID：内核态为 kern_pcid() = ASID + 1 / 开启 PTI 时用户态为 user_pcid()，即再加上第 11 位（2048）。',
      owner: '所属 mm',
      ownerHelp: '占用该槽的 mm 属于谁（init_mm：内核自己的）。',
      ctxHelp: 'mm->context.ctx_id：每个 mm 都有一个新的编号，被重用的槽不会被误认为仍属于旧主人。',
      genHelp: '该槽的表项已跟上该 mm 的第几次刷新（mm->context.tlb_gen）。',
      state: '状态',
      free: '空闲',
      gone: '已退出的进程',
      loaded: '已装载',
      loadedHelp: 'CR3 使用这个 ASID：MMU 使用这些表项。',
      loadedLazyHelp: 'CR3 使用这个 ASID（惰性）：一个内核线程在其上运行。',
      behind: '落后',
      behindHelp: '只刷新到 tlb_gen {gen}，而 CPU {other} 已把这个 mm 刷新到 {newest}：这里的表项可能已过时。该 mm 再次在此运行之前，switch_mm_irqs_off() 会先刷新它们。',
      noPcid: '无 PCID：同一时间只有一个地址空间。每次加载 CR3 都会清空 TLB，没有需要保留的 ASID 槽；{on} 启动一台支持 PCID 的机器。'
    },
    counters: {
      lookupsTitle: '查找',
      kernelTitle: '刷新与切换',
      total: '累计',
      shareHelp: '占开机以来全部查找的比例。',
      deltaHelp: '上一条命令增加的数量。',
      recent: '上一条命令：{of} 次查找中的 {n} 次（{pct}）',
      lookups: '查找',
      l1Hits: 'L1 命中',
      stlbHits: 'STLB 命中',
      misses: '未命中',
      walks: '页表遍历',
      fullFlushes: '整体刷新',
      pageFlushes: '单页刷新',
      ipisSent: '发出的 IPI',
      ipisReceived: '收到的 IPI',
      contextSwitches: '上下文切换',
      help: {
        lookups: '用户态访存向本 CPU 的 TLB 请求的地址转换次数。',
        l1Hits: '在 L1 数据 TLB（4 KiB 或 2 MiB 阵列）中找到：没有延迟。',
        stlbHits: 'L1 未命中，在 STLB 中找到，并回填 L1。',
        misses: '所有阵列中都没有：MMU 遍历页表。',
        walks: '页表遍历次数（每次未命中一次；遍历中发生缺页异常时，处理完后重试）。',
        fullFlushes: '刷新整个 TLB 或一个 ASID：无 PCID 时加载 CR3、新的或过时的 ASID、超过 tlb_single_page_flush_ceiling（33）页的范围。',
        pageFlushes: '单页失效（invlpg；开启 PTI 时连同用户 PCID 的）。',
        ipisSent: '本 CPU 向其他 CPU 发出的 TLB 击落 IPI（flush_tlb_multi()）。',
        ipisReceived: '本 CPU 收到并处理的 TLB 击落 IPI（flush_tlb_func()）。',
        contextSwitches: '本 CPU 上的上下文切换（switch_mm_irqs_off()）。'
      }
    },
    grid: {
      geometry: '{sets} 组 × {ways} 路',
      usedHelp: '{of} 路中有 {n} 路存有有效表项；+ 与 − 为上一条命令填入和移出的数量。',
      usedOnly: '只看已用的组',
      showAll: '全部 {n} 组',
      empty: {
        l1: '空：没有缓存 4 KiB 页的转换（被刷新清空，或此后这里没有运行过进程）。',
        l1Huge: '空：只有 2 MiB 页会填入这个阵列，目前没有缓存。',
        stlb: '空：没有缓存任何转换。'
      },
      label: 'CPU {cpu} 的 {array}',
      set: '组',
      wayHelp: '第 {way} 路',
      gap: '第 {from}–{to} 组：空（{n} 组）',
      gapOne: '第 {set} 组：空',
      fullHelp: '第 {set} 组已满：下次在此填入将逐出最久未使用的一路。',
      emptyWay: '第 {set} 组第 {way} 路：空',
      goneMark: '已移出'
    },
    array: {
      l1: 'L1 dTLB · 4 KiB',
      l1Huge: 'L1 dTLB · 2 MiB',
      stlb: 'STLB'
    },
    entry: {
      where: 'CPU {cpu} · {array} · 第 {set} 组 · 第 {way} 路',
      whereLocal: '{array} · 第 {set} 组 · 第 {way} 路',
      va: '页 {va}（{size}）',
      pfn: '页框 pfn {pfn}（0x{hex}）',
      user: '用户',
      kernel: '内核',
      pcid: 'PCID {pcid}：ASID {asid}，{half}态 · {owner}',
      notLoaded: 'ASID {asid} 未装载：为 {owner} 保留，它再次在此运行前不会被使用',
      noPcid: '无 PCID（标签 0）· {owner}',
      nobody: '无进程（其 mm 已不存在）',
      replaced: '新填入，逐出了 {va}',
      new: '上一条命令新填入',
      changed: '上一条命令以新的标志位重新填入',
      gone: '被上一条命令刷新或逐出',
      empty: '空'
    },
    flag: {
      W: 'W 可写',
      ro: '只读',
      NX: 'NX 不可执行',
      x: '可执行',
      D: 'D 脏',
      clean: '干净',
      huge: '2M：2 MiB 页'
    },
    detail: {
      hint: '悬停某一路查看其表项的全部字段；单击固定，Esc 清除。',
      light: '显示页框',
      lightHelp: '在页框图中高亮页框 {pfn}',
      unpin: '取消固定',
      lit: '页框 {pfn}，缓存在 CPU {cpu} 的 TLB 中'
    }
  }
}

export default { en, zhCN }
export { en, zhCN }

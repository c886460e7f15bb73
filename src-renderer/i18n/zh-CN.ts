// 简体中文界面文字。内核名称保持原样（UI.md）；/proc 文本不翻译。
import type en from './en'
import tlbMessages from './tlb'

const zhCN: typeof en = {
  app: {
    title: 'VM Lab',
    tagline: '按 Linux 6.18 内核的方式模拟 x86-64 内存管理'
  },
  pane: {
    console: {
      title: '控制台',
      header: '输入 VML 命令：模拟内核按 Linux 6.18 的方式作答。',
      info: '每行一条 VML 命令（见“VML 参考”）。`cat /proc/meminfo` 按 Linux 的原样格式打印该文件；`machine ram=512M` 启动一台新机器。Tab 补全命令名，↑/↓ 浏览历史，Ctrl+L 清屏。'
    },
    meminfo: {
      title: '内存信息（meminfo）',
      header: '/proc/meminfo，每条命令之后重新计算。',
      info: 'Linux 6.18 的 /proc/meminfo 的全部字段（fs/proc/meminfo.c）。Δ 是上一条命令造成的变化；变化的行会一直标记到下一条命令。把鼠标停在字段上可查看它统计的内容。'
    },
    frames: {
      title: '页框图',
      header: '机器的每一个页框，按其 struct page 所示的用途着色。',
      info: '每个单元格是一个 4 KiB 页框，每行 512 个页框（一行即一个 2 MiB 的 pageblock）。空闲页框为灰色，所在伙伴块越大颜色越浅；浅蓝色页框停留在每 CPU 页列表（pcp）上。每行开头的色条表示该 pageblock 的迁移类型（migratetype）。悬停查看 struct page（flags、_refcount、_mapcount、order、所有者），单击固定，Esc 清除；滚轮或 +/− 缩放，拖动平移。上一条命令改变的页框会被框出。'
    },
    buddy: {
      title: '伙伴系统',
      header: '每个内存区（zone）的 free_area[0..10]：伙伴空闲链表、水位线和每 CPU 页列表。',
      info: '每个内存区按阶（order）和迁移类型把 2^order 页的空闲块挂在各自的链表上（mm/page_alloc.c）。分配时拆分能满足请求的最小块；释放时与位于 pfn ^ (1 << order) 的伙伴块合并。0–3 阶（以及 9 阶）的块经过每个 CPU 的每 CPU 页列表（pcp），成批补充和归还：这些页不计入 MemFree。单击某一阶可在页框图中高亮这些块。'
    },
    slab: {
      title: 'slab 缓存',
      header: '像 slabtop 一样列出 slab 缓存；选中一个查看它的 slab。',
      info: 'SLUB 从 2^order 页的 slab 中切出同样大小的对象（mm/slub.c）。每个 CPU 从自己的 CPU slab 分配；部分空闲的 slab 挂在每 CPU 和每节点的 partial 链表上；满的 slab 不在任何链表上。“active” 是 /proc/slabinfo 的计数，包含 CPU slab 上的空闲对象；“已分配”才是真正分配出去的对象。选中缓存会在页框图中高亮它的 slab。'
    },
    vmalloc: {
      title: 'vmalloc 区',
      header: 'vmalloc 区：已用区域、未清除区域、空闲区域和空闲树。',
      info: 'vmalloc() 从 free_vmap_area_root 中取能容纳请求（外加一个保护页）的最低空闲区间。这是一棵红黑树，每个节点记录其子树中最大的空闲块（subtree_max_size）；然后通过内核页表逐页映射 0 阶页（mm/vmalloc.c）。vfree() 立即释放页，但地址区间要等积累足够后才“清除”（purge）回空闲树。选中区域会在页框图中高亮它的页。'
    },
    processes: {
      title: '进程',
      header: '机器上的任务及各自运行所用的 mm_struct；单击进程使其成为当前进程。',
      info: '每个任务是一个 task_struct（kernel/fork.c）。进程拥有一个 mm_struct，即它的地址空间：mm_users 统计共享它的任务数，mm_count 统计维持该结构体本身的引用（所有用户合计占一个）。内核线程没有 mm（—）：它借用上一个进程的 mm 运行，即 active_mm，这样切换到它时无需重新加载 CR3。VmSize 和 VmRSS 取自 /proc/PID/status（task_mem()）；map_count 是 VMA 的数量。CPU 是任务正在运行或上次运行的处理器，min_flt 和 maj_flt 是它的缺页次数（/proc/PID/stat）。当前进程就是 VMA 窗格显示的进程：进程命令会使其目标成为当前进程，单击某一行可选择其他进程。'
    },
    vma: {
      title: '虚拟内存区域（VMA）',
      header: '当前进程的地址空间：它的 VMA、保存 VMA 的 maple 树以及它的 mm_struct。',
      info: '进程的每个映射都是一个 vm_area_struct：区间 [vm_start, vm_end)，具有同一组权限和同一种后备：从 vm_pgoff 开始的文件，或匿名内存。mm_struct 把它的 VMA 保存在一棵 maple 树中（mm->mm_mt，lib/maple_tree.c），这是一种区间 B 树：叶节点保存 VMA 及其间的空隙，每个 arange 节点记录每个子节点之下的最大空隙，因此 mmap 无需逐个访问 VMA 就能找到空闲区间。mmap 新增一个 VMA 或扩展相邻的 VMA（mm/vma.c），mprotect 和 munmap 拆分 VMA（__split_vma()）并可再合并。地址条画出地址空间及其空隙，表格即 /proc/PID/maps，并标出上一条命令所做的改动。'
    },
    pagetable: {
      title: '页表',
      header: '当前进程的页表：一个地址的页表遍历、已有的各级页表、已映射的页。',
      info: 'x86-64 经过四级页表转换用户地址，每级页表是一个 4 KiB 的页框，含 512 个 8 字节的表项：CR3 保存 PGD 的页框号，地址的 47–39、38–30、29–21、20–12 位分别索引 PGD、PUD、PMD 和 PTE 页表；11–0 位是页内偏移。表项保存下一级的页框号及其标志位（P 存在、RW 可写、US 用户态可访问、A 已访问、D 已写脏、NX 不可执行…）。Linux 在其下第一次缺页异常时分配页表（__pte_alloc()），只随映射一起释放页表（free_pgtables()）；VmPTE 统计 PUD、PMD 和 PTE 页表。启用 PTI 时，用户态运行在 PGD 的第二份副本上。pagemap 按 /proc/PID/pagemap 的描述列出每个已映射的页。单击页框号可在页框图中高亮该页框。'
    },
    tlb: tlbMessages.zhCN.tlb.pane,
    reference: {
      title: 'VML 参考',
      header: '本版本模拟的命令及其对应的 Linux 机制。',
      info: 'VML 是本实验的脚本语言：控制台、实验文件和 `vmlab run` 都使用它。完整语言中尚未模拟的命令列在最下方。'
    }
  },
  console: {
    placeholder: 'VML 命令，例如 cat /proc/meminfo — Tab 补全，↑/↓ 历史',
    run: '运行',
    cancel: '取消',
    clear: '清屏',
    welcome: 'VM Lab — 一台模拟的 Linux 6.18 x86-64 机器。试试 `cat /proc/meminfo`、`machine ram=512M` 或 `help`。',
    completions: '可补全：{list}',
    noCompletion: '没有以“{prefix}”开头的命令。',
    restarted: '模拟引擎已停止（{reason}）并已重启；已重放 {replayed} 个会话步骤。',
    lost: '正在运行的命令已丢失：{line}',
    script: '正在运行 {n} 行脚本…（按 Esc 取消）',
    scriptCancelled: '已在第 {ran}/{total} 行后取消；已执行的命令保持生效。',
    scriptTooLong: '脚本最多 {max} 个字符；请拆分后分段运行。',
    cancelled: '已取消。',
    disconnected: '未连接到模拟引擎。',
    syntaxHint: '输入 `help` 查看命令列表，或 `help 命令名` 查看某条命令的用法。'
  },
  meminfo: {
    field: '字段',
    value: '数值',
    human: '大小',
    delta: 'Δ',
    changed: '上一条命令改变了它',
    unchanged: '无变化',
    noData: '正在等待模拟引擎…',
    changedCount: '上一条命令改变了 {n} 个字段',
    nothingChanged: '上一条命令没有改变这里的任何值。'
  },
  pagetable: {
    empty: '没有当前进程。在控制台输入 {spawn} 创建一个；{mmap} 在其中映射内存，{write} 访问它：每写入一页就得到一个页表项。',
    tablesHelp: '各级页表的数量（含 PGD）。',
    size: '{size}（VmPTE {kb} kB）',
    sizeHelp: 'mm_pgtables_bytes()：PUD、PMD 和 PTE 页表共 {bytes} 字节，即 /proc/PID/status 的 VmPTE。PGD 不计在内。',
    pages: '已映射 {n} 页',
    changedCount: '上一条命令改变了 {n} 页',
    unpin: '取消固定该地址',
    frame: '页框号 {pfn}（0x{hex}）：单击在页框图中高亮',
    lit: '页框号 {pfn} · {what}',
    walk: {
      title: '页表遍历',
      label: '虚拟地址',
      placeholder: '0x7fff_f7d6_2000',
      help: '十六进制的用户虚拟地址（0x 可省略，可用 _ 分隔），或从列表、pagemap 中选取的页。',
      bad: {
        syntax: '不是十六进制地址：请输入形如 0x7ffff7d62000 的地址。',
        noncanonical: '不是规范地址：63–48 位必须与第 47 位相同；CPU 在遍历前就引发 #GP。',
        kernel: '这是内核地址：本窗格只包含页表的用户半部；在控制台输入 `translate ADDR` 可遍历内核半部。'
      },
      split: 'MMU 对地址的划分',
      sign: '符号扩展',
      signCopies: '= 第 47 位',
      offset: '页内偏移',
      level: '级',
      index: '索引',
      table: '页表',
      entry: '表项',
      flags: '标志位',
      to: '指向',
      cr3: '用户态使用的 PGD',
      cr3Pti: '启用 PTI 时，用户态运行在 PGD 的第二页（页框号 {user}），内核运行在第一页（页框号 {pgd}，即 mm->pgd）。两者的用户表项相同，但内核那一份带有 NX，使内核永远不会执行用户代码（pti_set_user_pgtbl()）。',
      kernelCopy: 'mm->pgd（页框号 {pgd}）中内核的那一份：{entry}，带 NX',
      cr3NoPti: 'CR3 保存 mm->pgd，即进程 PGD 所在的页框。',
      toTable: '{level} 页表',
      toPage: '页框',
      toHuge: '{size} 大页',
      missing: '不存在 → 缺页异常',
      protnone: 'PROTNONE：对 MMU 不存在 → 缺页异常',
      phys: '物理地址',
      formula: '页框号 {pfn} × 4096 + 偏移 {offset}',
      faultAt: '在 {level} 发生缺页异常：第 {index} 项不存在。',
      faultProtnone: '在 PTE 发生缺页异常：该页仍被保留（PROT_NONE），但 MMU 不可使用。',
      faultVma: 'VMA {range}（{perms}）覆盖该地址：handle_mm_fault() 会分配缺少的页表并映射一页。',
      faultAccess: 'VMA {range}（{perms}）不允许任何访问：SIGSEGV（SEGV_ACCERR）。',
      faultNoVma: '没有 VMA 覆盖该地址：SIGSEGV（SEGV_MAPERR）。',
      zero: '共享的零页，只读映射：写入会引发缺页异常并得到自己的页（写时复制）。',
      lost: '该表项指向页框号 {pfn}，但本视图中没有这个页表。',
      changed: '上一条命令改变了它'
    },
    tree: {
      title: '各级页表（PGD → PTE）',
      caption: '已建立的各级页表，上级在上、下级在下；每个页表覆盖所示的地址范围。',
      present: '{max} 项中 {n} 项存在',
      leaves: '{n} 页',
      huge: '{n} 个大页',
      new: '新',
      newHelp: '由上一条命令分配。',
      freed: '上一条命令释放的页表（free_pgtables()：其下已无映射）：',
      freedWhat: '已释放的 {level} 页表',
      onPath: '在遍历路径上',
      light: '在页框图中高亮',
      lightHelp: '在页框图中高亮本进程的所有页表页框。',
      lit: 'pid {pid} 的页表',
      slot: '{level}[{index}] {va} → 页框号 {pfn}',
      perEntry: '一个表项覆盖的范围：PTE 页表中 {pte}，PMD 中 {pmd}，PUD 中 {pud}，PGD 中 {pgd}。',
      grid: '该 PTE 页表的 512 个表项，每行 64 个；单击已映射的表项可遍历它。'
    },
    pagemap: {
      title: 'pagemap',
      caption: '按 /proc/PID/pagemap 的描述列出每个已映射的用户页，以及其 PTE 的标志位。',
      empty: '没有已映射的页：{write} 会通过缺页异常调入页。',
      address: '地址',
      pfn: '页框号',
      kind: '类型',
      present: '存在',
      writable: '可写',
      dirty: '脏',
      accessed: '已访问',
      exclusive: '独占',
      softDirty: 'soft-dirty',
      mapcount: 'mapcount',
      help: {
        present: 'pagemap 表项第 63 位：该页在内存中。',
        writable: 'PTE 的 RW 位：写入可直接完成（否则引发缺页异常：写时复制，或 SIGSEGV）。',
        dirty: 'PTE 的 D 位：映射或清理之后被写过。',
        accessed: 'PTE 的 A 位：上次清除该位之后被读或写过。',
        exclusive: 'pagemap 表项第 56 位：该页被独占映射（PageAnonExclusive）；没有待处理的写时复制。',
        softDirty: 'pagemap 表项第 55 位：上次清除 soft-dirty 位之后被写过。',
        mapcount: 'page_mapcount()：有多少页表映射了该页框（零页不计）。'
      },
      light: '在页框图中高亮',
      lightHelp: '在页框图中高亮本进程所有已映射的页。',
      lit: 'pid {pid} 的页',
      more: '显示全部 {n} 页',
      inVma: '在选中的 VMA 中',
      change: { new: '新', gone: '已移除', changed: '已改变' },
      changeHelp: {
        new: '由上一条命令映射。',
        gone: '由上一条命令解除映射：已不在页表中。',
        changed: '上一条命令改变了它的页框或标志位（已标出）。'
      },
      changeCol: '上一条命令对该页所做的改动',
      huge: '由 PMD 直接映射的 2 MiB 页（透明大页，或大零页）：一行代表它的 512 个页'
    },
    kind: { anon: '匿名页', file: '页缓存', shmem: 'shmem', zero: '零页', kernel: '内核（vDSO）' },
    flag: {
      P: 'P：存在',
      RW: 'RW：可写',
      US: 'US：用户态可访问',
      PWT: 'PWT：直写',
      PCD: 'PCD：禁用缓存',
      A: 'A：已访问（由 MMU 设置）',
      D: 'D：脏（写入时由 MMU 设置）',
      PS: 'PS：大页，没有下一级页表',
      G: 'G：全局，重新加载 CR3 时保留在 TLB（快表）中',
      SPECIAL: 'SPECIAL：软件位，不对 struct page 计数（零页、vDSO）',
      NX: 'NX：不可执行',
      PROTNONE: 'PROTNONE：软件位，P 位清零的 PROT_NONE 页'
    }
  },
  reference: {
    command: '命令',
    usage: '用法',
    linux: 'Linux 对应机制',
    planned: '尚未模拟：{list}'
  },
  status: {
    machine: '内存 {ram} · {cpus} 个 CPU',
    swap: '交换区 {size}',
    noSwap: '无交换区',
    process: '进程：{name}',
    noProcess: '无进程',
    cpu: 'CPU {n}',
    commands: '{n} 条命令',
    idle: '空闲',
    running: '运行中',
    restarted: '已重启',
    unsaved: '有未保存的更改',
    language: '语言'
  },
  about: {
    title: '关于 VM Lab',
    body: 'VM Lab {version} 为课堂模拟 Linux {linux} 的内存管理：struct page 与伙伴系统、SLUB 与 vmalloc、mm_struct 及其 VMA 的 maple 树、CR3 背后的页表以及 TLB（快表）。',
    host: '运行环境：{host}',
    close: '关闭'
  },
  menu: {
    later: '将在后续版本中提供'
  },
  layout: {
    upgraded: '此版本新增了窗格（页框图、伙伴系统、slab 缓存、vmalloc 区、进程、虚拟内存区域、页表）：布局已重置为新的默认布局。',
    invalid: '无法恢复已保存的布局，已使用默认布局。',
    added: '此版本新增了窗格（{panes}）：已作为标签页加入你的布局。'
  },
  frames: {
    summary: '{frames} 个页框 · {zones}',
    changed: '没有页框改变 | 上一条命令改变了 1 个页框 | 上一条命令改变了 {n} 个页框',
    regrouped: '{n} 个空闲页框所在的块被拆分或合并 | 1 个空闲页框所在的块被拆分或合并 | {n} 个空闲页框所在的块被拆分或合并',
    regroupedHelp: '仍然空闲、但现在属于另一阶块的页框：伙伴系统为执行命令拆分了块，或合并了释放的伙伴。',
    migratetypes: '迁移类型',
    goto: '跳到 pfn',
    gotoHelp: '输入十进制或 0x 十六进制的 pfn；回车后固定并放大到该页框。',
    gotoBad: '不是本机的 pfn：0 到 {max}，十进制或 0x 十六进制。',
    zoomIn: '放大（+）',
    zoomOut: '缩小（−）',
    fit: '适应窗口',
    highlighting: '{zone} 中的 {order} 阶块',
    allZones: '所有内存区',
    clear: '清除高亮',
    clickToPin: '单击固定；Esc 清除。',
    unpin: '取消固定',
    pfn: 'pfn（页框号）',
    phys: '物理地址',
    zone: '内存区',
    use: '用途',
    order: '伙伴阶（order）',
    pages: '页',
    compound: '复合页',
    pageblock: 'pageblock',
    owner: '所有者',
    legend: {
      hole: '空洞（非内存）',
      free: '空闲（伙伴系统）',
      pcp: '每 CPU 页列表',
      allocated: 'alloc_pages 分配',
      reserved: '保留 / 内核',
      kernel: '内核映像',
      memmap: 'memmap（struct page 数组）',
      percpu: '每 CPU 区域',
      bootmem: '启动期分配',
      pagetable: '页表',
      slab: 'slab',
      anon: '匿名页',
      file: '页缓存',
      shmem: '共享内存（shmem）',
      vmalloc: 'vmalloc',
      kstack: '内核栈',
      zero: '零页',
      swapcache: '交换缓存'
    },
    legendHelp: {
      free: '位于伙伴系统的空闲链表上（块的第一个页框带 PageBuddy）。灰色越浅，块越大。',
      pcp: '空闲，但停留在某个 CPU 的每 CPU 页列表上：不计入 MemFree。',
      allocated: '由 alloc_pages 分配、尚未释放。',
      reserved: '启动时保留：前 1 MiB、内核映像、memmap、每 CPU 区域、早期页表（PG_reserved）。',
      pagetable: '页表页（PGD/PUD/PMD/PTE）。',
      slab: 'kmem_cache 的 slab 页。',
      anon: '用户匿名内存。',
      file: '文件的页缓存。',
      shmem: '共享内存（tmpfs、MAP_SHARED 匿名映射）。',
      vmalloc: 'vmalloc 区域背后的页。',
      kstack: '内核栈。',
      zero: '共享零页。',
      swapcache: '位于交换缓存中。'
    }
  },
  buddy: {
    zone: '内存区 {name}',
    free: '空闲 {free} 页（{size}），共管理 {managed} 页',
    wmarkHelp: '空闲页与该内存区水位线的比较（红色刻度：min、low、high）。量表前三分之一（虚线以左）表示 0 到两倍 high 水位，其余部分到所管理的页数为止。低于 low 时唤醒 kswapd；低于 min 时只有可动用保留内存的分配才能成功。',
    order: '阶',
    orderHelp: '{order} 阶：{size} 的块。单击在页框图中高亮。',
    tableLabel: '内存区 {name} 各阶空闲块',
    histogram: '各阶空闲内存',
    histogramCaption: '各阶空闲内存（页），按迁移类型堆叠',
    barHelp: '{order} 阶：{blocks} 个空闲块，{size}',
    pageblocks: 'pageblock：',
    pcp: '每 CPU 页列表',
    lists: '链表（U/M/R）',
    pcpLabel: '内存区 {name} 的每 CPU 页列表',
    empty: '空'
  },
  slab: {
    cache: '缓存',
    allocated: '已分配',
    memory: '内存',
    activeHelp: '/proc/slabinfo 的 active_objs：除节点 partial slab 上空闲对象外的所有对象',
    allocatedHelp: '真正分配出去且未释放的对象',
    showEmpty: '显示空缓存（共 {n} 个）',
    empty: '还没有缓存拥有 slab：试试 kmalloc 100。',
    lit: '{name} 的 slab',
    geometry: '{size} 字节的对象，每个 slab {objects} 个，共 {pages} 页（{order} 阶）；min_partial {min}，CPU partial 链表最多 {cpu} 个 slab。',
    noSlabs: '没有 slab：缓存为空。',
    bitmapHelp: '{objects} 个对象中已分配 {used} 个（绿色）',
    place: {
      cpu: 'cpu {cpu} 的 CPU slab',
      'cpu-partial': 'cpu {cpu} 的 partial 链表',
      'node-partial': '节点 partial 链表',
      full: '满（不在链表上）'
    }
  },
  processes: {
    summary: '{n} 个进程',
    kthreads: '{n} 个内核线程',
    stateHelp: '状态，与 /proc/PID/status 一致：R 运行，S 睡眠，Z 僵尸……',
    mmHelp: '任务拥有的 mm_struct（一个 slab 对象）；内核线程没有 mm，显示它借用的 active_mm。',
    usersHelp: 'mm_users：共享该地址空间的任务数（线程、vfork 子进程）。',
    countHelp: 'mm_count：对 mm_struct 本身的引用；所有用户合计占一个，借用它的内核线程再占一个。',
    vmSizeHelp: 'VmSize：total_vm，全部已映射的页（/proc/PID/status）。',
    vmRssHelp: 'VmRSS：常驻内存集（RSS），驻留在内存中的页（/proc/PID/status）。',
    mapCountHelp: 'map_count：VMA 的数量。',
    cpuHelp: '任务正在运行或上次运行的 CPU（task_cpu()，/proc/PID/stat 的 processor）。`run NAME cpu=N` 可以移动它。',
    cpuRunning: '正在 CPU {cpu} 上运行。',
    cpuLast: '上次在 CPU {cpu} 上运行。',
    minFltHelp: 'min_flt：无需读入任何内容即处理完的缺页（新的清零页、零页、写时复制、已在页缓存中的页）（/proc/PID/stat）。',
    majFltHelp: 'maj_flt：必须从文件读入页面的缺页（/proc/PID/stat）。',
    activeMmHelp: '内核线程没有 mm；它借用 active_mm {mm} 运行。',
    handleHelp: '该进程的 VML 名称：`{handle}: mmap 64K rw` 在它之中执行命令。',
    isCurrent: '当前进程：VMA 窗格显示的就是它。',
    pick: '单击使该进程成为当前进程。',
    new: '新建',
    exited: '已退出',
    empty: '还没有进程：在控制台输入 {spawn} 创建一个。'
  },
  vma: {
    empty: '没有当前进程。在控制台输入 {spawn} 创建一个；再用 {mmap} 在其中映射 64 KiB 匿名内存。',
    noVmas: '该地址空间没有 VMA。',
    count: '{n} 个 VMA',
    mapped: '已映射 {size}',
    changedCount: '上一条命令改变了 {n} 个',
    pages: '页',
    pagesN: '{n} 页',
    strip: {
      caption: '地址空间',
      scale: '刻度',
      log: '对数',
      linear: '线性',
      logHelp: '对数刻度：每个 VMA 和每段空隙的宽度取其大小的对数，这样 4 KiB 的映射在 40 TiB 的空隙旁也清晰可见。',
      linearHelp: '线性刻度：宽度与大小成正比，从最低的 VMA 到最高的 VMA。地址空间几乎全是空的。',
      legend: 'VMA 类型',
      gap: '未映射',
      hint: '悬停在 VMA 上查看其区间；单击选中它（Esc 清除）。',
      beyond: '位于 TASK_SIZE 之上，未画出：{names}',
      beyondHelp: '地址条覆盖用户地址空间，从 0 到 TASK_SIZE。[vsyscall] 是 gate VMA：内核为每个进程把它映射在地址空间顶端的固定地址；它出现在 /proc/PID/maps 中，但不在 mm 的 maple 树里。'
    },
    kind: {
      file: '文件映射',
      anon: '匿名',
      heap: '堆',
      stack: '栈',
      shmem: 'shmem',
      special: 'vdso / vvar'
    },
    change: {
      new: '新建',
      split: '拆分',
      merged: '合并',
      changed: '已改变',
      removed: '已移除'
    },
    changeHelp: {
      new: '由上一条命令创建。',
      split: '由上一条命令拆分（__split_vma()）：这一部分保留了原标志或获得了新标志。',
      merged: '上一条命令把它与相邻的 VMA 合并（vma_merge_*()）。',
      changed: '被上一条命令改变（标志、区间或后备）。',
      removed: '被上一条命令移除：该区间已不再映射。'
    },
    maps: {
      changeHelp: '上一条命令对该 VMA 所做的改动',
      removed: '被上一条命令移除'
    },
    detail: {
      title: 'vm_area_struct',
      unpin: '取消固定',
      pgoffFile: '文件中的页号：偏移 {offset}',
      pgoffAnon: '匿名内存：vm_start 的虚拟页号（或拆分出它的 VMA 的）',
      noFile: '匿名内存',
      special: '内核安装的特殊映射（_install_special_mapping()）',
      noAnonVma: '尚未建立：第一次需要它的缺页异常会建立它（anon_vma_prepare()）'
    },
    tree: {
      title: 'maple 树',
      caption: 'mm->mm_mt：高度 {height}，{nodes} 个 maple_node 对象',
      pathShown: '已框出到所选 VMA 的遍历路径',
      empty: '树是空的：没有 VMA。',
      rootEntry: '根指针中只有一个条目：{entry}',
      leaf: '叶',
      range: 'range',
      arange: 'arange',
      gap: '空隙',
      gapHelp: '该子节点之下的最大空隙',
      maxGap: '该节点中最大的空隙（maxGapSlot）',
      pivot: 'pivot {i}：槽 {i} 的最后一个索引',
      implied: '未存 pivot：该槽一直到节点的 max'
    },
    mm: {
      cr3: '（运行时 CR3 中的值）',
      counters: '计数',
      layout: '布局',
      address: '地址',
      size: '大小',
      help: {
        mm_users: '使用该地址空间的任务数。',
        mm_count: '对 mm_struct 本身的引用（所有用户合计算一个）。',
        map_count: 'VMA 的数量。',
        total_vm: '全部已映射的页（VmSize）。',
        data_vm: '私有、可写、非栈的页（VmData）。',
        exec_vm: '可执行、不可写的页（VmExe + VmLib）。',
        stack_vm: 'VM_STACK 映射的页（VmStk）。',
        locked_vm: '被 mlock() 锁定的页（VmLck）。',
        pinned_vm: '被驱动或 RDMA 钉住的页（VmPin）。',
        hiwater_vm: '迄今为止最大的 total_vm（VmPeak）。',
        hiwater_rss: '迄今为止最大的 RSS（VmHWM）。'
      }
    }
  },
  vmalloc: {
    summary: '已用 {used} 页（VmallocUsed）· 延迟释放 {lazy} / {max} 页后清除 · 已清除 {purges} 次',
    range: '区间',
    size: '大小',
    kind: '类型',
    busy: 'vmalloc，{pages} 页',
    unpurged: '未清除（已释放，区间尚未归还）',
    free: '空闲',
    lit: '{start} 的页',
    pages: '{n} 页（pfn，按地址顺序）：',
    walk: '第一页在 init_mm 中的页表遍历（CR3 → PGD → PUD → PMD → PTE）：',
    tree: 'free_vmap_area_root：空闲区间与 subtree_max_size（红色节点用红框标出）'
  },
  commands: {
    machine: '按给定设置重置模拟机器（其余设置取默认值）并启动。',
    cat: '按 Linux 6.x 的原样格式打印一个 procfs 文件。',
    expect: '检查 procfs 文件中的某个字段或某个变量；检查失败会被报告，脚本继续执行。',
    help: '列出所有命令，或显示某条命令的用法。',
    alloc_pages: '从伙伴系统分配 2^ORDER 个连续页框（0–3 阶和 9 阶经过每 CPU 页列表），并打印第一个 pfn。gfp= 接受用 | 连接的 GFP 标志（GFP_KERNEL|__GFP_ZERO|__GFP_COMP）；zone= 指定允许使用的最高内存区。',
    free_pages: '释放 alloc_pages 返回的块；pfn 或阶不对时会被拒绝，并给出 Linux 会报告的 bad page state。',
    kmalloc: '从 kmalloc 缓存分配 SIZE 字节（kmalloc-8 … kmalloc-8k：SLUB 用缓存服务最多 8 KiB，即两页；更大的直接来自页分配器）并打印指针。kmalloc 0 返回 ZERO_SIZE_PTR（0x10）。',
    kfree: '释放 kmalloc 返回的内存；重复释放或非法指针会像 SLUB 调试那样报告，且不做任何改变。',
    kmem_cache_create: '创建一个 slab 缓存，并打印 SLUB 计算出的布局。',
    kmem_cache_alloc: '从 slab 缓存分配一个对象。',
    kmem_cache_free: '把对象释放回它的缓存。',
    vmalloc: '从 vmalloc 区分配虚拟连续的内核内存，带一个保护页；其页是分散的 0 阶页框。',
    vfree: '释放 vmalloc 区域：页立即释放，地址区间在延迟清除后归还。',
    drain_pages: '把所有 CPU 的每 CPU 页列表归还给伙伴系统，就像 drain_all_pages() 在内存规整或内存下线前所做的那样。'
  },
  tlb: tlbMessages.zhCN.tlb
}

export default zhCN

// Mock snapshot views for the Processes and VMA pane tests: the address space of `cat` on the
// reference kernel (Linux 6.18, ASLR off: ../../src-main/engine/procfs/fixtures/
// cat-self-maps-6.18.44-fc.txt), with a maple tree built the way the mm's tree is shaped (leaves
// of maple_leaf_64 holding VMAs and the gaps between them, an arange_64 root with the largest gap
// below each child).

import type { MapleEntryView, MapleNodeView, MapleTreeView, ProcessesView, ProcessRow, VmaChange, VmaRow, VmaView } from '@shared/model/mm'

const CAT_MAPS = `555555554000-555555556000 r--p 00000000 fe:00 260131 /usr/bin/cat
555555556000-55555555b000 r-xp 00002000 fe:00 260131 /usr/bin/cat
55555555b000-55555555e000 r--p 00007000 fe:00 260131 /usr/bin/cat
55555555e000-55555555f000 r--p 00009000 fe:00 260131 /usr/bin/cat
55555555f000-555555560000 rw-p 0000a000 fe:00 260131 /usr/bin/cat
555555560000-555555581000 rw-p 00000000 00:00 0 [heap]
7ffff7d50000-7ffff7d72000 rw-p 00000000 00:00 0
7ffff7d72000-7ffff7dc9000 r--p 00000000 fe:00 329635 /usr/lib/locale/C.utf8/LC_CTYPE
7ffff7dd1000-7ffff7dd4000 rw-p 00000000 00:00 0
7ffff7dd4000-7ffff7dfa000 r--p 00000000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7dfa000-7ffff7f50000 r-xp 00026000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7f50000-7ffff7fa3000 r--p 0017c000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7fa3000-7ffff7fa7000 r--p 001cf000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7fa7000-7ffff7fa9000 rw-p 001d3000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffff7fa9000-7ffff7fb6000 rw-p 00000000 00:00 0
7ffff7fc0000-7ffff7fc2000 rw-p 00000000 00:00 0
7ffff7fc2000-7ffff7fc6000 r--p 00000000 00:00 0 [vvar]
7ffff7fc6000-7ffff7fc8000 r--p 00000000 00:00 0 [vvar_vclock]
7ffff7fc8000-7ffff7fca000 r-xp 00000000 00:00 0 [vdso]
7ffff7fca000-7ffff7fcb000 r--p 00000000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7fcb000-7ffff7ff1000 r-xp 00001000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ff1000-7ffff7ffb000 r--p 00027000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ffb000-7ffff7ffd000 r--p 00031000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffff7ffd000-7ffff7fff000 rw-p 00033000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]`

const FLAG_BITS: [number, string][] = [
  [0x1, 'VM_READ'],
  [0x2, 'VM_WRITE'],
  [0x4, 'VM_EXEC'],
  [0x8, 'VM_SHARED'],
  [0x10, 'VM_MAYREAD'],
  [0x20, 'VM_MAYWRITE'],
  [0x40, 'VM_MAYEXEC'],
  [0x100, 'VM_GROWSDOWN'],
  [0x100000, 'VM_ACCOUNT']
]

const hex = (v: bigint): string => `0x${v.toString(16)}`

function row(line: string, change: VmaChange | null = null): VmaRow {
  const [range, perms, offset, dev, inode, ...rest] = line.split(/\s+/)
  const [start, end] = range!.split('-').map((h) => BigInt(`0x${h}`))
  const name = rest.join(' ')
  const file = inode !== '0' ? { path: name, inode: Number(inode), dev: dev! } : null
  let flags = 0x70
  if (perms![0] === 'r') flags |= 1
  if (perms![1] === 'w') flags |= 2
  if (perms![2] === 'x') flags |= 4
  if (name === '[stack]') flags |= 0x100
  if (perms![1] === 'w' && perms![3] === 'p') flags |= 0x100000
  return {
    start: hex(start!),
    end: hex(end!),
    perms: perms!,
    flags: hex(BigInt(flags)),
    flagNames: FLAG_BITS.filter(([b]) => flags & b).map(([, n]) => n),
    pgoff: hex(BigInt(`0x${offset}`) >> 12n),
    name,
    file,
    anonVma: !file && perms![1] === 'w' ? '0xffff888003c1a2d0' : null,
    change
  }
}

/** The maple tree of an mm holding these VMAs: gaps are empty slots, 16 slots to a leaf at most. */
export function mmTree(vmas: VmaRow[], perLeaf = 10): MapleTreeView {
  const entries: MapleEntryView[] = []
  let next = 0n
  for (const v of vmas) {
    const s = BigInt(v.start)
    const e = BigInt(v.end)
    if (s >= 0x800000000000n) continue // the gate VMA ([vsyscall]) is not in the mm's tree
    if (s > next) entries.push({ kind: 'entry', index: hex(next), last: hex(s - 1n), entry: null })
    entries.push({ kind: 'entry', index: v.start, last: hex(e - 1n), entry: `${v.start}-${v.end}` })
    next = e
  }
  entries.push({ kind: 'entry', index: hex(next), last: '0xffffffffffffffff', entry: null })
  let id = 1
  const leaves: MapleNodeView[] = []
  for (let i = 0; i < entries.length; i += perLeaf) {
    const slots = entries.slice(i, i + perLeaf)
    leaves.push({
      kind: 'node',
      id: ++id,
      type: 'maple_leaf_64',
      min: slots[0]!.index,
      max: slots.at(-1)!.last,
      end: slots.length - 1,
      pivots: slots.slice(0, -1).map((s) => s.last),
      slots,
      parentSlot: leaves.length
    })
  }
  const gaps = leaves.map((l) =>
    l.slots.reduce((m, s) => (s.kind === 'entry' && s.entry === null ? (BigInt(s.last) - BigInt(s.index) + 1n > m ? BigInt(s.last) - BigInt(s.index) + 1n : m) : m), 0n)
  )
  const maxGap = gaps.reduce((m, g) => (g > m ? g : m), 0n)
  const root: MapleNodeView = {
    kind: 'node',
    id: 1,
    type: 'maple_arange_64',
    min: '0x0',
    max: '0xffffffffffffffff',
    end: leaves.length - 1,
    pivots: leaves.slice(0, -1).map((l) => l.max),
    slots: leaves,
    gaps: gaps.map(hex),
    maxGapSlot: gaps.indexOf(maxGap),
    parentSlot: 0
  }
  return { flags: 0x30b, height: 2, allocRange: true, rcu: true, nodes: leaves.length + 1, root }
}

export const CAT_PID = 412

/** cat's address space; `changes` marks VMAs (by vm_start) as the last command left them. */
export function catVma(changes: Record<string, VmaChange> = {}, extra: string[] = []): VmaView {
  const vmas: VmaRow[] = [...CAT_MAPS.split('\n'), ...extra]
    .map((l) => row(l.trim()))
    .sort((a, b) => (BigInt(a.start) < BigInt(b.start) ? -1 : 1))
    .map((v) => ({ ...v, change: changes[v.start] ?? null }))
  vmas.push(row('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]'))
  const pagesOf = (pred: (v: VmaRow) => boolean) => vmas.filter(pred).reduce((n, v) => n + Number((BigInt(v.end) - BigInt(v.start)) >> 12n), 0)
  const inTree = vmas.filter((v) => v.name !== '[vsyscall]')
  return {
    pid: CAT_PID,
    comm: 'cat',
    mm: {
      addr: '0xffff888004a3c000',
      mm_users: 1,
      mm_count: 1,
      map_count: inTree.length,
      total_vm: pagesOf((v) => v.name !== '[vsyscall]'),
      locked_vm: 0,
      pinned_vm: 0,
      data_vm: pagesOf((v) => v.perms[1] === 'w' && v.name !== '[stack]'),
      exec_vm: pagesOf((v) => v.perms[2] === 'x' && v.name !== '[vsyscall]'),
      stack_vm: 33,
      hiwater_vm: pagesOf((v) => v.name !== '[vsyscall]'),
      hiwater_rss: 256,
      mmap_base: '0x7ffff7fff000',
      task_size: '0x7ffffffff000',
      start_code: '0x555555556000',
      end_code: '0x55555555a2d9',
      start_data: '0x55555555fcb0',
      end_data: '0x555555560190',
      start_brk: '0x555555560000',
      brk: '0x555555581000',
      start_stack: '0x7fffffffe6a0',
      arg_start: '0x7fffffffe8d1',
      arg_end: '0x7fffffffe8e6',
      env_start: '0x7fffffffe8e6',
      env_end: '0x7fffffffefe1',
      pgd: 18342,
      exe_file: '/usr/bin/cat',
      binfmt: 'elf'
    },
    vmas,
    removed: [],
    tree: mmTree(inTree)
  }
}

function task(p: Partial<ProcessRow> & Pick<ProcessRow, 'pid' | 'comm'>): ProcessRow {
  return { handle: null, ppid: 0, state: 'S', kthread: false, mm: null, activeMm: null, mmUsers: 0, mmCount: 0, vmSizeKb: 0, vmRssKb: 0, mapCount: 0, cpu: 0, minFlt: 0, majFlt: 0, ...p }
}

export function catProcesses(over: Partial<ProcessRow> = {}): ProcessesView {
  return {
    current: CAT_PID,
    processes: [
      task({ pid: 1, comm: 'init', ppid: 0, mm: '0xffff888004a38000', activeMm: '0xffff888004a38000', mmUsers: 1, mmCount: 1, vmSizeKb: 2424, vmRssKb: 1280, mapCount: 14 }),
      task({ pid: 2, comm: 'kthreadd', kthread: true }),
      task({ pid: 17, comm: 'kswapd0', ppid: 2, kthread: true, activeMm: '0xffff888004a3c000' }),
      task({ pid: CAT_PID, handle: 'p1', comm: 'cat', ppid: 1, state: 'R', mm: '0xffff888004a3c000', activeMm: '0xffff888004a3c000', mmUsers: 1, mmCount: 2, vmSizeKb: 8648, vmRssKb: 1024, mapCount: 25, cpu: 1, minFlt: 212, majFlt: 3, ...over })
    ]
  }
}

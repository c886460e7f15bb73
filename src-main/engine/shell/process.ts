// `spawn` and the address-space system calls of a process: mmap, munmap, mprotect, brk.
// A failing call prints its errno as Linux returns it (`mmap: -EINVAL`) and the script goes on.

import type { Command } from '@shared/vml/parse'
import { evalExpr } from '@shared/vml/syntax'
import { PAGE_SIZE, TASK_SIZE, type MmStruct, type SysResult } from '../mm/mm'
import type { Task } from '../mm/process'
import type { Access } from '../mm/memory'
import { entryBitNames } from '../x86/pgtable'
import { vmaName } from '../procfs/pid'
import {
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_GROWSDOWN,
  MAP_LOCKED,
  MAP_NORESERVE,
  MAP_POPULATE,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_STACK,
  protFromLetters,
  permsOf
} from '../mm/vm_flags'
import { argNumber, argPointer } from './args'
import type { ShellContext } from './context'
import { done, errno, runtimeError, type Outcome } from './outcome'

const hex = (v: number) => `0x${v.toString(16)}`

const protOf = (text: string | undefined): number => (text ? protFromLetters(text) : 0)

/** The process a command's target names, or the runtime error of its line. */
function targetTask(ctx: ShellContext, cmd: Command): Task | Outcome {
  const t = cmd.stmt.target!
  const task = ctx.machine.procs.resolve(t.name)
  // A process that exited: ESRCH, as vml-probe reports a command to it.
  if (!task && ctx.machine.procs.exited.has(t.name)) return { ok: false, value: null, errno: 'ESRCH', output: `${t.name}: process is gone (pid ${ctx.machine.procs.exited.get(t.name)} exited)` }
  if (!task || !task.mm) return runtimeError(cmd.stmt.line, t.col, `no process '${t.name}': spawn one first (spawn ${/^\d+$/.test(t.name) ? 'p1' : t.name})`)
  ctx.machine.procs.current = task.pid
  task.mm.beginChanges()
  // A process makes system calls and touches memory only while it runs on a CPU.
  ctx.machine.procs.syscallCpu = ctx.machine.procs.cpus.ensureRunning(task)
  return task
}

/** What changed, in a line or two: the VMAs that are new, split, merged or changed, and removed. */
function changesText(task: Task): string {
  const mm = task.mm!
  const parts: string[] = []
  for (const [v, c] of [...mm.changes].sort((a, b) => a[0].vm_start - b[0].vm_start)) {
    const name = vmaName(mm, v)
    parts.push(`${c} ${hex(v.vm_start)}-${hex(v.vm_end)} ${permsOf(v.vm_flags)}${name ? ' ' + name : ''}`)
  }
  for (const r of mm.removed) parts.push(`removed ${hex(r.start)}-${hex(r.end)}`)
  return parts.join('; ')
}

export function spawnCommand(ctx: ShellContext, cmd: Command): Outcome {
  const a = cmd.args.NAME!
  const name = a.kind === 'text' ? a.text : ''
  const procs = ctx.machine.procs
  if (procs.byHandle(name)) return runtimeError(cmd.stmt.line, a.token.col, `'${name}' already names process ${procs.byHandle(name)!.pid}`)
  const image = cmd.options.image?.kind === 'text' ? cmd.options.image.text : '/usr/bin/cat'
  const segv = cmd.options.segv?.kind === 'text' && cmd.options.segv.text === 'catch' ? 'catch' : 'kill'
  const r = procs.spawn(name, image, segv)
  if (typeof r === 'string') {
    if (r === 'EACCES') return errno('spawn', 'ENOENT', `spawn: ${image}: No such file or directory (the built-in images: /usr/bin/cat)`)
    return errno('spawn', r)
  }
  const mm = r.mm!
  return done(
    `${name}: pid ${r.pid}, ${image} — ${mm.map_count} VMAs, VmSize ${mm.total_vm * 4} kB, mmap_base ${hex(mm.mmap_base)}, brk ${hex(mm.brk)}, stack ${hex(mm.start_stack)}`,
    r.pid
  )
}

export function mmapCommand(ctx: ShellContext, cmd: Command): Outcome {
  const task = targetTask(ctx, cmd)
  if (!('pid' in task)) return task
  const len = argNumber(ctx, cmd, 'LEN')
  if (typeof len !== 'number') return len
  const protArg = cmd.args.PROT
  const prot = protOf(protArg?.kind === 'text' ? protArg.text : 'rw')
  const f = cmd.flags
  let flags = f.has('shared') ? MAP_SHARED : MAP_PRIVATE
  if (f.has('fixed')) flags |= MAP_FIXED
  if (f.has('fixed_noreplace')) flags |= MAP_FIXED_NOREPLACE
  if (f.has('populate')) flags |= MAP_POPULATE
  if (f.has('noreserve')) flags |= MAP_NORESERVE
  if (f.has('growsdown')) flags |= MAP_GROWSDOWN
  if (f.has('stack')) flags |= MAP_STACK
  if (f.has('locked')) flags |= MAP_LOCKED
  let addr = 0
  const a = cmd.options.addr
  if (a?.kind === 'expr') {
    const v = evalExpr(a.expr, ctx.vars)
    if ('error' in v) return runtimeError(cmd.stmt.line, v.col, v.error)
    if (v.value > 0xffffffffffffffffn) return runtimeError(cmd.stmt.line, a.token.col, 'addr is past 2^64')
    addr = Number(v.value)
  }
  let file = null
  const fo = cmd.options.file
  if (fo?.kind === 'text') {
    file = ctx.machine.procs.file(fo.text)
    if (!file) return errno('mmap', 'ENOENT', `mmap: ${fo.text}: No such file or directory`)
  } else flags |= MAP_ANONYMOUS
  const off = cmd.options.offset?.kind === 'number' ? Number(cmd.options.offset.value) : 0
  if (off % PAGE_SIZE) return errno('mmap', 'EINVAL')
  if (len > TASK_SIZE * 2) return errno('mmap', 'ENOMEM')
  const mm = task.mm!
  const r = mm.doMmap(file, addr, len, prot, flags, off / PAGE_SIZE, ctx.machine.sysctl.overcommit_memory === 2)
  ctx.machine.procs.generation++
  if (!r.ok) return errno('mmap', r.errno)
  return done(changesText(task), r.value)
}

/**
 * A system call over [ADDR, ADDR+LEN) of the target process: reads both arguments, runs `call`,
 * and reports what changed or the errno (`bad` for an address past the user range).
 */
function rangeCall(ctx: ShellContext, cmd: Command, name: string, bad: string, call: (mm: MmStruct, addr: number, len: number) => SysResult): Outcome {
  const task = targetTask(ctx, cmd)
  if (!('pid' in task)) return task
  const addr = argPointer(ctx, cmd, 'ADDR')
  if (typeof addr !== 'bigint') return addr
  const len = argNumber(ctx, cmd, 'LEN')
  if (typeof len !== 'number') return len
  if (addr > BigInt(TASK_SIZE)) return errno(name, bad)
  const r = call(task.mm!, Number(addr), len)
  ctx.machine.procs.generation++
  if (!r.ok) return errno(name, r.errno)
  return done(changesText(task), r.value)
}

const textArg = (cmd: Command, name: string): string | undefined => {
  const a = cmd.args[name]
  return a?.kind === 'text' ? a.text : undefined
}

export const munmapCommand = (ctx: ShellContext, cmd: Command): Outcome => rangeCall(ctx, cmd, 'munmap', 'EINVAL', (mm, a, l) => mm.munmap(a, l))

export const mprotectCommand = (ctx: ShellContext, cmd: Command): Outcome =>
  rangeCall(ctx, cmd, 'mprotect', 'ENOMEM', (mm, a, l) => mm.mprotect(a, l, protOf(textArg(cmd, 'PROT'))))

export const madviseCommand = (ctx: ShellContext, cmd: Command): Outcome =>
  rangeCall(ctx, cmd, 'madvise', 'ENOMEM', (mm, a, l) => mm.madvise(a, l, textArg(cmd, 'ADVICE') as Parameters<MmStruct['madvise']>[2]))

export const mlockCommand = (ctx: ShellContext, cmd: Command): Outcome => rangeCall(ctx, cmd, 'mlock', 'ENOMEM', (mm, a, l) => mm.mlock(a, l, true))

export const munlockCommand = (ctx: ShellContext, cmd: Command): Outcome => rangeCall(ctx, cmd, 'munlock', 'ENOMEM', (mm, a, l) => mm.mlock(a, l, false))

export function mremapCommand(ctx: ShellContext, cmd: Command): Outcome {
  const fixed = cmd.options.fixed
  let to: number | null = null
  if (fixed?.kind === 'expr') {
    const v = evalExpr(fixed.expr, ctx.vars)
    if ('error' in v) return runtimeError(cmd.stmt.line, v.col, v.error)
    if (v.value > BigInt(TASK_SIZE)) return errno('mremap', 'EINVAL')
    to = Number(v.value)
  }
  const newLen = argNumber(ctx, cmd, 'NEWLEN')
  if (typeof newLen !== 'number') return newLen
  return rangeCall(ctx, cmd, 'mremap', 'EINVAL', (mm, a, l) => mm.mremap(a, l, newLen, cmd.flags.has('maymove'), to))
}

export function brkCommand(ctx: ShellContext, cmd: Command): Outcome {
  const task = targetTask(ctx, cmd)
  if (!('pid' in task)) return task
  const mm = task.mm!
  const a = cmd.args.ARG
  if (!a) return done(`brk ${hex(mm.brk)} (start_brk ${hex(mm.start_brk)})`, mm.brk)
  if (a.kind !== 'delta') return runtimeError(cmd.stmt.line, a.token.col, 'brk takes +N, -N or an address')
  const v = evalExpr(a.expr, ctx.vars)
  if ('error' in v) return runtimeError(cmd.stmt.line, v.col, v.error)
  const target = a.sign === 0 ? Number(v.value) : mm.brk + a.sign * Number(v.value)
  const before = mm.brk
  const now = target < 0 || target > TASK_SIZE ? mm.brk : mm.sysBrk(target)
  ctx.machine.procs.generation++
  // brk(2) never fails in the kernel: a break it refuses leaves the old one, which it returns (as
  // vml-probe reports it; glibc's brk() would turn that into -1/ENOMEM).
  if (now === before && target !== before) return done(`brk: refused (below start_brk, over RLIMIT_DATA or into a mapping); the break stays at ${hex(now)}`, now)
  return done(changesText(task) || `brk ${hex(now)}`, now)
}

/** A process named by a `task` argument, or the runtime error of its line. */
function taskArg(ctx: ShellContext, cmd: Command, name: string): Task | Outcome {
  const a = cmd.args[name]!
  const text = a.kind === 'text' ? a.text : ''
  const t = ctx.machine.procs.resolve(text)
  if (!t) return runtimeError(cmd.stmt.line, a.token.col, `no process '${text}'`)
  return t
}

/** A new handle, or the runtime error of a name that is taken. */
function newHandle(ctx: ShellContext, cmd: Command, name: string): string | Outcome {
  const a = cmd.args[name]!
  const text = a.kind === 'text' ? a.text : ''
  const taken = ctx.machine.procs.byHandle(text)
  if (taken) return runtimeError(cmd.stmt.line, a.token.col, `'${text}' already names process ${taken.pid}`)
  return text
}

export function forkCommand(ctx: ShellContext, cmd: Command): Outcome {
  const parent = taskArg(ctx, cmd, 'PARENT')
  if (!('pid' in parent)) return parent
  const handle = newHandle(ctx, cmd, 'CHILD')
  if (typeof handle !== 'string') return handle
  if (!parent.mm) return errno('fork', 'EINVAL', `fork: ${parent.comm} is a kernel thread: it has no address space to copy`)
  const r = ctx.machine.procs.fork(parent, handle)
  if (typeof r === 'string') return errno('fork', r)
  const mm = r.mm!
  return done(`${handle}: pid ${r.pid}, child of ${parent.pid} — ${mm.map_count} VMAs copied, mm 0x${mm.ptr.toString(16)}`, r.pid)
}

export function cloneCommand(ctx: ShellContext, cmd: Command): Outcome {
  const parent = taskArg(ctx, cmd, 'PARENT')
  if (!('pid' in parent)) return parent
  const handle = newHandle(ctx, cmd, 'CHILD')
  if (typeof handle !== 'string') return handle
  if (!parent.mm) return errno('clone', 'EINVAL', `clone: ${parent.comm} is a kernel thread`)
  const t = ctx.machine.procs.cloneVm(parent, handle)
  return done(`${handle}: tid ${t.pid}, shares the mm of ${parent.pid} (mm_users ${t.mm!.mm_users})`, t.pid)
}

export function execCommand(ctx: ShellContext, cmd: Command): Outcome {
  const t = taskArg(ctx, cmd, 'NAME')
  if (!('pid' in t)) return t
  const p = cmd.args.PATH!
  const path = p.kind === 'text' ? p.text : ''
  const r = ctx.machine.procs.execImage(t, path)
  if (r === 'ENOENT') return errno('exec', 'ENOENT', `exec: ${path}: No such file or directory (the built-in images: /usr/bin/cat)`)
  if (r) return errno('exec', r)
  return done(`${t.handle ?? t.pid}: pid ${t.pid} now runs ${path} — ${t.mm!.map_count} VMAs`, t.pid)
}

export function exitCommand(ctx: ShellContext, cmd: Command): Outcome {
  // A process that exited already: nothing more happens (vml-probe answers it the same way).
  const a = cmd.args.NAME!
  const name = a.kind === 'text' ? a.text : ''
  if (!ctx.machine.procs.resolve(name) && ctx.machine.procs.exited.has(name)) return done(`${name}: exited already (pid ${ctx.machine.procs.exited.get(name)})`, 0)
  const t = taskArg(ctx, cmd, 'NAME')
  if (!('pid' in t)) return t
  const mm = t.mm
  const users = mm ? mm.mm_users - 1 : 0
  ctx.machine.procs.exit(t)
  return done(mm ? (users ? `pid ${t.pid} exited; its mm has ${users} user${users === 1 ? '' : 's'} left` : `pid ${t.pid} exited; its address space is gone (exit_mmap)`) : `pid ${t.pid} exited`, 0)
}

export function kthreadCommand(ctx: ShellContext, cmd: Command): Outcome {
  const handle = newHandle(ctx, cmd, 'NAME')
  if (typeof handle !== 'string') return handle
  const t = ctx.machine.procs.kthread(handle)
  return done(`${handle}: pid ${t.pid}, a kernel thread (mm NULL)`, t.pid)
}

/** `read`, `write`, `fetch`: the process touches every page of a range, faulting as needed. */
function accessCommand(ctx: ShellContext, cmd: Command, kind: Access): Outcome {
  const task = targetTask(ctx, cmd)
  if (!('pid' in task)) return task
  const addr = argPointer(ctx, cmd, 'ADDR')
  if (typeof addr !== 'bigint') return addr
  let len = 1
  if (cmd.args.LEN) {
    const l = argNumber(ctx, cmd, 'LEN')
    if (typeof l !== 'number') return l
    len = l
  }
  const procs = ctx.machine.procs
  procs.generation++
  if (addr >= BigInt(TASK_SIZE) || Number(addr) + len > TASK_SIZE) {
    // A user access to a kernel address faults on the U/S bit: SEGV_MAPERR as for any address
    // outside the user range (arch/x86/mm/fault.c: do_kern_addr_fault() → bad_area_nosemaphore()).
    return segv(ctx, task, 'SEGV_MAPERR', addr)
  }
  if (len > 1 << 30) return runtimeError(cmd.stmt.line, cmd.args.LEN!.token.col, 'LEN above 1G: touch it in parts')
  const r = procs.paging.access(task, Number(addr), len, kind)
  if (!r.ok) return segv(ctx, task, r.code, BigInt(r.addr))
  const parts = [`${r.pages} page${r.pages === 1 ? '' : 's'}`]
  if (r.minor) parts.push(`${r.minor} page fault${r.minor === 1 ? '' : 's'}`)
  // A fault that mapped a transparent huge page (or the huge zero page) says so: one fault, 2 MiB.
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const ofHuge = (n: number, huge: number, small: string, big: string): string =>
    huge === 0 ? plural(n, small) : huge === n ? plural(n, big) : `${plural(n, small)} (${huge} of 2 MiB)`
  if (r.newPages) parts.push(ofHuge(r.newPages, r.hugeNew, 'new page', 'new 2 MiB page'))
  if (r.zeroPages) parts.push(ofHuge(r.zeroPages, r.hugeZero, 'zero-page mapping', 'huge zero-page mapping'))
  return done(parts.join(', '), 0)
}

/** SIGSEGV: the line the probe prints; with segv=kill the process dies of it. */
function segv(ctx: ShellContext, task: Task, code: string, addr: bigint): Outcome {
  const line = `SIGSEGV ${code} addr=0x${addr.toString(16)}`
  if (task.segv === 'catch') return { ok: false, value: null, errno: null, output: line }
  ctx.machine.procs.exit(task)
  return { ok: false, value: null, errno: null, output: `${line}\n${task.handle ?? task.pid} (pid ${task.pid}) killed by SIGSEGV` }
}

export const readCommand = (ctx: ShellContext, cmd: Command): Outcome => accessCommand(ctx, cmd, 'read')
export const writeCommand = (ctx: ShellContext, cmd: Command): Outcome => accessCommand(ctx, cmd, 'write')
export const fetchCommand = (ctx: ShellContext, cmd: Command): Outcome => accessCommand(ctx, cmd, 'exec')

const bitsOf = (e: bigint) => entryBitNames(e).join(' ')
const hex16 = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`

/**
 * `translate ADDR`: the walk the MMU makes for this process. A user address is walked from the
 * PGD user mode runs on (under PTI the second page of the PGD); a kernel address from the kernel
 * PGD, whose upper half every process shares with init_mm — and in user mode it faults (U/S).
 */
export function translateCommand(ctx: ShellContext, cmd: Command): Outcome {
  const task = targetTask(ctx, cmd)
  if (!('pid' in task)) return task
  const addr = argPointer(ctx, cmd, 'ADDR')
  if (typeof addr !== 'bigint') return addr
  const mm = task.mm!
  const canonical = addr < 0x0000800000000000n || addr >= 0xffff800000000000n
  if (!canonical) return { ok: false, value: null, errno: null, output: `${hex16(addr)} is not canonical (bits 63–48 must copy bit 47): #GP, SIGSEGV` }
  const user = addr < BigInt(TASK_SIZE)
  const pti = ctx.machine.pgtables.tables.has(mm.pgd + 1) && ctx.machine.pgtables.tables.get(mm.pgd + 1) !== undefined
  const pgd = user && pti ? mm.pgd + 1 : mm.pgd
  const lines = [`CR3 ${hex16(BigInt(pgd) << 12n)}  pfn ${pgd}: ${user ? (pti ? 'the user-mode copy of ' : '') : 'the kernel half of '}${task.handle ?? task.pid}'s PGD`]
  const walk = ctx.machine.procs.paging.walk(mm, addr, pgd)
  const shifts = { PGD: 39n, PUD: 30n, PMD: 21n, PTE: 12n }
  for (const s of walk) {
    const bits = s.level === 'PGD' ? '47–39' : s.level === 'PUD' ? '38–30' : s.level === 'PMD' ? '29–21' : '20–12'
    const present = s.entry & 1n
    const leaf = s.level === 'PTE' || (s.entry & (1n << 7n)) !== 0n
    const to = !present ? 'not present' : leaf ? `page frame ${Number((s.entry >> 12n) & 0xffffffffffn)}` : `table at pfn ${Number((s.entry >> 12n) & 0xffffffffffn)}`
    lines.push(`${s.level}[${s.index}] (bits ${bits}) ${hex16(s.entry)}  ${bitsOf(s.entry) || '-'} → ${to}`)
    if (!present) {
      const vma = user ? mm.vmaLookup(Number(addr)) : null
      lines.push(
        user
          ? vma
            ? `#PF (not present): the VMA ${hex(vma.vm_start)}-${hex(vma.vm_end)} allows it; handle_mm_fault() would map a page`
            : `#PF (not present), no VMA: SIGSEGV SEGV_MAPERR`
          : `#PF in the kernel: nothing mapped here`
      )
      return { ok: false, value: null, errno: null, output: lines.join('\n') }
    }
    if (leaf) {
      const size = 1n << shifts[s.level]
      const phys = (s.entry & 0x000ffffffffff000n & ~(size - 1n)) + (addr & (size - 1n))
      lines.push(`physical ${hex16(phys)} (${size === 4096n ? '4 KiB' : size === 1n << 21n ? '2 MiB' : '1 GiB'} page, offset 0x${(addr & (size - 1n)).toString(16)})`)
      if (!user) lines.push('from user mode: the U/S bit is clear (and under PTI the user PGD has no such entry): #PF, SIGSEGV')
      return done(lines.join('\n'), phys)
    }
  }
  return done(lines.join('\n'))
}

/** `run NAME [cpu=N]`: a context switch on CPU N. */
export function runCommand(ctx: ShellContext, cmd: Command): Outcome {
  const cpus = ctx.machine.procs.cpus
  const cpuId = cmd.options.cpu?.kind === 'number' ? Number(cmd.options.cpu.value) : 0
  if (cpuId >= cpus.cpus.length) return runtimeError(cmd.stmt.line, cmd.options.cpu!.token.col, `cpu=${cpuId}: the machine has CPUs 0..${cpus.cpus.length - 1}`)
  const a = cmd.args.NAME!
  const name = a.kind === 'text' ? a.text : ''
  let task: Task | null = null
  if (name !== 'idle') {
    const t = taskArg(ctx, cmd, 'NAME')
    if (!('pid' in t)) return t
    task = t
  }
  const before = cpus.cpus[cpuId]!.current
  const r = cpus.run(cpuId, task)
  if (task?.mm) ctx.machine.procs.current = task.pid
  const who = task ? `${task.handle ?? task.comm} (pid ${task.pid})` : `swapper/${cpuId}`
  if (before === task) return done(`CPU ${cpuId} already runs ${who}`)
  const cpu = cpus.cpus[cpuId]!
  if (!task?.mm) {
    const mm = cpu.loadedMm ? [...ctx.machine.procs.tasks.values()].find((t) => t.mm === cpu.loadedMm) : null
    return done(`CPU ${cpuId}: ${who}, a kernel thread: ${r.lazy ? `lazy TLB, CR3 still holds the PGD of ${mm?.handle ?? mm?.pid ?? 'a process'}` : 'runs on init_mm'}`)
  }
  const pti = ctx.machine.pgtables.tables.has(task.mm.pgd + 1)
  const cr3 = pti ? `pfn ${task.mm.pgd} (pfn ${task.mm.pgd + 1} in user mode, PTI)` : `pfn ${task.mm.pgd}`
  const how = cpus.pcid ? (r.flushed ? `ASID ${r.asid} (re)loaded: its entries flushed` : `ASID ${r.asid} kept its entries (PCID)`) : 'no PCID: the TLB is flushed'
  return done(`CPU ${cpuId}: ${who}, CR3 → ${cr3}; ${how}`)
}

/** `file PATH SIZE [mode=rw|r]`: a regular file for mmap file=PATH. */
export function fileCommand(ctx: ShellContext, cmd: Command): Outcome {
  const p = cmd.args.PATH!
  const path = p.kind === 'text' ? p.text : ''
  const size = argNumber(ctx, cmd, 'SIZE')
  if (typeof size !== 'number') return size
  if (path.startsWith('/proc/') || path.startsWith('/sys/') || path.startsWith('/dev/')) return errno('file', 'EPERM', `file: ${path}: not a regular file on the disk`)
  if (size > 2 ** 40) return errno('file', 'EFBIG', `file: ${path}: larger than the lab's 1 TiB`)
  const writable = !(cmd.options.mode?.kind === 'text' && cmd.options.mode.text === 'r')
  const f = ctx.machine.procs.createFile(path, size, writable)
  return done(`${path}: ${size.toLocaleString('en-US')} bytes, inode ${f.inode} on fe:00${writable ? '' : ', read-only'}`, size)
}

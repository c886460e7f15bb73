import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FrameUse } from '@shared/model/frames'
import { Engine } from '../engine'

const fixtures = join(__dirname, '..', 'procfs', 'fixtures')
const vmaFixtures = join(__dirname, '..', 'vma', 'fixtures')
const run = (e: Engine, line: string) => e.exec(line)

/** A `Name:   N kB` field of a procfs text (status, meminfo), as a number. */
const kb = (text: string, name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text)![1])
/** That field of a file the engine prints (`/proc/meminfo`, `/proc/p1/status`). */
const catKb = (e: Engine, path: string, name: string): number => kb(e.exec(`cat ${path}`).output, name)

/**
 * The smaps blocks of a scenario's VMAs (4 GiB to 64 GiB, where the probe's own process maps
 * nothing): each VMA's range and permissions with its memory fields.
 */
function scenarioSmaps(text: string): string[] {
  const fields = /^(Size|Rss|Pss|Pss_Dirty|Shared_Clean|Shared_Dirty|Private_Clean|Private_Dirty|Referenced|Anonymous|LazyFree|AnonHugePages|Locked):/
  return text
    .split(/^(?=[0-9a-f]+-[0-9a-f]+ )/m)
    .filter((b) => mapsIn(b.split('\n')[0]!, 0x100000000n, 0x1000000000n).length)
    .map((b) => [b.split(' ').slice(0, 2).join(' '), ...b.split('\n').filter((l) => fields.test(l))].join('\n'))
}

/** The active objects of a slab cache, from /proc/slabinfo. */
const catSlab = (e: Engine, cache: string): number => Number(new RegExp(`^${cache}\\s+(\\d+)`, 'm').exec(e.exec('cat /proc/slabinfo').output)![1])

/** A VML script of vma/fixtures and what vml-probe printed for it on the reference kernel. */
interface ProbeLine {
  line: number
  command: string
  ok: boolean
  result: string | number | null
  errno: string | null
  output: string
}
function probeFixture(name: string): { script: string[]; real: ProbeLine[] } {
  const script = readFileSync(join(vmaFixtures, `${name}.vml`), 'utf8').trimEnd().split('\n')
  // The probe's output, named after the reference kernel's release (uname -r).
  const file = readdirSync(vmaFixtures).find((f) => f.startsWith(`${name}.linux-`) && f.endsWith('.jsonl'))!
  const real = readFileSync(join(vmaFixtures, file), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as ProbeLine)
  return { script, real }
}

/**
 * The script of a fixture run on a new engine: ours and the reference kernel's answer, line by
 * line, after checking that both succeeded or failed alike (`firstLine`: and that a failure's
 * first line reads as Linux's).
 */
function replayFixture(name: string, firstLine = false) {
  const { script, real } = probeFixture(name)
  const e = new Engine({ debug: true })
  const ours = new Map(script.map((line, i) => [i + 1, e.exec(line, i + 1)]))
  for (const r of real) {
    const o = ours.get(r.line)!
    if (firstLine) expect([o.ok, o.errno, o.ok ? null : o.output.split('\n')[0]], r.command).toEqual([r.ok, r.errno, r.ok ? null : r.output])
    else expect([o.ok, o.errno], r.command).toEqual([r.ok, r.errno])
  }
  const pairs = real.map((r) => ({ r, o: ours.get(r.line)! }))
  // The script's first `cat /proc/p1/status`: status fields are compared by their change since.
  const base = real.find((r) => r.command === 'cat /proc/p1/status')!
  const sinceBase = (text: string, f: string, ourText: boolean) => kb(text, f) - kb(ourText ? ours.get(base.line)!.output : base.output, f)
  /** That ours and Linux's `fields` changed alike since the base status. */
  const expectDelta = (o: { output: string }, r: ProbeLine, fields: string[]) => {
    for (const f of fields) expect(sinceBase(o.output, f, true), `${r.line} ${f}`).toBe(sinceBase(r.output, f, false))
  }
  return { e, ours, real, pairs, expectDelta }
}

/** The lines of a maps text inside [lo, hi), with addresses moved by `delta`. */
function mapsIn(text: string, lo: bigint, hi: bigint, delta = 0n): string[] {
  return text
    .trimEnd()
    .split('\n')
    .filter((l) => {
      const [s, e] = l.split(' ')[0]!.split('-').map((x) => BigInt('0x' + x))
      return s! >= lo && e! <= hi
    })
    .map((l) => {
      const [range, ...rest] = l.split(' ')
      const [s, e] = range!.split('-').map((x) => BigInt('0x' + x) + delta)
      return [`${s!.toString(16)}-${e!.toString(16)}`, ...rest].join(' ')
    })
}

describe('a spawned process (built-in /usr/bin/cat)', () => {
  it('has the address space of `setarch -R cat /proc/self/maps` on the reference kernel, line for line', () => {
    const e = new Engine({ debug: true })
    expect(run(e, 'spawn p1').ok).toBe(true)
    // cat's own read buffer (mmap of 128 KiB + 8 KiB) is the last mapping before it reads the file.
    const buf = run(e, 'b = p1: mmap 139264 rw')
    expect(buf.result).toBe('0x7ffff7d50000')
    const maps = run(e, 'cat /proc/p1/maps').output
    expect(maps).toBe(readFileSync(join(fixtures, 'cat-self-maps-6.18.44-fc.txt'), 'utf8'))
  })

  it('reports the virtual-memory counters of the reference cat in /proc/PID/status', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'p1: mmap 139264 rw')
    const ours = run(e, 'cat /proc/p1/status').output
    const real = readFileSync(join(fixtures, 'cat-self-status-6.18.44-fc.txt'), 'utf8')
    const field = (text: string, name: string) => new RegExp(`^${name}:\\t(.*)$`, 'm').exec(text)?.[1]
    for (const name of ['VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmSwap', 'Threads', 'Umask', 'Uid']) {
      expect(field(ours, name), name).toBe(field(real, name))
    }
    // Every line the real file has, in the same order (values of ids, RSS and limits aside).
    const names = (text: string) => text.trimEnd().split('\n').map((l) => l.split(':')[0])
    expect(names(ours)).toEqual(names(real))
    // statm: size in pages and data + stack.
    expect(run(e, 'cat /proc/p1/statm').output).toBe(`${3060 / 4} 0 0 5 0 ${(360 + 132) / 4} 0\n`)
  })
})

describe('/proc/PID/smaps and smaps_rollup', () => {
  it('print every VMA as the reference kernel does, but for the RSS counters (pages come with paging)', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'p1: mmap 139264 rw')
    const ours = run(e, 'cat /proc/p1/smaps').output.split('\n')
    const real = readFileSync(join(fixtures, 'cat-self-smaps-6.18.44-fc.txt'), 'utf8').split('\n')
    expect(ours).toHaveLength(real.length)
    const rss = new Set(['Rss', 'Pss', 'Pss_Dirty', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty', 'Referenced', 'Anonymous'])
    real.forEach((line, i) => {
      if (rss.has(line.split(':')[0]!)) expect(ours[i]!.split(':')[0]).toBe(line.split(':')[0])
      else expect(ours[i]).toBe(line)
    })
    const rollup = run(e, 'cat /proc/p1/smaps_rollup').output.split('\n')
    expect(rollup[0]).toBe('555555554000-7ffffffff000 ---p 00000000 00:00 0                          [rollup]')
    expect(rollup.slice(1, -1).map((l) => l.split(':')[0])).toEqual(
      ['Rss', 'Pss', 'Pss_Dirty', 'Pss_Anon', 'Pss_File', 'Pss_Shmem', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty', 'Referenced',
        'Anonymous', 'KSM', 'LazyFree', 'AnonHugePages', 'ShmemPmdMapped', 'FilePmdMapped', 'Shared_Hugetlb', 'Private_Hugetlb', 'Swap', 'SwapPss', 'Locked']
    )
  })

  it('marks a MADV_HUGEPAGE anonymous mapping that holds an aligned 2 MiB THP-eligible (thp=madvise)', () => {
    const e = new Engine({ debug: true })
    // (Below 512 MiB of RAM hugepage_init() turns THP off altogether.)
    run(e, 'machine ram=1G thp=madvise')
    run(e, 'spawn p1')
    const x = BigInt(run(e, 'x = p1: mmap 4M rw').result as string)
    const block = () => run(e, 'cat /proc/p1/smaps').output.split(/^(?=[0-9a-f]+-)/m).find((b) => b.startsWith(x.toString(16) + '-'))!
    expect(block()).toMatch(/THPeligible:\s+0\nVmFlags: rd wr mr mw me ac \n/)
    run(e, 'p1: madvise $x 4M hugepage')
    expect(block()).toMatch(/THPeligible:\s+1\nVmFlags: rd wr mr mw me ac hg \n/)
  })
})

describe('merging and splitting against the reference kernel (vml-probe)', () => {
  const { script, real } = probeFixture('merge-split')

  it('places, merges, splits and refuses exactly as Linux 6.18 does', () => {
    const e = new Engine({ debug: true })
    const ours = script.map((line, i) => e.exec(line, i + 1))
    const a = { ours: BigInt(ours[1]!.result as string), real: BigInt(real[1]!.result as string) }
    const delta = a.ours - a.real
    for (let i = 0; i < script.length; i++) {
      const r = real[i]!
      const o = ours[i]!
      expect([o.ok, o.errno], script[i]).toEqual([r.ok, r.errno])
      if (script[i]!.startsWith('cat ')) {
        // The probe's own image differs from cat's: compare the lab's mappings, [b, a + 64K).
        const lo = a.real - 0x10000n
        const hi = a.real + 0x10000n
        expect(mapsIn(o.output, lo + delta, hi + delta), script[i]).toEqual(mapsIn(r.output, lo, hi, delta))
      }
    }
    // The second 64K mapping went right below the first and merged with it (one VMA).
    expect(mapsIn(ours[4]!.output, a.ours - 0x10000n, a.ours + 0x10000n)).toHaveLength(1)
    expect(mapsIn(ours[6]!.output, a.ours - 0x10000n, a.ours + 0x10000n)).toHaveLength(3)
  })
})

describe('mmap placement and accounting', () => {
  it('aligns a 2 MiB-multiple anonymous mapping to 2 MiB, as thp_get_unmapped_area() does', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const r = run(e, 'x = p1: mmap 4M rw')
    expect(BigInt(r.result as string) % 0x200000n).toBe(0n)
  })

  it('charges private writable mappings to Committed_AS and gives them back on munmap', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const committed = () => Number(/^Committed_AS:\s+(\d+) kB$/m.exec(run(e, 'cat /proc/meminfo').output)![1])
    const before = committed()
    run(e, 'x = p1: mmap 1M rw')
    expect(committed()).toBe(before + 1024)
    run(e, 'y = p1: mmap 1M r')
    expect(committed()).toBe(before + 1024)
    run(e, 'p1: munmap $x 1M')
    expect(committed()).toBe(before)
  })

  it('grows and shrinks [heap] with brk', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const heap = () => run(e, 'cat /proc/p1/maps').output.split('\n').find((l) => l.endsWith('[heap]'))
    expect(heap()).toMatch(/^555555560000-555555581000 rw-p/)
    expect(run(e, 'p1: brk +64K').result).toBe('0x555555591000')
    expect(heap()).toMatch(/^555555560000-555555591000 rw-p/)
    expect(run(e, 'p1: brk -0x30000').result).toBe('0x555555561000')
    expect(heap()).toMatch(/^555555560000-555555561000 rw-p/)
  })

  it('refuses mprotect over a hole with ENOMEM after changing what lies before it', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'x = p1: mmap 16K rw')
    run(e, 'p1: munmap $x+8K 4K')
    const r = run(e, 'p1: mprotect $x 16K r')
    expect(r.errno).toBe('ENOMEM')
    const maps = run(e, 'cat /proc/p1/maps').output
    const x = BigInt(run(e, 'expect $x == $x').ok ? (e as unknown as { vars: Map<string, bigint> }).vars.get('x')! : 0n)
    expect(maps).toContain(`${x.toString(16)}-${(x + 0x2000n).toString(16)} r--p`)
  })
})

describe('mlock, madvise, mremap and mprotect at fixed addresses, against the reference kernel (vml-probe)', () => {
  const { script, real } = probeFixture('syscalls')

  it('gives the same results, errnos, VMAs and VmLck', () => {
    const e = new Engine({ debug: true })
    const ours = new Map(script.map((line, i) => [i + 1, e.exec(line, i + 1)]))
    const lo = 0x100000000n
    const hi = 0x1000000000n
    for (const r of real) {
      const o = ours.get(r.line)!
      expect([o.ok, o.errno], r.command).toEqual([r.ok, r.errno])
      if (!r.command.startsWith('spawn')) expect(o.result, r.command).toEqual(r.result)
      if (r.command.endsWith('/maps')) expect(mapsIn(o.output, lo, hi), r.command).toEqual(mapsIn(r.output, lo, hi))
      if (r.command.endsWith('/status')) {
        const lck = (t: string) => /^VmLck:.*$/m.exec(t)![0]
        expect(lck(o.output)).toBe(lck(r.output))
      }
    }
  })
})

describe('fork and exit against the reference kernel (vml-probe)', () => {
  const { script, real } = probeFixture('fork')

  it('copies the VMAs as they are (split ones stay split), drops the locks in the child, keeps the parent', () => {
    const e = new Engine({ debug: true })
    const ours = new Map(script.map((line, i) => [i + 1, e.exec(line, i + 1)]))
    const field = kb
    const parentSize = { ours: field(ours.get(5)!.output, 'VmSize'), real: field(real.find((r) => r.line === 5)!.output, 'VmSize') }
    for (const r of real) {
      const o = ours.get(r.line)!
      expect([o.ok, o.errno], r.command).toEqual([r.ok, r.errno])
      if (r.command.endsWith('/maps')) expect(mapsIn(o.output, 0x100000000n, 0x1000000000n), r.command).toEqual(mapsIn(r.output, 0x100000000n, 0x1000000000n))
      if (r.command.endsWith('/status')) {
        expect(field(o.output, 'VmLck'), r.command).toBe(field(r.output, 'VmLck'))
        // VmSize of the child, and of the parent after the child exits, as the parent's.
        expect(field(o.output, 'VmSize') === parentSize.ours, r.command).toBe(field(r.output, 'VmSize') === parentSize.real)
      }
    }
    expect(run(e, 'cat /proc/c1/maps').errno).toBe('ENOENT')
  })

  it('frees what the child had when it exits: VMAs, PGD, mm_struct, task_struct', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const field = (name: string) => catKb(e, '/proc/meminfo', name)
    const before = { pt: field('PageTables'), slab: field('Slab'), commit: field('Committed_AS') }
    run(e, 'fork p1 c1')
    expect(field('PageTables')).toBe(before.pt + 8) // an order-1 PGD under PTI
    expect(field('Committed_AS')).toBeGreaterThan(before.commit)
    run(e, 'exit c1')
    expect(field('PageTables')).toBe(before.pt)
    expect(field('Committed_AS')).toBe(before.commit)
    const s = e.snapshot(['processes']).processes!
    expect(s.processes.map((p) => p.handle)).toEqual(['p1'])
  })

  it('keeps the maple tree in maple_node slab objects, one per node, given back at exit', () => {
    const e = new Engine({ debug: true })
    // The objects really allocated (slabinfo would count a CPU slab's free objects as active).
    const nodes = () => e.snapshot(['slab']).slab!.caches.find((c) => c.name === 'maple_node')!.allocated
    expect(nodes()).toBe(0)
    run(e, 'spawn p1')
    const m = (e as unknown as { machine: { procs: { tasks: Map<number, { mm: { mm_mt: { nodes: number } } }> } } }).machine
    const tree = m.procs.tasks.get(1)!.mm.mm_mt
    expect(tree.nodes).toBeGreaterThan(1)
    expect(nodes()).toBe(tree.nodes)
    run(e, 'exit p1')
    expect(nodes()).toBe(0)
  })

  it('shares the mm with a CLONE_VM thread and counts its users', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'clone p1 t1 vm')
    run(e, 'kthread kw')
    const rows = e.snapshot(['processes']).processes!.processes
    const p1 = rows.find((r) => r.handle === 'p1')!
    const t1 = rows.find((r) => r.handle === 't1')!
    expect(t1.mm).toBe(p1.mm)
    expect([p1.mmUsers, p1.mmCount]).toEqual([2, 1])
    expect(rows.find((r) => r.handle === 'kw')).toMatchObject({ kthread: true, mm: null })
    run(e, 'exit p1')
    expect(e.snapshot(['processes']).processes!.processes.find((r) => r.handle === 't1')!.mmUsers).toBe(1)
  })
})

describe('merge and split cases after tools/testing/vma/vma.c, against the reference kernel (vml-probe)', () => {
  const { script, real } = probeFixture('merge-cases')
  // shmem inode numbers are the kernel's own counter: compare that they differ, not their values.
  const maskIno = (lines: string[]) => lines.map((l) => l.replace(/ 00:01 \d+ +/, ' 00:01 INO '))
  const lo = 0x100000000n
  const hi = 0x1000000000n
  /** smaps blocks inside [lo, hi): header, Size, THPeligible and VmFlags (RSS and Locked come with paging: MAP_LOCKED populates). */
  const smapsIn = (text: string) =>
    text
      .split(/^(?=[0-9a-f]+-[0-9a-f]+ )/m)
      .filter((b) => mapsIn(b.split('\n')[0]!, lo, hi).length)
      .map((b) => maskIno(b.split('\n').filter((l) => /^([0-9a-f]+-|Size|THPeligible|VmFlags|KernelPageSize)/.test(l))).join('\n'))

  it('merges new ranges into both neighbours, splits and merges back on mprotect, keeps shmem and growsdown apart', () => {
    const e = new Engine({ debug: true })
    const ours = new Map(script.map((line, i) => [i + 1, e.exec(line, i + 1)]))
    for (const r of real) {
      const o = ours.get(r.line)!
      expect([o.ok, o.errno], r.command).toEqual([r.ok, r.errno])
      if (!r.command.startsWith('spawn')) expect(o.result, r.command).toEqual(r.result)
      if (r.command.endsWith('/maps')) expect(maskIno(mapsIn(o.output, lo, hi)), r.command).toEqual(maskIno(mapsIn(r.output, lo, hi)))
      if (r.command.endsWith('/smaps')) expect(smapsIn(o.output), r.command).toEqual(smapsIn(r.output))
      if (r.command.endsWith('/status')) {
        const lck = (t: string) => /^VmLck:.*$/m.exec(t)![0]
        expect(lck(o.output), r.command).toBe(lck(r.output))
      }
    }
    const shm = mapsIn(ours.get(22)!.output, lo, hi).filter((l) => l.includes('/dev/zero'))
    expect(new Set(shm.map((l) => l.split(/\s+/)[4])).size).toBe(2)
  })
})

describe('aslr=on', () => {
  const layout = (seed: number) => {
    const e = new Engine({ debug: true })
    run(e, `machine aslr=on seed=${seed}`)
    const out = run(e, 'spawn p1').output
    const maps = run(e, 'cat /proc/p1/maps').output.split('\n')
    const start = (pred: (l: string) => boolean) => BigInt('0x' + maps.find(pred)!.split('-')[0])
    return {
      out,
      pie: start((l) => l.endsWith('/usr/bin/cat')),
      ld: start((l) => l.endsWith('ld-linux-x86-64.so.2')),
      stackEnd: BigInt('0x' + maps.find((l) => l.endsWith('[stack]'))!.split(' ')[0]!.split('-')[1]),
      heap: start((l) => l.endsWith('[heap]'))
    }
  }

  it('randomizes within the kernel ranges, from the machine seed', () => {
    const a = layout(1)
    const b = layout(2)
    expect(layout(1)).toEqual(a)
    expect(a.pie).not.toBe(b.pie)
    for (const l of [a, b]) {
      // ELF_ET_DYN_BASE + up to 2^28 pages (arch_mmap_rnd()).
      expect(l.pie >= 0x555555554000n && l.pie < 0x555555554000n + (1n << 40n)).toBe(true)
      // The stack top: up to 16 GiB below TASK_SIZE (randomize_stack_top()).
      expect(l.stackEnd <= 0x7ffffffff000n && l.stackEnd > 0x7ffffffff000n - (1n << 34n)).toBe(true)
      // mmap_base: below the stack's gap (8 MiB + 16 GiB + 1 MiB), less up to 2^28 pages.
      expect(l.ld < 0x7ffffffff000n - (8n << 20n) - (1n << 34n) && l.ld > 0x7ffffffff000n - (1n << 35n) - (1n << 40n)).toBe(true)
      // The heap: up to 32 MiB past the end of the bss (arch_randomize_brk()).
      expect(l.heap >= l.pie + 0xc000n && l.heap < l.pie + 0xc000n + (32n << 20n)).toBe(true)
    }
  })
})

describe('anonymous page faults against the reference kernel (vml-probe)', () => {
  const field = kb

  it('changes RSS and VmPTE as Linux does: new pages, reuse, dontneed, copy-on-write, free_pgtables, SIGSEGV', () => {
    const { ours, real, pairs, expectDelta } = replayFixture('faults', true)
    for (const { r, o } of pairs) {
      if (r.command === 'cat /proc/p1/status') expectDelta(o, r, ['RssAnon', 'VmPTE'])
      if (r.command === 'cat /proc/c1/status') {
        // The child maps every anonymous page of its parent (copy-on-write): the same RssAnon.
        const parent = real.find((x) => x.line === 14)!
        expect(field(o.output, 'RssAnon') - field(ours.get(14)!.output, 'RssAnon'), r.command).toBe(field(r.output, 'RssAnon') - field(parent.output, 'RssAnon'))
      }
    }
  })

  it('maps the zero page on a read of untouched anonymous memory, as upstream Linux does (the reference kernel is patched not to: pvm_no_zero_page=1)', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'a = p1: mmap 64K rw')
    const anon = () => field(run(e, 'cat /proc/p1/status').output, 'RssAnon')
    const meminfo = (f: string) => field(run(e, 'cat /proc/meminfo').output, f)
    const before = meminfo('AnonPages')
    expect(run(e, 'p1: read $a 16K').output).toBe('4 pages, 4 page faults, 4 zero-page mappings')
    expect(anon()).toBe(0)
    // A write to a zero-page mapping copies it (do_wp_page() → wp_page_copy()).
    expect(run(e, 'p1: write $a 8K').output).toBe('2 pages, 2 page faults, 2 new pages')
    expect(anon()).toBe(8)
    expect(meminfo('AnonPages')).toBe(before + 8)
    // Written pages are dirty in their PTE.
    expect(run(e, 'p1: write $a 8K').output).toBe('2 pages')
    run(e, 'p1: madvise $a 64K dontneed')
    expect(anon()).toBe(0)
    expect(meminfo('AnonPages')).toBe(before)
  })

  it('grows the stack on a touch below it, within the rlimit, and kills a process that faults with segv=kill', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const stack = () => run(e, 'cat /proc/p1/maps').output.split('\n').find((l) => l.endsWith('[stack]'))!
    expect(stack()).toMatch(/^7ffffffde000-7ffffffff000/)
    expect(run(e, 'p1: write 0x7ffffffdd000').ok).toBe(true)
    expect(stack()).toMatch(/^7ffffffdd000-7ffffffff000/)
    expect(field(run(e, 'cat /proc/p1/status').output, 'VmStk')).toBe(136)
    const r = run(e, 'p1: read 0x1000')
    expect(r.output).toBe('SIGSEGV SEGV_MAPERR addr=0x1000\np1 (pid 1) killed by SIGSEGV')
    expect(run(e, 'cat /proc/p1/maps').errno).toBe('ENOENT')
  })
})

describe('translate', () => {
  it('walks the user-mode PGD down to the frame of a written page, and reports a fault where nothing is mapped', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'a = p1: mmap 64K rw')
    run(e, 'p1: write $a+4K')
    const t = run(e, 'p1: translate $a+4K+0x123')
    const lines = t.output.split('\n')
    expect(lines[0]).toMatch(/^CR3 0x[0-9a-f]{16} {2}pfn \d+: the user-mode copy of p1's PGD$/)
    expect(lines.slice(1, 5).map((l) => l.split(' ')[0])).toEqual(['PGD[255]', 'PUD[511]', 'PMD[446]', 'PTE[355]'])
    expect(lines[4]).toMatch(/ P RW US A D NX → page frame \d+$/)
    const pfn = BigInt(/page frame (\d+)/.exec(lines[4]!)![1]!)
    expect(t.result).toBe(`0x${((pfn << 12n) + 0x123n).toString(16)}`)
    expect(run(e, 'p1: translate $a').output).toMatch(/PTE\[354\].*not present\n#PF \(not present\): the VMA/)
    expect(run(e, 'p1: translate 0x1000').output).toMatch(/SEGV_MAPERR$/)
  })

  it('walks kernel addresses through the kernel half: the direct map (2 MiB pages, no U/S) and the kernel text (no NX)', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const direct = run(e, 'p1: translate 0xffff888001000000')
    expect(direct.result).toBe('0x1000000')
    expect(direct.output).toMatch(/PMD\[8\].* P A D PS NX → page frame 4096/)
    const text = run(e, 'p1: translate 0xffffffff81000000')
    expect(text.output).toMatch(/PGD\[511\].*\nPUD\[510\].*\nPMD\[8\].* P A D PS → page frame 4096/)
    expect(run(e, 'p1: translate 0x0000900000000000').output).toMatch(/not canonical/)
  })
})

describe('populate and mlock against the reference kernel (vml-probe)', () => {
  const field = kb
  const lo = 0x100000000n
  const hi = 0x1000000000n
  const smapsIn = (text: string) =>
    text
      .split(/^(?=[0-9a-f]+-[0-9a-f]+ )/m)
      .filter((b) => mapsIn(b.split('\n')[0]!, lo, hi).length)
      .map((b) => b.split('\n').filter((l) => /^([0-9a-f]+-|Size|Rss|Pss|Shared|Private|Anonymous|Locked|VmFlags)/.test(l)).join('\n'))

  it('faults MAP_POPULATE, MAP_LOCKED and mlocked ranges in, with the same RSS, VmLck, VmPTE and smaps as Linux', () => {
    const { e, pairs, expectDelta } = replayFixture('populate')
    for (const { r, o } of pairs) {
      if (r.command === 'cat /proc/p1/status') {
        expectDelta(o, r, ['RssAnon', 'VmPTE'])
        expect(field(o.output, 'VmLck'), `${r.line} VmLck`).toBe(field(r.output, 'VmLck'))
      }
      if (r.command.endsWith('/smaps')) expect(smapsIn(o.output), r.command).toEqual(smapsIn(r.output))
    }
    // Mlocked and Unevictable in /proc/meminfo follow the locked pages.
    const mem = (f: string) => field(run(e, 'cat /proc/meminfo').output, f)
    expect([mem('Mlocked'), mem('Unevictable')]).toEqual([8, 8])
  })
})

describe('MADV_FREE against the reference kernel (vml-probe)', () => {
  const blocks = scenarioSmaps
  const vmstat = (text: string, f: string) => Number(new RegExp(`^${f} (\\d+)$`, 'm').exec(text)![1])

  it('cleans and ages the pages, marks them lazyfree through the per-CPU batch, splits a THP it cuts, leaves shared ones: smaps and vmstat as Linux', () => {
    const { pairs } = replayFixture('lazyfree')
    let before: { o: string; r: string } | null = null
    let compared = 0
    for (const { r, o } of pairs) {
      if (r.command.endsWith('/smaps')) {
        expect(blocks(o.output), `${r.line} ${r.command}`).toEqual(blocks(r.output))
        compared++
      }
      if (r.command === 'cat /proc/vmstat') {
        // Each run of commands moved as many folios to the file LRU, split as many THPs and PMDs.
        if (before) {
          for (const f of ['pglazyfree', 'thp_split_page', 'thp_split_pmd', 'thp_fault_alloc']) {
            expect(vmstat(o.output, f) - vmstat(before.o, f), `${r.line} ${f}`).toBe(vmstat(r.output, f) - vmstat(before.r, f))
          }
        }
        before = { o: o.output, r: r.output }
      }
    }
    expect(compared).toBe(20)
  })

  it('keeps folios in the batch until it holds 31 or the next MADV_FREE drains it; munmap does not', () => {
    const e = new Engine({ debug: true })
    const lazy = () => kb(run(e, 'cat /proc/p1/smaps_rollup').output, 'LazyFree')
    const file = () => catKb(e, '/proc/meminfo', 'Inactive\\(file\\)')
    // Frames that hold anonymous memory (mapped or not).
    const anonFrames = () => e.machine.memmap.use.filter((u) => u === FrameUse.ANON).length
    const pending = () => e.machine.procs.paging.lazyfreePending(0).length
    run(e, 'spawn p1')
    run(e, 'a = p1: mmap 256K rw fixed_noreplace addr=0x100000000')
    run(e, 'p1: write $a 256K')
    run(e, 'p1: madvise $a 40K free')
    // 10 folios wait in CPU 0's batch: still swap-backed, on the anon list.
    expect([lazy(), file(), pending()]).toEqual([0, 0, 10])
    // The next MADV_FREE drains them first (lru_add_drain()), then queues its own 40: the 31st
    // fills the batch, which moves at once; 9 wait.
    run(e, 'p1: madvise $a+40K 160K free')
    expect([lazy(), file(), pending()]).toEqual([164, 164, 9])
    // munmap does not drain: the 9 waiting pages stay allocated, held by the batch.
    run(e, 'p1: munmap $a 256K')
    expect([file(), pending(), anonFrames()]).toEqual([0, 9, 9])
    // The next MADV_FREE on this CPU drains it: they move, and the batch's reference frees them.
    run(e, 'b = p1: mmap 4K rw')
    run(e, 'p1: madvise $b 4K free')
    expect([file(), pending(), anonFrames()]).toEqual([0, 0, 0])
  })

  it('refuses MADV_FREE on shared, file-backed or locked memory and on a hole', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 's = p1: mmap 8K rw shared')
    expect(run(e, 'p1: madvise $s 8K free').errno).toBe('EINVAL')
    run(e, 'l = p1: mmap 8K rw locked')
    expect(run(e, 'p1: madvise $l 8K free').errno).toBe('EINVAL')
    expect(run(e, 'p1: madvise 0x100000000 4K free').errno).toBe('ENOMEM')
  })
})

describe('random scenarios recorded on the reference kernel (vml-probe)', () => {
  // Each once showed the simulation diverging from Linux: anon_vma reuse by a neighbour and the
  // chains fork makes (which decide merges), mlock populating a range locked already, the
  // integer PSS of pages three processes share, populate draining the lazyfree batch, a locked
  // mapping's growth by mremap faulted in, mlock of PROT_NONE (-ENOMEM, still locked), shared
  // memory read in by MAP_POPULATE (clean until written), mremap with MREMAP_FIXED unmapping the
  // tail beyond the new length first, mprotect making a locked private mapping writable (which
  // faults it in), a stack's growth giving it an anon_vma (so a part mremap moves keeps its pgoff).
  const blocks = scenarioSmaps
  it('gives a VMA faulting next to a compatible one its anon_vma, so that mprotect merges them later (as the reference does)', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'a = p1: mmap 4K rw fixed_noreplace addr=0x100000000')
    run(e, 'b = p1: mmap 4K rwx fixed_noreplace addr=0x100001000')
    run(e, 'p1: write $a 4K')
    run(e, 'p1: write $b 4K')
    const anonVmas = () => catSlab(e, 'anon_vma')
    const before = anonVmas()
    run(e, 'p1: mprotect $b 4K rw')
    expect(mapsIn(run(e, 'cat /proc/p1/maps').output, 0x100000000n, 0x200000000n).map((l) => l.trimEnd())).toEqual(['100000000-100002000 rw-p 00000000 00:00 0'])
    // One anon_vma served both; the merge freed none.
    expect(anonVmas()).toBe(before)
  })

  it.each([5, 6, 14, 51, 64, 130, 146, 316])('seed %i: the same results, VMAs with the same memory fields, the same RssAnon and VmLck changes', (seed) => {
    const { pairs } = replayFixture(`random-${seed}`)
    const first = new Map<string, { o: string; r: string }>()
    for (const { r, o } of pairs) {
      if (!r.ok) continue
      if (r.command.endsWith('/smaps')) expect(blocks(o.output), `${r.line} ${r.command}`).toEqual(blocks(r.output))
      const who = /^cat \/proc\/(\w+)\/status$/.exec(r.command)?.[1]
      if (!who) continue
      const base = first.get(who)
      if (!base) first.set(who, { o: o.output, r: r.output })
      // VmPTE is left out: a mapping moved by mremap lands among the probe's own libraries.
      else for (const f of ['RssAnon', 'VmLck']) expect(kb(o.output, f) - kb(base.o, f), `${r.line} ${who} ${f}`).toBe(kb(r.output, f) - kb(base.r, f))
    }
  })
})

describe('transparent huge pages against the reference kernel (vml-probe)', () => {

  it('maps, splits, zaps, shares, moves and locks THPs with the same RSS, VmPTE, VmLck, AnonHugePages and Locked as Linux', () => {
    const { e, pairs, expectDelta } = replayFixture('thp')
    for (const { r, o } of pairs) {
      if (/^cat \/proc\/\w+\/status$/.test(r.command)) {
        // A child's counters from its parent's start: it maps all its parent maps.
        expectDelta(o, r, ['RssAnon', 'VmPTE'])
        expect(kb(o.output, 'VmLck'), `${r.line} VmLck`).toBe(kb(r.output, 'VmLck'))
      }
      if (r.command.endsWith('/smaps_rollup')) {
        for (const f of ['AnonHugePages', 'Locked']) expect(kb(o.output, f), `${r.line} ${f}`).toBe(kb(r.output, f))
      }
    }
    // Everything was unmapped: no THP left, the one the mremap moved included.
    expect(catKb(e, '/proc/meminfo', 'AnonHugePages')).toBe(0)
  })

  it('fills a 2 MiB TLB entry for a THP, and translate stops at the PMD', () => {
    const e = new Engine({ debug: true })
    run(e, 'machine ram=1G thp=madvise')
    run(e, 'spawn p1')
    run(e, 'a = p1: mmap 4M rw fixed_noreplace addr=0x200000000')
    run(e, 'p1: madvise $a 4M hugepage')
    expect(run(e, 'p1: write $a+4K 4K').output).toBe('1 page, 1 page fault, 1 new 2 MiB page')
    expect(catKb(e, '/proc/meminfo', 'AnonHugePages')).toBe(2048)
    // Every other page of the 2 MiB hits the one TLB entry.
    expect(run(e, 'p1: read $a+1M 64K').output).toBe('16 pages')
    const t = run(e, 'p1: translate 0x200123456').output
    expect(t).toMatch(/PMD\[0\] .* PS /)
    expect(t).not.toMatch(/\bPTE\b/)
    expect(t).toMatch(/\(2 MiB page, offset 0x123456\)/)
    const snap = e.snapshot(['tlb']).tlb!
    expect(snap.cpus[0]!.l1Huge.entries.filter((x) => x.huge).length).toBe(1)
    // A read of a fresh huge-page-able range maps the huge zero page once per 2 MiB; a range that
    // also covers a part too small for a THP maps 4 KiB zero-page entries there.
    run(e, 'b = p1: mmap 4M r fixed_noreplace addr=0x300000000')
    run(e, 'p1: madvise $b 4M hugepage')
    expect(run(e, 'p1: read $b 4M').output).toBe('1024 pages, 2 page faults, 2 huge zero-page mappings')
    run(e, 'c = p1: mmap 3M r fixed_noreplace addr=0x400000000')
    run(e, 'p1: madvise $c 3M hugepage')
    expect(run(e, 'p1: read $c+1M 2M').output).toBe('512 pages, 257 page faults, 257 zero-page mappings (1 of 2 MiB)')
  })
})

describe('file-backed and shmem faults', () => {
  const status = (e: Engine, f: string, who = 'p1') => catKb(e, `/proc/${who}/status`, f)
  const meminfo = (e: Engine, f: string) => catKb(e, '/proc/meminfo', f)
  const vmstat = (e: Engine, f: string) => Number(new RegExp(`^${f} (\\d+)$`, 'm').exec(run(e, 'cat /proc/vmstat').output)![1])

  it('reads a file page in with its read-around window (a major fault), then maps cached neighbours by fault-around', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const cached = meminfo(e, 'Cached')
    const maj = vmstat(e, 'pgmajfault')
    run(e, 'f = p1: mmap 1M r file=/usr/lib/x86_64-linux-gnu/libc.so.6')
    expect(run(e, 'p1: read $f').output).toBe('1 page')
    expect(vmstat(e, 'pgmajfault')).toBe(maj + 1)
    // read_ahead_kb = 128: 32 pages around page 0, i.e. [0, 32).
    expect(meminfo(e, 'Cached')).toBe(cached + 128)
    expect(status(e, 'RssFile')).toBe(4)
    expect(meminfo(e, 'Mapped')).toBe(4)
    // The next page: a minor fault, and fault-around maps the 16-page window's cached pages.
    expect(run(e, 'p1: read $f+4K').output).toBe('1 page, 1 page fault')
    expect(status(e, 'RssFile')).toBe(64)
    // A private write copies the page: anonymous now.
    run(e, 'p1: mprotect $f 4K rw')
    run(e, 'p1: write $f')
    expect([status(e, 'RssFile'), status(e, 'RssAnon')]).toEqual([60, 4])
    run(e, 'p1: munmap $f 1M')
    expect([status(e, 'RssFile'), status(e, 'RssAnon'), meminfo(e, 'Mapped')]).toEqual([0, 0, 0])
    // The page cache keeps the file's pages after the last unmap.
    expect(meminfo(e, 'Cached')).toBe(cached + 128)
  })

  it('gives shared anonymous memory shmem pages, shared with a child, gone when the last mapping is', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 's = p1: mmap 64K rw shared')
    run(e, 'p1: write $s 16K')
    expect([status(e, 'RssShmem'), meminfo(e, 'Shmem')]).toEqual([16, 16])
    run(e, 'fork p1 c1')
    // Shared mappings are not copied at fork: the child faults the pages in from the shmem file.
    expect(status(e, 'RssShmem', 'c1')).toBe(0)
    expect(run(e, 'c1: read $s 16K').output).toBe('4 pages, 1 page fault')
    expect([status(e, 'RssShmem', 'c1'), meminfo(e, 'Shmem')]).toEqual([16, 16])
    run(e, 'exit c1')
    run(e, 'p1: munmap $s 64K')
    expect([meminfo(e, 'Shmem'), meminfo(e, 'Mapped')]).toEqual([0, 0])
  })

  it('maps the vDSO on a read ([vdso] pages count in RssFile, [vvar] by pfn, not at all)', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'p1: read 0x7ffff7fc8000 8K')
    run(e, 'p1: read 0x7ffff7fc2000 8K')
    expect(status(e, 'RssFile')).toBe(8)
  })
})

describe('the pagetable view', () => {
  it('lists the user tables of the current process and its mapped pages, as pagemap would', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'a = p1: mmap 64K rw')
    run(e, 'p1: write $a 8K')
    run(e, 'p1: read $a+8K 4K')
    const v = e.snapshot(['pagetable']).pagetable!
    expect(v.counts).toEqual({ pgd: 1, pud: 1, pmd: 1, pte: 1 })
    expect(v.pgtablesBytes).toBe(3 * 4096)
    expect(v.userPgd).toBe(v.pgd + 1)
    expect(v.tables.map((t) => t.level)).toEqual(['PGD', 'PUD', 'PMD', 'PTE'])
    expect(v.pages.map((p) => [p.kind, p.writable, p.dirty, p.exclusive, p.mapcount])).toEqual([
      ['anon', true, true, true, 1],
      ['anon', true, true, true, 1],
      ['zero', false, false, false, 0]
    ])
    expect(v.tables[3]!.entries[0]!.flags).toEqual(['P', 'RW', 'US', 'A', 'D', 'NX'])
  })
})

describe('files the lab makes', () => {
  const meminfo = (e: Engine, f: string) => catKb(e, '/proc/meminfo', f)
  it('maps them shared: writes dirty the page cache; a read-only file refuses a shared writable mapping', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    expect(run(e, 'file /tmp/data 1M').output).toMatch(/^\/tmp\/data: 1,048,576 bytes, inode \d+ on fe:00$/)
    run(e, 'f = p1: mmap 1M rw shared file=/tmp/data')
    const maps = run(e, 'cat /proc/p1/maps').output
    expect(maps).toMatch(/ rw-s 00000000 fe:00 \d+ +\/tmp\/data\n/)
    run(e, 'p1: write $f 8K')
    expect([meminfo(e, 'Dirty'), meminfo(e, 'Mapped')]).toEqual([8, 8])
    run(e, 'p1: munmap $f 1M')
    expect(meminfo(e, 'Mapped')).toBe(0)
    expect(meminfo(e, 'Cached')).toBeGreaterThanOrEqual(128)
    run(e, 'file /tmp/ro 64K mode=r')
    expect(run(e, 'p1: mmap 64K rw shared file=/tmp/ro').errno).toBe('EACCES')
    expect(run(e, 'p1: mmap 64K r shared file=/tmp/ro').output).toMatch(/r--s/)
    expect(run(e, 'p1: mmap 64K rw file=/tmp/nope').errno).toBe('ENOENT')
  })

  it('populates file mappings as get_user_pages() does: private writable ones are copied now; mlock locks page-cache pages while a locked VMA maps them', () => {
    // As a C program shows on the reference kernel (MAP_POPULATE over a 1 MiB ext4 file:
    // RssFile +1024 kB read-only, RssAnon +1024 kB private writable, RssFile +1024 kB shared).
    const e = new Engine({ debug: true })
    const status = (f: string) => catKb(e, '/proc/p1/status', f)
    const locked = () => [meminfo(e, 'Mlocked'), meminfo(e, 'Unevictable')]
    run(e, 'spawn p1')
    run(e, 'file /tmp/pf.dat 1M')
    run(e, 'a = p1: mmap 1M r populate file=/tmp/pf.dat')
    expect([status('RssFile'), status('RssAnon')]).toEqual([1024, 0])
    run(e, 'p1: munmap $a 1M')
    run(e, 'b = p1: mmap 1M rw populate file=/tmp/pf.dat')
    expect([status('RssFile'), status('RssAnon')]).toEqual([0, 1024])
    run(e, 'p1: munmap $b 1M')
    run(e, 'c = p1: mmap 1M rw shared populate file=/tmp/pf.dat')
    expect([status('RssFile'), status('RssAnon'), meminfo(e, 'Dirty')]).toEqual([1024, 0, 0])
    run(e, 'p1: munmap $c 1M')
    // mlock faults the range in and locks its page-cache pages; munlock gives them back.
    run(e, 'd = p1: mmap 1M r file=/tmp/pf.dat')
    run(e, 'p1: mlock $d 256K')
    expect([status('VmLck'), status('RssFile'), ...locked()]).toEqual([256, 256, 256, 256])
    run(e, 'p1: munlock $d 256K')
    expect(locked()).toEqual([0, 0])
    // A page stays locked while any locked VMA maps it: the child's lock outlives the parent's munmap.
    run(e, 'p1: mlock $d 256K')
    run(e, 'fork p1 c1')
    run(e, 'c1: mlock $d 128K')
    run(e, 'p1: munmap $d 1M')
    expect(locked()).toEqual([128, 128])
    run(e, 'exit c1')
    expect(locked()).toEqual([0, 0])
    // MAP_LOCKED: the whole mapping read in and locked; munmap unlocks it, the cache keeps it.
    run(e, 'f = p1: mmap 1M r locked file=/tmp/pf.dat')
    expect([status('VmLck'), status('RssFile'), ...locked()]).toEqual([1024, 1024, 1024, 1024])
    run(e, 'p1: munmap $f 1M')
    expect([...locked(), meminfo(e, 'Cached'), meminfo(e, 'Inactive\\(file\\)')]).toEqual([0, 0, 1024, 1024])
  })

  it('reads a file in on MADV_WILLNEED without mapping it (Cached grows, RSS stays; the next read fault is minor)', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    run(e, 'file /tmp/big 4M')
    run(e, 'f = p1: mmap 4M r file=/tmp/big')
    const cached = meminfo(e, 'Cached')
    const rss = catKb(e, '/proc/p1/status', 'RssFile')
    // 40 pages at page 64: exactly those are read (the C program's mincore() on the reference shows 40 too).
    run(e, 'p1: madvise $f+256K 160K willneed')
    expect(meminfo(e, 'Cached') - cached).toBe(160)
    expect(catKb(e, '/proc/p1/status', 'RssFile')).toBe(rss)
    // A read of one of them is a minor fault: the page is in the cache.
    const maj = () => Number(/^pgmajfault (\d+)$/m.exec(run(e, 'cat /proc/vmstat').output)![1])
    const before = maj()
    run(e, 'p1: read $f+300K 4K')
    expect(maj()).toBe(before)
    // One call reads at most max(io_pages, ra_pages) = 320 pages (1280 KiB) from its start, the
    // 40 cached ones among them kept.
    run(e, 'p1: madvise $f 4M willneed')
    expect(meminfo(e, 'Cached') - cached).toBe(1280)
  })
})

describe('/proc/PID/stat', () => {
  const stat = (e: Engine, who: string) => run(e, `cat /proc/${who}/stat`).output.trimEnd().split(' ')
  // Field numbers as proc(5) gives them (1-based).
  const F = { pid: 1, comm: 2, state: 3, ppid: 4, pgrp: 5, session: 6, flags: 9, minflt: 10, majflt: 12, vsize: 23, rss: 24, rsslim: 25, startcode: 26, endcode: 27, startstack: 28, sigcatch: 34, wchan: 35, exitSignal: 38, processor: 39, startData: 45, envEnd: 51 }
  const f = (fields: string[], k: keyof typeof F) => fields[F[k] - 1]!

  it('prints the 52 fields of do_task_stat(): ids, flags, faults, sizes, the CPU and the mm bounds', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1 segv=catch')
    let s = stat(e, 'p1')
    expect(s).toHaveLength(52)
    expect([f(s, 'comm'), f(s, 'state'), f(s, 'ppid'), f(s, 'pgrp'), f(s, 'session')]).toEqual(['(cat)', 'S', '0', f(s, 'pid'), f(s, 'pid')])
    // Exec'd without ASLR: no PF_RANDOMIZE, no PF_FORKNOEXEC; SIGSEGV caught (segv=catch); asleep.
    expect([f(s, 'flags'), f(s, 'sigcatch'), f(s, 'wchan'), f(s, 'exitSignal'), f(s, 'rsslim')]).toEqual(['0', '1024', '1', '17', '18446744073709551615'])
    // The same numbers as status and maps.
    expect(Number(f(s, 'vsize'))).toBe(catKb(e, '/proc/p1/status', 'VmSize') * 1024)
    const exe = run(e, 'cat /proc/p1/maps').output.split('\n').find((l) => / r-xp .*\/usr\/bin\/cat$/.test(l))!
    expect(Number(f(s, 'startcode'))).toBeGreaterThanOrEqual(parseInt(exe.split('-')[0]!, 16))
    // The first stack pointer lies below the strings: create_elf_tables() (the reference gives
    // start_stack 0x7fffffffee10 for arg_start 0x7fffffffefce with no environment).
    expect(BigInt(f(s, 'startstack'))).toBe(0x7fffffffedc0n)
    // A write of 64 KiB: 16 minor faults, 16 resident pages more; the task is running.
    run(e, 'a = p1: mmap 64K rw')
    run(e, 'p1: write $a 64K')
    s = stat(e, 'p1')
    expect([f(s, 'minflt'), f(s, 'majflt'), f(s, 'rss'), f(s, 'state'), f(s, 'wchan')]).toEqual(['16', '0', '16', 'R', '0'])
    // A forked child: PF_FORKNOEXEC, its parent's group and session, its own fault count; it
    // runs where `run` puts it.
    run(e, 'fork p1 c1')
    run(e, 'c1: write $a 8K')
    run(e, 'run c1 cpu=1')
    const c = stat(e, 'c1')
    expect([f(c, 'ppid'), f(c, 'pgrp'), f(c, 'flags'), f(c, 'minflt'), f(c, 'processor')]).toEqual([f(s, 'pid'), f(s, 'pid'), '64', '2', '1'])
    // A kernel thread: PF_KTHREAD|PF_NOFREEZE|PF_FORKNOEXEC, no address space, every signal ignored.
    run(e, 'kthread kw')
    const k = stat(e, 'kw')
    expect([f(k, 'ppid'), f(k, 'flags'), f(k, 'vsize'), f(k, 'startcode'), f(k, 'envEnd'), k[32]]).toEqual(['2', '2129984', '0', '0', '0', '2147483647'])
  })

  it('sets PF_RANDOMIZE with ASLR', () => {
    const e = new Engine({ debug: true })
    run(e, 'machine aslr=on')
    run(e, 'spawn p1')
    expect(f(stat(e, 'p1'), 'flags')).toBe('4194304')
  })
})

describe('answers as vml-probe gives them', () => {
  it('returns the unchanged break for a brk the kernel refuses, and ESRCH for a process that exited', () => {
    const e = new Engine({ debug: true })
    run(e, 'spawn p1')
    const brk = run(e, 'p1: brk').result
    const r = run(e, 'p1: brk -64M')
    expect([r.ok, r.errno, r.result]).toEqual([true, null, brk])
    expect(r.output).toContain('refused')
    run(e, 'fork p1 c1')
    run(e, 'exit c1')
    const gone = run(e, 'c1: mmap 4K rw')
    expect([gone.ok, gone.errno, gone.output]).toEqual([false, 'ESRCH', 'c1: process is gone (pid 2 exited)'])
    expect(run(e, 'exit c1')).toMatchObject({ ok: true, errno: null, output: 'c1: exited already (pid 2)' })
    // A name never used is a mistake in the script, not a process that went.
    expect(run(e, 'c9: mmap 4K rw').diagnostic?.kind).toBe('runtime')
  })
})

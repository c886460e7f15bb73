import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Engine } from '../engine'

// Random system-call sequences on a process and its children; after everyone exits, every object
// and page the address spaces took is given back (the page cache keeps a file's pages, as Linux does).

const SLAB = ['vm_area_struct', 'maple_node', 'anon_vma', 'anon_vma_chain', 'mm_struct', 'task_struct']

const op = fc.oneof(
  fc.record({ k: fc.constant('mmap'), len: fc.integer({ min: 1, max: 24 }), prot: fc.constantFrom('r', 'rw', 'none'), slot: fc.integer({ min: 0, max: 31 }), flag: fc.constantFrom('', 'populate', 'locked', 'shared', 'file=/usr/lib/x86_64-linux-gnu/libc.so.6') }),
  fc.record({ k: fc.constant('munmap'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ k: fc.constant('mprotect'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 16 }), prot: fc.constantFrom('r', 'rw', 'none') }),
  fc.record({ k: fc.constantFrom('mlock', 'munlock'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ k: fc.constant('madvise'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 16 }), advice: fc.constantFrom('dontneed', 'free', 'hugepage', 'nohugepage') }),
  fc.record({ k: fc.constantFrom('read', 'write'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ k: fc.constant('mremap'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 8 }), to: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ k: fc.constant('fork') })
)

/**
 * The geometry of a run: lengths in units of `unit` KiB, 32 slots `slot` KiB apart at fixed
 * addresses above 4 GiB, so that ranges meet and overlap.
 */
interface Geometry {
  unit: number
  slot: number
}
const SMALL: Geometry = { unit: 4, slot: 32 }
/** Ranges of 512 KiB to 8 MiB, 1 MiB apart: 2 MiB-aligned ranges where THP can map whole PMDs. */
const HUGE: Geometry = { unit: 512, slot: 1024 }

function line(o: { k: string; [key: string]: unknown }, who: string, g: Geometry): string {
  const at = (slot: number) => `0x${(0x100000000 + slot * g.slot * 1024).toString(16)}`
  const len = `${(o.len as number) * g.unit}K`
  switch (o.k) {
    case 'mmap':
      return `${who}: mmap ${len} ${o.prot} fixed ${o.flag} addr=${at(o.slot as number)}`
    case 'munmap':
      return `${who}: munmap ${at(o.slot as number)} ${len}`
    case 'mprotect':
      return `${who}: mprotect ${at(o.slot as number)} ${len} ${o.prot}`
    case 'madvise':
      return `${who}: madvise ${at(o.slot as number)} ${len} ${o.advice}`
    case 'mremap':
      return `${who}: mremap ${at(o.slot as number)} ${len} ${(o.to as number) * g.unit}K maymove`
    case 'fork':
      return 'fork'
    default:
      return `${who}: ${o.k} ${at(o.slot as number)} ${len}`
  }
}

describe('address spaces under random system calls', () => {
  /** vmstat events summed over every run (to see what the runs exercised). */
  const seen = new Map<string, number>()
  const check = (machine: string, g: Geometry, numRuns: number, prelude: string[] = []) =>
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const e = new Engine({ debug: true })
        if (machine) e.exec(machine)
        const slab = () => {
          const caches = e.snapshot(['slab']).slab!.caches
          return SLAB.map((n) => caches.find((c) => c.name === n)!.allocated)
        }
        const mem = (f: string) => Number(new RegExp(`^${f.replace(/[()]/g, "\\$&")}:\\s+(\\d+) kB$`, 'm').exec(e.exec('cat /proc/meminfo').output)![1])
        const before = { slab: slab(), pt: mem('PageTables'), commit: mem('Committed_AS'), free: mem('MemFree') + mem('Slab') }
        e.exec('spawn p1 segv=catch')
        for (const l of prelude) e.exec(l)
        let children = 0
        for (const o of ops) {
          if (o.k === 'fork') {
            if (children < 3) e.exec(`fork p1 c${children++}`)
            continue
          }
          const r = e.exec(line(o, children && (o as { slot?: number }).slot! % 2 ? `c${children - 1}` : 'p1', g))
          expect(r.diagnostic?.kind, r.output).not.toBe('runtime')
        }
        for (const l of e.exec('cat /proc/vmstat').output.split('\n')) {
          const [k, v] = l.split(' ')
          if (k!.startsWith('thp_')) seen.set(k!, (seen.get(k!) ?? 0) + Number(v))
        }
        for (let i = 0; i < children; i++) e.exec(`exit c${i}`)
        e.exec('exit p1')
        // Pages MADV_FREE left in a CPU's lazyfree batch are held there until it drains (neither
        // munmap nor exit drains it): lru_add_drain_all(), as compaction or reclaim would.
        e.machine.procs.paging.lruAddDrainAll()
        expect(slab()).toEqual(before.slab)
        expect(mem('PageTables')).toBe(before.pt)
        expect(mem('Committed_AS')).toBe(before.commit)
        expect(mem('AnonPages')).toBe(0)
        expect([mem('Mapped'), mem('Shmem')]).toEqual([0, 0])
        expect([mem('Mlocked'), mem('Unevictable'), mem('Inactive(anon)'), mem('AnonHugePages')]).toEqual([0, 0, 0, 0])
      }),
      { numRuns, seed: 6 }
    )

  it('keep every invariant, and give back every page and object when the processes exit', () => {
    check('', SMALL, 30)
  }, 120_000)

  it('do so with transparent huge pages too (thp=always: huge PMDs mapped, split, shared, moved, zapped)', () => {
    // Every run starts from 16 MiB of THPs (eight huge PMDs) for the random calls to cut up.
    check('machine ram=1G thp=always', HUGE, 20, ['p1: mmap 16M rw fixed addr=0x100000000', 'p1: write 0x100000000 16M'])
    expect(seen.get('thp_fault_alloc')).toBeGreaterThan(20)
    expect(seen.get('thp_split_pmd')).toBeGreaterThan(5)
  }, 180_000)
})

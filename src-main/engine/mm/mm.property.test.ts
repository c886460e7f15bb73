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
  fc.record({ k: fc.constant('madvise'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 16 }), advice: fc.constantFrom('dontneed', 'hugepage', 'nohugepage') }),
  fc.record({ k: fc.constantFrom('read', 'write'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ k: fc.constant('mremap'), slot: fc.integer({ min: 0, max: 31 }), len: fc.integer({ min: 1, max: 8 }), to: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ k: fc.constant('fork') })
)

/** Pages at fixed addresses above 4 GiB, 32 slots of 16 pages each, so that ranges meet and overlap. */
const at = (slot: number) => `0x${(0x100000000 + slot * 8 * 4096).toString(16)}`

function line(o: { k: string; [key: string]: unknown }, who: string): string {
  const len = `${(o.len as number) * 4}K`
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
      return `${who}: mremap ${at(o.slot as number)} ${len} ${(o.to as number) * 4}K maymove`
    case 'fork':
      return 'fork'
    default:
      return `${who}: ${o.k} ${at(o.slot as number)} ${len}`
  }
}

describe('address spaces under random system calls', () => {
  it('keep every invariant, and give back every page and object when the processes exit', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const e = new Engine({ debug: true })
        const slab = () => {
          const caches = e.snapshot(['slab']).slab!.caches
          return SLAB.map((n) => caches.find((c) => c.name === n)!.allocated)
        }
        const mem = (f: string) => Number(new RegExp(`^${f.replace(/[()]/g, "\\$&")}:\\s+(\\d+) kB$`, 'm').exec(e.exec('cat /proc/meminfo').output)![1])
        const before = { slab: slab(), pt: mem('PageTables'), commit: mem('Committed_AS'), free: mem('MemFree') + mem('Slab') }
        e.exec('spawn p1 segv=catch')
        let children = 0
        for (const o of ops) {
          if (o.k === 'fork') {
            if (children < 3) e.exec(`fork p1 c${children++}`)
            continue
          }
          const r = e.exec(line(o, children && (o as { slot?: number }).slot! % 2 ? `c${children - 1}` : 'p1'))
          expect(r.diagnostic?.kind, r.output).not.toBe('runtime')
        }
        for (let i = 0; i < children; i++) e.exec(`exit c${i}`)
        e.exec('exit p1')
        expect(slab()).toEqual(before.slab)
        expect(mem('PageTables')).toBe(before.pt)
        expect(mem('Committed_AS')).toBe(before.commit)
        expect(mem('AnonPages')).toBe(0)
        expect([mem('Mapped'), mem('Shmem')]).toEqual([0, 0])
        expect([mem('Mlocked'), mem('Unevictable'), mem('Inactive(anon)')]).toEqual([0, 0, 0])
      }),
      { numRuns: 30, seed: 6 }
    )
  }, 120_000)
})

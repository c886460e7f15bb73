import { describe, expect, it } from 'vitest'
import { Engine } from '../engine'
import type { Machine } from '../machine'
import { TLB_HUGE, TLB_RW, Tlb } from '../x86/tlb'

const machineOf = (e: Engine) => (e as unknown as { machine: Machine }).machine
const counters = (e: Engine, cpu: number) => ({ ...machineOf(e).procs.cpus.cpus[cpu]!.tlb.counters })

describe('the TLB of each CPU', () => {
  it('misses and walks on the first touch of a page, then hits', () => {
    const e = new Engine({ debug: true })
    e.exec('spawn p1')
    e.exec('a = p1: mmap 64K rw')
    e.exec('p1: write $a 16K')
    const c0 = counters(e, 0)
    e.exec('p1: read $a 16K')
    const c1 = counters(e, 0)
    expect(c1.l1Hits - c0.l1Hits).toBe(4)
    expect(c1.walks - c0.walks).toBe(0)
  })

  it('is flushed by a context switch without PCID, and keeps each ASID with PCID (6 per CPU)', () => {
    for (const pcid of [false, true]) {
      const e = new Engine({ debug: true })
      e.exec(`machine pcid=${pcid ? 'on' : 'off'}`)
      e.exec('spawn p1')
      e.exec('spawn p2')
      e.exec('a = p1: mmap 64K rw')
      e.exec('b = p2: mmap 64K rw')
      e.exec('p1: write $a 16K')
      e.exec('p2: write $b 16K')
      e.exec('run p1 cpu=0')
      const before = counters(e, 0)
      e.exec('p1: read $a 16K')
      const after = counters(e, 0)
      // Without PCID the switch back to p1 emptied the TLB: four walks; with PCID, four hits.
      if (pcid) expect([after.l1Hits - before.l1Hits, after.walks - before.walks]).toEqual([4, 0])
      else expect([after.l1Hits - before.l1Hits, after.walks - before.walks]).toEqual([0, 4])
    }
  })

  it('recycles ASIDs round-robin once more than TLB_NR_DYN_ASIDS address spaces ran on a CPU', () => {
    const e = new Engine({ debug: true })
    e.exec('machine pcid=on ram=512M')
    for (let i = 1; i <= 7; i++) {
      e.exec(`spawn p${i}`)
      e.exec(`a${i} = p${i}: mmap 16K rw`)
      e.exec(`p${i}: write $a${i} 4K`)
    }
    // p1's slot was taken by p7 (slot 0 is init_mm's at boot; p1 got 1, …, p5 got 5, p6 wrapped to 0, p7 took 1).
    const out = e.exec('run p1 cpu=0').output
    expect(out).toMatch(/ASID \d+ \(re\)loaded: its entries flushed/)
    const out2 = e.exec('run p6 cpu=0').output
    expect(out2).toMatch(/kept its entries/)
  })

  it('sends a shootdown IPI to the other CPU running the mm, and skips a lazy CPU unless page tables were freed', () => {
    const e = new Engine({ debug: true })
    e.exec('spawn p1')
    e.exec('clone p1 t1 vm')
    e.exec('run p1 cpu=0')
    e.exec('run t1 cpu=1')
    // Alone in its 2 MiB (and 1 GiB, 512 GiB): unmapping it frees its page tables.
    e.exec('a = p1: mmap 64K rw fixed_noreplace addr=0x100000000')
    e.exec('p1: write $a 64K')
    e.exec('t1: read $a 64K')
    e.exec('run p1 cpu=0')
    let c0 = counters(e, 0)
    let c1 = counters(e, 1)
    e.exec('p1: mprotect $a 4K r')
    expect([counters(e, 0).ipisSent - c0.ipisSent, counters(e, 1).ipisReceived - c1.ipisReceived]).toEqual([1, 1])
    // CPU 1 runs a kernel thread now: lazy TLB on p1's mm.
    e.exec('kthread kw')
    e.exec('run kw cpu=1')
    c0 = counters(e, 0)
    c1 = counters(e, 1)
    e.exec('p1: mprotect $a 4K rw')
    expect(counters(e, 1).ipisReceived - c1.ipisReceived).toBe(0)
    // munmap of the whole range frees its PTE table: the lazy CPU must hear of it.
    e.exec('p1: munmap $a 64K')
    expect(counters(e, 1).ipisReceived - c1.ipisReceived).toBe(1)
    expect(counters(e, 0).ipisSent - c0.ipisSent).toBe(1)
  })
})

describe('the tlb view', () => {
  it('shows each CPU: what it runs, CR3, its ASID slots, counters and TLB entries set by set', () => {
    const e = new Engine({ debug: true })
    e.exec('machine pcid=on')
    e.exec('spawn p1')
    e.exec('a = p1: mmap 64K rw')
    e.exec('p1: write $a 8K')
    e.exec('kthread kw')
    e.exec('run kw cpu=1')
    const v = e.snapshot(['tlb']).tlb!
    expect([v.pcid, v.pti]).toEqual([true, true])
    const [c0, c1] = v.cpus
    expect(c0!.current).toMatchObject({ handle: 'p1', kthread: false })
    expect(c0!.loadedMm).toBe('p1')
    expect(c0!.asids.find((s) => s.owner === 'p1')).toBeDefined()
    // Two pages written: two 4 KiB entries, writable and dirty, under p1's user PCID.
    const mine = c0!.l1.entries.filter((x) => x.writable && x.dirty)
    expect(mine).toHaveLength(2)
    expect(mine[0]!.pcid & 2048).toBe(2048)
    expect(c0!.l1).toMatchObject({ sets: 16, ways: 4 })
    expect(c0!.stlb).toMatchObject({ sets: 128, ways: 12 })
    // CPU 1 ran nothing but a kernel thread: init_mm, not lazy.
    expect(c1!.current).toMatchObject({ handle: 'kw', kthread: true })
    expect([c1!.loadedMm, c1!.lazy]).toEqual([null, false])
  })
})

describe('a TLB with 2 MiB entries', () => {
  it('finds a 2 MiB entry in the L1 and the STLB for every 4 KiB page it covers, until a full flush', () => {
    const tlb = new Tlb()
    const out = { pfn: 0, bits: 0 }
    expect(tlb.lookup(512 * 3 + 7, 1, out)).toBe(false)
    tlb.fill(512 * 3 + 7, 1, 1024 + 7, TLB_HUGE | TLB_RW)
    expect(tlb.lookup(512 * 3 + 100, 1, out)).toBe(true)
    expect(out.pfn).toBe(1024 + 100)
    // Only in the STLB: the L1 2 MiB array flushed, the STLB refills it.
    tlb.l1Huge.invalidate(-1)
    expect(tlb.lookup(512 * 3 + 200, 1, out)).toBe(true)
    expect(out.pfn).toBe(1024 + 200)
    expect(tlb.counters.stlbHits).toBe(1)
    expect(tlb.lookup(512 * 3 + 201, 2, out)).toBe(false)
    tlb.flushAll(-1)
    expect(tlb.lookup(512 * 3 + 100, 1, out)).toBe(false)
  })
})

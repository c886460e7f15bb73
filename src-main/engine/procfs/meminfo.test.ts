import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FrameUse } from '@shared/model/frames'
import { DEFAULT_MACHINE, type MachineConfig } from '@shared/model/machine'
import { Machine } from '../machine'
import { meminfo, renderMeminfo, siMemAvailable, vmCommitLimit } from './meminfo'

const MiB = 1024 * 1024
const boot = (c: Partial<MachineConfig> = {}): Machine => new Machine({ ...DEFAULT_MACHINE, ...c }, { debug: true })
const real = readFileSync(join(__dirname, 'fixtures/meminfo-6.18.44-fc.txt'), 'utf8')
const field = (m: Machine, name: string): number => meminfo(m).find((f) => f.name === name)!.value

describe('/proc/meminfo', () => {
  it('has the field names and order of Linux 6.18', () => {
    const names = (t: string): string[] => t.trimEnd().split('\n').map((l) => l.slice(0, l.indexOf(':')))
    expect(names(renderMeminfo(meminfo(boot())))).toEqual(names(real))
  })

  it('pads every line as the kernel does (labels to 16, numbers to 8, HugePages counts to 5)', () => {
    const text = renderMeminfo(meminfo(boot({ ram: 512 * MiB })))
    const shape = (t: string): string[] => t.trimEnd().split('\n').map((l) => l.replace(/\d+/g, (d) => (d.length <= 8 ? '#' : 'L')))
    // Same layout line by line, once the numbers are masked.
    const ours = shape(text)
    const theirs = shape(real)
    ours.forEach((l, i) => {
      const mask = (s: string): string => s.replace(/ +#/, ' #')
      expect(mask(l)).toBe(mask(theirs[i]!))
    })
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('HugePages_')) expect(line).toHaveLength(24)
      else if (line.startsWith('VmallocTotal')) expect(line).toBe('VmallocTotal:   34359738367 kB')
      else expect(line).toHaveLength(27)
    }
  })

  it.each([256, 512, 1024])('MemTotal of a %i MiB machine is its present pages less what the boot reserved', (mib) => {
    const m = boot({ ram: mib * MiB })
    let reserved = 0
    for (let pfn = 0; pfn < m.maxPfn; pfn++) {
      const u = m.memmap.use[pfn]
      if (u !== FrameUse.HOLE && u !== FrameUse.FREE && u !== FrameUse.PCP && u !== FrameUse.SLAB && !(u === FrameUse.PGTABLE && !m.memmap.isReserved(pfn))) reserved++
    }
    expect(field(m, 'MemTotal')).toBe((m.memblock.presentPages() - reserved) * 4)
    expect(field(m, 'MemTotal')).toBeLessThan(mib * 1024)
    // Pages on the per-CPU lists are not free to the buddy allocator: MemFree leaves them out,
    // and the slabs the boot made (kmem_cache, kmem_cache_node) are in use.
    // (The tables change_page_attr() split the kernel's 2 MiB pages into are in no counter.)
    const cpaTables = m.pgtables.splits.direct + m.pgtables.splits.image
    expect(field(m, 'MemFree')).toBe(field(m, 'MemTotal') - m.pageAlloc.pcpPages() * 4 - field(m, 'Slab') - field(m, 'PageTables') - cpaTables * 4)
    expect(field(m, 'Slab')).toBeGreaterThan(0)
    expect(m.pageAlloc.pcpPages()).toBeGreaterThan(0)
  })

  it('estimates MemAvailable as si_mem_available() does: free less totalreserve_pages', () => {
    const m = boot()
    expect(field(m, 'MemAvailable')).toBe((m.freePages() - m.totalreservePages) * 4)
    expect(siMemAvailable(m)).toBeLessThan(m.freePages())
  })

  it('counts reclaimable page cache and slab into MemAvailable, each minus the low watermarks', () => {
    const m = boot()
    const before = siMemAvailable(m)
    const wmarkLow = m.zones.reduce((n, z) => n + z._watermark[1], 0)
    m.vmstat.modNode('NR_INACTIVE_FILE', 10000)
    m.vmstat.modNode('NR_SLAB_RECLAIMABLE_B', 10)
    // Of 10000 pages of cache, half or the low watermarks' worth stays, whichever is less;
    // of 10 pages of reclaimable slab, 5 stay.
    expect(wmarkLow).toBeLessThan(5000)
    expect(siMemAvailable(m)).toBe(before + (10000 - wmarkLow) + 5)
  })

  it('computes CommitLimit from overcommit_ratio and swap', () => {
    const m = boot({ swap: 256 * MiB })
    expect(field(m, 'CommitLimit')).toBe((Math.floor(m.totalramPages() / 2) + 65535) * 4)
    m.sysctl.overcommit_ratio = 80
    expect(vmCommitLimit(m)).toBe(Math.floor((m.totalramPages() * 80) / 100) + 65535)
    m.sysctl.overcommit_kbytes = 4096
    expect(vmCommitLimit(m)).toBe(1024 + 65535)
    expect(field(m, 'SwapTotal')).toBe(262140)
  })

  it('reads every subsystem field from a counter, so later subsystems only count', () => {
    const m = boot()
    const slab = field(m, 'SUnreclaim')
    const pt = field(m, 'PageTables')
    m.vmstat.modNode('NR_ANON_MAPPED', 3)
    m.vmstat.modNode('NR_PAGETABLE', 2)
    m.vmstat.modNode('NR_KERNEL_STACK_KB', 16)
    m.vmstat.modNode('NR_FILE_PAGES', 5)
    m.vmstat.modNode('NR_SLAB_UNRECLAIMABLE_B', 7)
    m.vmstat.modZone(1, 'NR_MLOCK', 1)
    expect(field(m, 'AnonPages')).toBe(12)
    expect(field(m, 'PageTables')).toBe(pt + 8)
    expect(field(m, 'KernelStack')).toBe(16)
    expect(field(m, 'Cached')).toBe(20)
    expect(field(m, 'SUnreclaim')).toBe(slab + 28)
    expect(field(m, 'Slab')).toBe(slab + 28 + field(m, 'SReclaimable'))
    expect(field(m, 'Mlocked')).toBe(4)
  })

  it('reads Buffers, VmallocUsed and Committed_AS from their counters, and prints 6.18’s literal zeros', () => {
    const m = boot()
    m.vmstat.nr_blockdev_pages = 3
    m.vmstat.nr_vmalloc_pages = 5
    m.vmstat.committedAs = 7
    expect([field(m, 'Buffers'), field(m, 'VmallocUsed'), field(m, 'Committed_AS')]).toEqual([12, 20, 28])
    // NFS_Unstable, Bounce, WritebackTmp, VmallocChunk have no counter left in 6.18.
    for (const name of ['NFS_Unstable', 'Bounce', 'WritebackTmp', 'VmallocChunk']) expect(field(m, name)).toBe(0)
  })

  it('reports the direct map and the per-CPU chunk of the boot', () => {
    const m = boot({ ram: 512 * MiB, cpus: 2 })
    // [0, 2 MiB) with 4 KiB pages (the ISA range and the unaligned start above it), the rest 2 MiB;
    // then change_page_attr() splits six 2 MiB pages (x86/pgtable.test.ts) and counts each.
    expect(field(m, 'DirectMap4k')).toBe(2048 + 6 * 2048)
    expect(field(m, 'DirectMap2M')).toBe(512 * 1024 - 2048 - 6 * 2048)
    expect(field(m, 'Percpu')).toBe(2 * 53 * 4)
    expect(field(m, 'Hugepagesize')).toBe(2048)
  })
})

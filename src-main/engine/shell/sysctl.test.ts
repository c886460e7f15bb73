import { describe, expect, it } from 'vitest'
import { Engine } from '../engine'

const field = (e: Engine, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(e.exec('cat /proc/meminfo').output)![1])

describe('sysctl', () => {
  it('reads and sets vm tunables within the kernel bounds, with sysctl(8) wording', () => {
    const e = new Engine({ debug: true })
    expect(e.exec('sysctl vm.overcommit_memory').output).toBe('vm.overcommit_memory = 0')
    expect(e.exec('sysctl vm.overcommit_memory=2').output).toBe('vm.overcommit_memory = 2')
    const bad = e.exec('sysctl vm.overcommit_memory=3')
    expect([bad.errno, bad.output]).toEqual(['EINVAL', 'sysctl: setting key "vm.overcommit_memory": Invalid argument'])
    expect(e.exec('sysctl vm.overcommit_memory').result).toBe(2)
    expect(e.exec('sysctl vm.nosuch').output).toBe('sysctl: cannot stat /proc/sys/vm/nosuch: No such file or directory')
    expect(e.exec('sysctl vm.max_map_count').result).toBe(65530)
    expect(e.exec('sysctl vm.swappiness=201').errno).toBe('EINVAL')
    expect(e.exec('sysctl vm.overcommit_memory=x').errno).toBe('EINVAL')
  })

  it('in mode 2 refuses what would pass CommitLimit, and CommitLimit follows overcommit_ratio', () => {
    const e = new Engine({ debug: true })
    e.exec('spawn p1')
    e.exec('sysctl vm.overcommit_memory=2')
    const limit = field(e, 'CommitLimit')
    const committed = field(e, 'Committed_AS')
    const room = limit - committed
    // Less than the room (minus the 1/32 of total_vm kept back for the process) fits; more does not.
    expect(e.exec(`p1: mmap ${room + 4096}K rw`).errno).toBe('ENOMEM')
    expect(e.exec(`p1: mmap ${room + 4096}K r`).ok).toBe(true) // read-only: not accounted
    expect(e.exec(`p1: mmap ${room + 4096}K rw noreserve`).errno).toBe('ENOMEM') // MAP_NORESERVE is ignored in mode 2
    expect(e.exec('p1: mmap 64K rw').ok).toBe(true)
    e.exec('sysctl vm.overcommit_ratio=100')
    expect(field(e, 'CommitLimit')).toBeGreaterThan(limit)
    e.exec('sysctl vm.overcommit_memory=1')
    expect(e.exec('p1: mmap 64G rw').ok).toBe(true)
  })

  it('in mode 0 refuses only a single request larger than RAM plus swap', () => {
    const e = new Engine({ debug: true })
    e.exec('spawn p1')
    expect(e.exec('p1: mmap 1G rw').errno).toBe('ENOMEM') // 256 MiB machine
    expect(e.exec('p1: mmap 200M rw').ok).toBe(true)
    expect(e.exec('p1: mmap 200M rw').ok).toBe(true) // heuristic: each request alone
  })

  it('stops mmap and splits at vm.max_map_count', () => {
    const e = new Engine({ debug: true })
    e.exec('spawn p1')
    const count = Number(/(\d+) VMAs/.exec(e.exec('spawn p2').output)![1])
    e.exec(`sysctl vm.max_map_count=${count + 1}`)
    const a = e.exec('a = p1: mmap 16K r')
    expect(a.ok).toBe(true) // the 37th
    expect(e.exec('p1: mmap 16K rw').errno).toBe('ENOMEM')
    // A split would make one more VMA: refused, nothing changes.
    expect(e.exec('p1: mprotect $a+4K 4K rw').errno).toBe('ENOMEM')
    expect(e.exec('p1: munmap $a+4K 4K').errno).toBe('ENOMEM')
  })

  it('moves the watermarks with min_free_kbytes', () => {
    const e = new Engine({ debug: true })
    // The DMA32 zone's min watermark (the default machine has no Normal zone).
    const min = () => Number(/zone {4}DMA32[\s\S]*?\n\s+min\s+(\d+)/.exec(e.exec('cat /proc/zoneinfo').output)![1])
    const before = min()
    e.exec('sysctl vm.min_free_kbytes=16384')
    expect(min()).toBeGreaterThan(before)
  })
})

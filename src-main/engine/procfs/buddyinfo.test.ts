import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MACHINE, type MachineConfig } from '@shared/model/machine'
import { Machine } from '../machine'
import { readProc } from './procfs'

const MiB = 1024 * 1024
const boot = (c: Partial<MachineConfig> = {}) => new Machine({ ...DEFAULT_MACHINE, ...c }, { debug: true })
const cat = (m: Machine, path: string) => {
  const r = readProc(m, path)
  if (!('text' in r)) throw new Error(r.message)
  return r.text
}
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', `${name}-6.18.44-fc.txt`), 'utf8')
/** The layout of a file: every run of digits becomes N, so only names, order and spacing remain. */
const skeleton = (text: string) => text.replace(/\d+/g, 'N').replace(/ +N/g, ' N')

describe('/proc/buddyinfo', () => {
  it('has DMA and DMA32 lines of 11 counts and no Normal zone on a 256 MiB machine', () => {
    const lines = cat(boot(), '/proc/buddyinfo').trimEnd().split('\n')
    expect(lines.map((l) => l.slice(0, 21))).toEqual(['Node 0, zone      DMA', 'Node 0, zone    DMA32'])
    for (const l of lines) expect(l.slice(21).trim().split(/ +/)).toHaveLength(11)
  })

  it('has a Normal zone on an 8 GiB machine, laid out as the real file', () => {
    const text = cat(boot({ ram: 8192 * MiB }), '/proc/buddyinfo')
    expect(text).toContain('Node 0, zone   Normal ')
    expect(skeleton(text)).toBe(skeleton(fixture('buddyinfo')))
  })

  it('leaves the DMA zone as a real 6.18 boot does: 256..511 unmovable, the rest in big movable blocks', () => {
    // The real machine's line (fixtures/buddyinfo-6.18.44-fc.txt): the first MiB is reserved,
    // pfns 256..511 are one order-8 block in the pageblock that holds pfn 0 (never set movable).
    const real = fixture('buddyinfo').split('\n')[0]
    expect(cat(boot(), '/proc/buddyinfo').split('\n')[0]).toBe(real)
  })
})

describe('/proc/pagetypeinfo', () => {
  it('is laid out as the real file, with the DMA zone as a real boot leaves it', () => {
    const m = boot({ ram: 8192 * MiB })
    const text = cat(m, '/proc/pagetypeinfo')
    expect(skeleton(text)).toBe(skeleton(fixture('pagetypeinfo')))
    const real = fixture('pagetypeinfo').split('\n')
    const ours = text.split('\n')
    for (const prefix of ['Node    0, zone      DMA, type    Unmovable', 'Node    0, zone      DMA, type      Movable', 'Node 0, zone      DMA ']) {
      expect(ours.find((l) => l.startsWith(prefix))).toBe(real.find((l) => l.startsWith(prefix)))
    }
  })
})

describe('/proc/zoneinfo', () => {
  it('is laid out as the real file: every zone, per-node stats once, pagesets per CPU', () => {
    const text = cat(boot({ ram: 8192 * MiB, cpus: 2 }), '/proc/zoneinfo')
    expect(skeleton(text)).toBe(skeleton(fixture('zoneinfo')))
  })

  it('sizes the per-CPU lists of the DMA zone as the real one (batch 1, high_max 240, threshold 4)', () => {
    // high_min follows the low watermark, which depends on the whole machine; the rest on the
    // DMA zone's 3840 managed pages alone.
    const m = boot({ ram: 8192 * MiB, cpus: 2 })
    const text = cat(m, '/proc/zoneinfo')
    const dma = text.slice(text.indexOf('Node 0, zone      DMA'), text.indexOf('Node 0, zone    DMA32'))
    const highMin = Math.max(Math.floor(m.zones[0]!._watermark[1] / 2), 4)
    expect(dma).toContain(`              batch:    1\n              high_min: ${highMin}\n              high_max: 240\n  vm stats threshold: 4`)
    expect(dma).toContain('        spanned  4095\n        present  3998')
  })

  it('prints protection, watermarks and pcp counts from the state', () => {
    const m = boot()
    const text = cat(m, '/proc/zoneinfo')
    const z = m.zones[1]!
    expect(text).toContain(`  pages free     ${z.nr_free}\n        boost    0\n        min      ${z._watermark[0]}`)
    expect(text).toContain(`              count:    ${m.pageAlloc.pcp[0]![1]!.count}`)
  })
})

describe('/proc/vmstat', () => {
  it('names every counter of the real file, in its order', () => {
    const names = (t: string) => t.trimEnd().split('\n').map((l) => l.split(' ')[0])
    expect(names(cat(boot(), '/proc/vmstat'))).toEqual(names(fixture('vmstat')))
  })

  it('counts allocations and frees', () => {
    const m = boot()
    const before = Number(/\npgfree (\d+)/.exec(cat(m, '/proc/vmstat'))![1])
    const allocBefore = Number(/\npgalloc_dma32 (\d+)/.exec(cat(m, '/proc/vmstat'))![1])
    const r = m.pageAlloc.allocPages(0xcc0, 2)
    if (!('pfn' in r)) throw new Error('no page')
    m.pageAlloc.freePages(r.pfn, 2, 0)
    const text = cat(m, '/proc/vmstat')
    expect(text).toContain(`\npgalloc_dma32 ${allocBefore + 4}\n`)
    expect(Number(/\npgfree (\d+)/.exec(text)![1])).toBe(before + 4)
    expect(text.startsWith(`nr_free_pages ${m.freePages()}\n`)).toBe(true)
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from '../engine'
import { nodeFiles } from '../../worker/nodeFiles'

const SMALL = join(__dirname, 'fixtures', 'small.lackey.zst')

describe('trace replay', () => {
  it('replays the real lackey trace (zstd, streamed): every line counted, the TLB and fault path exercised', () => {
    const e = new Engine({ files: nodeFiles })
    e.exec('spawn p1')
    const r = e.exec(`p1: trace ${SMALL}`)
    expect(r.ok).toBe(true)
    const lines = r.output.split('\n')
    // valgrind's own messages are lines too; these are the counts `zstd -dc | cut -c1-2 | sort | uniq -c` gives.
    expect(lines[0]).toBe('9,900,508 lines: 7,542,739 instruction fetches, 2,357,745 data accesses (1,678,227 loads, 655,100 stores, 24,418 modifies)')
    expect(lines[1]).toMatch(/^9,9\d\d,\d{3} translations: L1 TLB hits 99\.\d\d%, STLB hits \d\.\d\d%, page walks \d+$/)
    expect(lines[2]).toMatch(/^\d+ minor faults, 0 major; \d+ pages touched; \d+ anonymous 1 MiB regions mapped for it$/)
    const status = e.exec('cat /proc/p1/status').output
    expect(Number(/^RssAnon:\s+(\d+)/m.exec(status)![1])).toBeGreaterThan(0)
  })

  it('reads a plain-text trace, maps its VMAs from a captured maps file, and stops at a SIGSEGV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmlab-trace-'))
    writeFileSync(join(dir, 'maps'), '100000000-100010000 rw-p 00000000 00:00 0 \n100010000-100011000 r--p 00000000 00:00 0 \n')
    writeFileSync(join(dir, 't.txt'), '==1== Lackey\nI  100000000,4\n L 100000ff8,16\n S 100001000,8\n M 100002000,4\n L 100010000,8\n S 100010000,8\n L 100000000,8\n')
    const e = new Engine({ files: nodeFiles })
    e.exec('spawn p1 segv=catch')
    const r = e.exec(`p1: trace ${join(dir, 't.txt')} maps=${join(dir, 'maps')}`)
    expect(r.ok).toBe(false)
    // The instruction fetch from a non-executable VMA is the first fault: SEGV_ACCERR.
    expect(r.output.split('\n').pop()).toBe('SIGSEGV SEGV_ACCERR addr=0x100000000')
    const maps = e.exec('cat /proc/p1/maps').output
    expect(maps).toContain('100000000-100010000 rw-p 00000000 00:00 0')
  })

  it('counts a load that spans two pages as two translations, and refuses a missing or damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmlab-trace-'))
    writeFileSync(join(dir, 't.txt'), ' L 100000ffc,8\n')
    writeFileSync(join(dir, 'bad.zst'), Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4, 5, 6, 7, 8]))
    const e = new Engine({ files: nodeFiles })
    e.exec('spawn p1')
    expect(e.exec(`p1: trace ${join(dir, 't.txt')}`).output).toMatch(/^1 line: 0 instruction fetches, 1 data accesses .*\n2 translations/)
    expect(e.exec(`p1: trace ${join(dir, 'nope')}`).output).toBe(`trace: ${join(dir, 'nope')}: No such file or directory`)
    const bad = e.exec(`p1: trace ${join(dir, 'bad.zst')}`)
    expect([bad.ok, bad.errno]).toEqual([false, 'EINVAL'])
  })
})

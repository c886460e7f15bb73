import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './vmlab'

function run(args: string[], script?: string): { code: number; out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  const dir = mkdtempSync(join(tmpdir(), 'vmlab-cli-'))
  const file = join(dir, 'lab.vml')
  if (script !== undefined) writeFileSync(file, script)
  const code = runCli(args.map((a) => (a === 'FILE' ? file : a)), (s) => out.push(s), (s) => err.push(s))
  return { code, out, err }
}

describe('vmlab run', () => {
  it('prints meminfo for machine ram=512M with Linux 6.x field names; exit 0', () => {
    const r = run(['run', 'FILE'], 'machine ram=512M\ncat /proc/meminfo\nexpect /proc/meminfo MemTotal < 512M\n')
    expect(r.code).toBe(0)
    expect(r.out[0]).toMatch(/^Memory: /)
    const lines = r.out[1]!.split('\n')
    expect(lines[0]).toMatch(/^MemTotal: +\d+ kB$/)
    expect(lines.at(-1)).toMatch(/^DirectMap2M: +\d+ kB$/)
    expect(lines).toHaveLength(53)
  })

  it('prints a buddyinfo of DMA and DMA32 on a 256 MiB machine, and a Normal zone on 8 GiB', () => {
    const r = run(['run', 'FILE'], 'machine ram=256M\ncat /proc/buddyinfo\nmachine ram=8G\ncat /proc/buddyinfo\n')
    expect(r.code).toBe(0)
    const small = r.out[1]!.split('\n')
    expect(small).toHaveLength(2)
    expect(small[0]).toMatch(/^Node 0, zone {6}DMA( +\d+){11} $/)
    expect(small[1]).toMatch(/^Node 0, zone {4}DMA32( +\d+){11} $/)
    const big = r.out[3]!.split('\n')
    expect(big.map((l) => l.slice(0, 21))).toEqual(['Node 0, zone      DMA', 'Node 0, zone    DMA32', 'Node 0, zone   Normal'])
  })

  it('returns the pfn of alloc_pages as the JSON result, and reports a bad free', () => {
    const r = run(['run', 'FILE', '--json'], 'p = alloc_pages 2\nfree_pages $p+1 0\nfree_pages $p 2\n')
    const objs = r.out.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(typeof objs[0]!.result).toBe('number')
    expect(objs[1]).toMatchObject({ ok: false, errno: 'EINVAL' })
    expect(objs[1]!.output as string).toMatch(/^BUG: Bad page state in process vmlab/)
    expect(objs[2]).toMatchObject({ ok: true, result: null })
  })

  it('prints one JSON object per command with --json', () => {
    const r = run(['run', 'FILE', '--json'], '# a lab\nmachine ram=512M\n\ncat /proc/meminfo # all of it\ncat /proc/none\n')
    expect(r.code).toBe(0)
    const objs = r.out.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(objs.map((o) => Object.keys(o))).toEqual(Array(3).fill(['line', 'command', 'ok', 'result', 'errno', 'output']))
    expect(objs[0]).toMatchObject({ line: 2, command: 'machine ram=512M', ok: true, result: null, errno: null })
    expect(objs[1]).toMatchObject({ line: 4, command: 'cat /proc/meminfo', ok: true })
    expect(objs[1]!.output as string).toMatch(/^MemTotal:/)
    expect(objs[2]).toMatchObject({ line: 5, ok: false, errno: 'ENOENT' })
  })

  it('exits 1 when a check fails, and goes on', () => {
    const r = run(['run', 'FILE'], 'expect /proc/meminfo MemTotal == 0 kB\ncat /proc/meminfo\n')
    expect(r.code).toBe(1)
    expect(r.out[0]).toMatch(/^line 1: expect failed: /)
    expect(r.out[1]).toMatch(/^MemTotal/)
  })

  it('exits 2 on a syntax error, naming the line', () => {
    const r = run(['run', 'FILE'], 'machine ram=512M\nmachine ram=12Q\ncat /proc/meminfo\n')
    expect(r.code).toBe(2)
    expect(r.err).toEqual(["line 2:15: ram: unexpected 'Q' after the number (sizes take K, M or G)"])
    expect(r.out).toHaveLength(1)
  })

  it('exits 2 on usage errors', () => {
    expect(run([]).code).toBe(2)
    expect(run(['frob']).code).toBe(2)
    expect(run(['run']).code).toBe(2)
    expect(run(['run', 'FILE', '--yaml'], 'help\n').code).toBe(2)
    const missing = run(['run', '/nonexistent/lab.vml'])
    expect(missing.code).toBe(2)
    expect(missing.err[0]).toContain('cannot read /nonexistent/lab.vml: ENOENT')
    expect(run(['--help']).code).toBe(0)
  })
})

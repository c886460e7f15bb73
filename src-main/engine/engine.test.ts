import { describe, expect, it } from 'vitest'
import { Engine } from './engine'

const engine = (): Engine => new Engine({ debug: true })

describe('Engine.exec', () => {
  it('runs machine and cat, and counts commands', () => {
    const e = engine()
    const boot = e.exec('machine ram=512M cpus=4')
    expect(boot).toMatchObject({ line: 1, command: 'machine ram=512M cpus=4', ok: true, result: null, errno: null })
    expect(boot.output).toMatch(/^Memory: \d+K\/\d+K available \(18907K kernel code, 2544K rwdata, 10292K rodata, 3732K init, 1168K bss, \d+K reserved, 0K cma-reserved\)$/)
    const cat = e.exec('cat /proc/meminfo   # the whole file', 2)
    expect(cat.command).toBe('cat /proc/meminfo')
    expect(cat.output.split('\n')[0]).toMatch(/^MemTotal: +\d+ kB$/)
    expect(e.seq).toBe(2)
    expect(e.snapshot(['machine']).machine!.config).toMatchObject({ ram: 512 * 1024 * 1024, cpus: 4 })
  })

  it('reports a syntax error with its line and column and runs nothing', () => {
    const e = engine()
    const r = e.exec('machine ram=5X', 7)
    expect(r).toMatchObject({ ok: false, errno: null, output: "line 7:14: ram: unexpected 'X' after the number (sizes take K, M or G)" })
    expect(r.diagnostic).toMatchObject({ kind: 'syntax', line: 7, col: 14 })
    expect(e.seq).toBe(0)
  })

  it('refuses a machine the lab cannot simulate and keeps the current one', () => {
    const e = engine()
    const before = e.exec('cat /proc/meminfo').output
    const r = e.exec('machine ram=64M')
    expect(r.ok).toBe(false)
    expect(r.output).toBe('line 1:9: machine: ram=64M is below the minimum of 128M (the 6.18 kernel image alone ends near 61 MiB)')
    expect(e.exec('machine ram=32G').output).toBe("line 1:9: machine: ram=32G is above the lab's maximum of 16G")
    expect(e.exec('machine ram=1T').diagnostic?.kind).toBe('syntax')
    expect(e.exec('cat /proc/meminfo').output).toBe(before)
  })

  it('answers ENOENT for a file Linux would not have', () => {
    const r = engine().exec('cat /proc/nope')
    expect(r).toMatchObject({ ok: false, errno: 'ENOENT', output: 'cat: /proc/nope: No such file or directory' })
  })

  it('checks procfs fields with expect, in kB or in bytes', () => {
    const e = engine()
    e.exec('machine ram=512M')
    const total = Number(/MemTotal: +(\d+)/.exec(e.exec('cat /proc/meminfo').output)![1])
    expect(e.exec(`expect /proc/meminfo MemTotal == ${total} kB`)).toMatchObject({ ok: true, output: '' })
    expect(e.exec('expect /proc/meminfo MemTotal < 512M').ok).toBe(true)
    expect(e.exec('expect /proc/meminfo MemTotal > 400M').ok).toBe(true)
    const failed = e.exec('expect /proc/meminfo MemTotal >= 512M', 9)
    expect(failed).toMatchObject({ ok: false, errno: null, output: `line 9: expect failed: /proc/meminfo MemTotal >= 512M (MemTotal is ${total} kB)` })
    expect(failed.diagnostic?.kind).toBe('expect')
    expect(e.exec('expect /proc/meminfo Nothing == 0').output).toContain("has no field 'Nothing'")
    expect(e.exec('expect $nope == 0').output).toBe('line 1:8: unbound variable $nope')
  })

  it('lists the commands with help', () => {
    const e = engine()
    expect(e.exec('help').output).toContain('machine')
    expect(e.exec('help cat').output).toContain('cat PATH')
    expect(e.exec('help swapon').output).toContain('not simulated by this version yet')
    expect(e.exec('help mmap').output).toContain('mmap LEN')
  })
})

describe('Engine.execScript', () => {
  it('stops at a syntax error (exit 2) after running the lines before it', () => {
    const r = engine().execScript('machine ram=512M\n\n# comment\ncat /proc/meminfo\nbogus 1\ncat /proc/meminfo\n')
    expect(r.status).toBe('syntax-error')
    expect(r.exitCode).toBe(2)
    expect(r.results.map((x) => x.line)).toEqual([1, 4, 5])
    expect(r.results[2]!.output).toMatch(/^line 5:1: unknown command 'bogus'/)
    expect(r.executed).toEqual(['machine ram=512M', 'cat /proc/meminfo'])
  })

  it('goes on after a failed check and exits 1', () => {
    const r = engine().execScript('expect /proc/meminfo MemTotal == 1 kB\ncat /proc/meminfo\n')
    expect(r).toMatchObject({ status: 'done', exitCode: 1 })
    expect(r.results).toHaveLength(2)
  })

  it('stops between lines when interrupted, keeping what ran', () => {
    let calls = 0
    const e = new Engine({ interrupt: () => ++calls > 3 })
    const r = e.execScript('help\nhelp\nhelp\nhelp\nhelp\n')
    expect(r.status).toBe('cancelled')
    expect(r.results).toHaveLength(3)
  })

  it('gives the same state for the same script (deterministic)', () => {
    const script = 'machine ram=768M cpus=3 swap=64M\ncat /proc/meminfo\n'
    const a = engine()
    const b = engine()
    a.execScript(script)
    b.execScript(script)
    const sa = a.snapshot(['frames', 'meminfo'])
    const sb = b.snapshot(['frames', 'meminfo'])
    expect(sa.meminfo).toEqual(sb.meminfo)
    expect(Buffer.from(sa.frames!.use).equals(Buffer.from(sb.frames!.use))).toBe(true)
  })
})

describe('snapshots of physical memory', () => {
  it('leave out the frame and buddy views when nothing changed them, on request', () => {
    const e = new Engine()
    expect(e.snapshot(['frames', 'buddy', 'meminfo'], true).frames).toBeDefined()
    e.exec('cat /proc/meminfo')
    const s = e.snapshot(['frames', 'buddy', 'meminfo'], true)
    expect(s.frames).toBeUndefined()
    expect(s.buddy).toBeUndefined()
    expect(s.meminfo).toBeDefined()
    // Without the request, or after a change, they are there.
    expect(e.snapshot(['frames']).frames).toBeDefined()
    e.exec('alloc_pages 0')
    expect(e.snapshot(['buddy'], true).buddy).toBeDefined()
    // Each view follows its own subsystem: page allocations do not resend the slab view.
    e.snapshot(['slab', 'vmalloc'], true)
    e.exec('alloc_pages 0')
    expect(e.snapshot(['slab', 'vmalloc'], true)).toEqual({ seq: e.seq })
    e.exec('kmalloc 8')
    const k = e.snapshot(['slab', 'vmalloc'], true)
    expect(k.slab).toBeDefined()
    expect(k.vmalloc).toBeUndefined()
    e.exec('machine ram=512M')
    expect(e.snapshot(['frames'], true).frames!.maxPfn).toBe(131072)
  })
})

describe('engine.page', () => {
  it('names the list a free frame is on: a buddy free list or a CPU’s per-CPU list', () => {
    const e = new Engine()
    e.exec('drain_pages')
    expect(e.page(0x5000)!.owner).toMatch(/^buddy: DMA32 free_area\[\d+\]\.free_list\[Movable\], block at pfn \d+$/)
    e.exec('alloc_pages 0 cpu=1')
    const pcp = e.snapshot(['frames']).frames!.use.findIndex((u) => u === 16)
    expect(e.page(pcp)!.owner).toMatch(/^per-CPU list of cpu 1, DMA32, order 0, block at pfn \d+$/)
    expect(e.page(1)!.owner).toMatch(/^memblock: /)
  })
})

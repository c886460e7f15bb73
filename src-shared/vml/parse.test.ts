import { describe, expect, it } from 'vitest'
import { completeCommand } from './commands'
import { parseLine, scriptLines } from './parse'
import { VmlSyntaxError } from './syntax'

function syntaxError(raw: string, line = 1): VmlSyntaxError {
  try {
    parseLine(raw, line)
  } catch (e) {
    if (e instanceof VmlSyntaxError) return e
    throw e
  }
  throw new Error(`no syntax error in ${raw}`)
}

describe('parseLine', () => {
  it('parses machine options of every kind', () => {
    const c = parseLine('machine ram=512M cpus=4 swap=1G aslr=on seed=7 thp=never overcommit=2', 1)!
    expect(c.spec.name).toBe('machine')
    expect(c.options.ram).toMatchObject({ kind: 'number', value: 512n << 20n })
    expect(c.options.cpus).toMatchObject({ kind: 'number', value: 4n })
    expect(c.options.aslr).toMatchObject({ kind: 'bool', value: true })
    expect(c.options.thp).toMatchObject({ kind: 'text', text: 'never' })
    expect(c.options.overcommit).toMatchObject({ kind: 'text', text: '2' })
  })
  it('parses cat with its path', () => {
    const c = parseLine('cat /proc/meminfo', 3)!
    expect(c.args.PATH).toMatchObject({ kind: 'text', text: '/proc/meminfo' })
    expect(c.stmt.line).toBe(3)
  })
  it('parses both forms of expect', () => {
    const f = parseLine('expect /proc/meminfo AnonPages >= 1024 kB', 1)!.expect!
    expect(f).toMatchObject({ kind: 'field', op: '>=', unit: 'kB' })
    const v = parseLine('expect $a == 0x7ffff7ff0000', 1)!.expect!
    expect(v).toMatchObject({ kind: 'var', op: '==' })
  })
  it('returns null for blank lines', () => {
    expect(parseLine('   ', 1)).toBeNull()
  })
  it.each([
    ['frobnicate 3', "unknown command 'frobnicate'"],
    ['cta /proc/meminfo', "did you mean 'cat'?"],
    ['swapon 64M', 'does not simulate it yet'],
    ['mmap 4K', 'mmap acts on a process: write a target first'],
    ['cat', 'cat takes 1 argument, got 0: cat PATH'],
    ['cat /proc/meminfo /proc/vmstat', 'cat takes 1 argument, got 2'],
    ['cat proc/meminfo', 'must be an absolute path'],
    ['machine ram=12X', "ram: unexpected 'X'"],
    ['machine ram=1G ram=2G', "option 'ram' is given twice"],
    ['machine color=red', "machine has no option 'color'"],
    ['machine aslr=yes', 'aslr is on or off'],
    ['machine thp=sometimes', 'thp is one of always, madvise, never'],
    ['p1: cat /proc/meminfo', 'cat is not process-scoped'],
    ['x = cat /proc/meminfo', 'cat has no result to bind'],
    ['expect /proc/meminfo MemFree =< 3', "'=<' is not a comparison"],
    ['expect /proc/meminfo MemFree >= 3 MB', 'the unit after the value is kB'],
    ['expect $a ==', 'expect takes 3 arguments']
  ])('%j is a syntax error: %s', (raw, reason) => {
    expect(syntaxError(raw).reason).toContain(reason)
  })
  it('names line and column', () => {
    expect(syntaxError('   machine ram=12X', 9).message).toBe("line 9:18: ram: unexpected 'X' after the number (sizes take K, M or G)")
  })
})

describe('scripts and completion', () => {
  it('numbers the non-blank lines from 1', () => {
    expect(scriptLines('# title\n\nmachine ram=512M\r\ncat /proc/meminfo\n')).toEqual([
      { line: 3, raw: 'machine ram=512M' },
      { line: 4, raw: 'cat /proc/meminfo' }
    ])
  })
  it('completes command names', () => {
    expect(completeCommand('ma')).toEqual(['machine', 'madvise'])
    expect(completeCommand('')).toContain('cat')
    expect(completeCommand('zz')).toEqual([])
  })
})

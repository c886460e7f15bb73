import { describe, expect, it } from 'vitest'
import { VmlSyntaxError, evalExpr, parseExpr, parseNumberText, splitStatement, tokenize } from './syntax'

const num = (s: string): bigint => {
  const r = parseNumberText(s)
  if ('error' in r) throw new Error(r.error)
  return r.value
}

describe('numbers and sizes', () => {
  it.each([
    ['4096', 4096n],
    ['0x7f0000000000', 0x7f0000000000n],
    ['0X10', 16n],
    ['4K', 4096n],
    ['64k', 65536n],
    ['2M', 2n << 20n],
    ['1G', 1n << 30n],
    ['1g', 1n << 30n],
    ['0x7fff_f000', 0x7ffff000n],
    ['1_000_000', 1000000n],
    ['0x10K', 16n * 1024n],
    ['0xffffffffffffffff', (1n << 64n) - 1n]
  ])('%s = %s', (text, value) => {
    expect(num(text)).toBe(value)
  })

  it.each([
    ['', 'a number was expected'],
    ['0x', 'hex digits expected after 0x'],
    ['12Q', "unexpected 'Q'"],
    ['4KB', "unexpected 'KB'"],
    ['_1', "'_' must stand between two digits"],
    ['1__0', "'_' must stand between two digits"],
    ['1_', "'_' must stand between two digits"],
    ['0x1_0000_0000_0000_0000', 'does not fit in 64 bits'],
    ['17179869184G', 'does not fit in 64 bits'],
    ['abc', 'a number was expected']
  ])('%j is refused (%s)', (text, reason) => {
    const r = parseNumberText(text)
    expect('error' in r && r.error).toContain(reason)
  })
})

describe('expressions', () => {
  const vars = new Map([['buf', 0x7ffff7ff0000n]])
  const ev = (s: string): bigint => {
    const r = evalExpr(parseExpr({ text: s, col: 1 }, 1), vars)
    if ('error' in r) throw new Error(r.error)
    return r.value
  }
  it('adds and subtracts terms', () => {
    expect(ev('$buf+16K')).toBe(0x7ffff7ff0000n + 16384n)
    expect(ev('$buf-0x1000')).toBe(0x7ffff7fef000n)
    expect(ev('0x400000+4K')).toBe(0x401000n)
    expect(ev('1M-4K+1')).toBe((1n << 20n) - 4096n + 1n)
  })
  it('wraps modulo 2^64 like a register', () => {
    expect(ev('0-1')).toBe((1n << 64n) - 1n)
  })
  it('reports an unbound variable with its column', () => {
    const r = evalExpr(parseExpr({ text: '4K+$nope', col: 10 }, 3), vars)
    expect(r).toEqual({ error: 'unbound variable $nope', col: 13 })
  })
  it.each([
    ['$buf+', "a term was expected after '+'"],
    ['+4K', 'a number or $variable was expected'],
    ['$1x', "'$1x' is not a variable name"],
    ['4K++1', 'a number or $variable was expected'],
    ['$buf+4Z', "unexpected 'Z'"]
  ])('%j is a syntax error', (text, reason) => {
    expect(() => parseExpr({ text, col: 1 }, 7)).toThrow(reason)
  })
  it('names the column of the bad term', () => {
    try {
      parseExpr({ text: '$a+0xZ', col: 20 }, 4)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(VmlSyntaxError)
      expect((e as VmlSyntaxError).message).toBe('line 4:25: hex digits expected after 0x')
    }
  })
})

describe('statements', () => {
  it('keeps columns of tokens', () => {
    expect(tokenize('  cat\t/proc/meminfo ')).toEqual([
      { text: 'cat', col: 3 },
      { text: '/proc/meminfo', col: 7 }
    ])
  })
  it('ignores blank and comment lines', () => {
    expect(splitStatement('', 1)).toBeNull()
    expect(splitStatement('   # only a comment', 1)).toBeNull()
  })
  it('strips a trailing comment from the text', () => {
    const s = splitStatement('cat /proc/meminfo   # look', 2)!
    expect(s.text).toBe('cat /proc/meminfo')
    expect(s.args.map((a) => a.text)).toEqual(['/proc/meminfo'])
  })
  it('accepts both orders of target and binding', () => {
    const a = splitStatement('p1: a = mmap 64K rw', 1)!
    const b = splitStatement('a = p1: mmap 64K rw', 1)!
    for (const s of [a, b]) {
      expect(s.target?.name).toBe('p1')
      expect(s.bind?.text).toBe('a')
      expect(s.command.text).toBe('mmap')
      expect(s.args.map((t) => t.text)).toEqual(['64K', 'rw'])
    }
  })
  it('takes a numeric pid as target', () => {
    expect(splitStatement('1234: munmap 0x1000 4K', 1)!.target).toEqual({ name: '1234', pid: 1234, col: 1 })
  })
  it.each([
    ['a =', 1, 4, 'a command is missing'],
    ['1a = cat /x', 1, 1, "'1a' is not a variable name"],
    ['p-1: mmap 4K', 1, 1, "'p-1:' is not a target"],
    ['p1: q: mmap 4K', 1, 5, "unexpected 'q:'"],
    ['cat /x = 3', 1, 8, "unexpected '='"],
    ['Cat /proc/meminfo', 1, 1, "'Cat' is not a command name"]
  ])('%j → line %i:%i', (raw, line, col, reason) => {
    try {
      splitStatement(raw, line)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(VmlSyntaxError)
      const err = e as VmlSyntaxError
      expect([err.line, err.col]).toEqual([line, col])
      expect(err.reason).toContain(reason)
    }
  })
})

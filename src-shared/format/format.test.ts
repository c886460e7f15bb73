import { describe, expect, it } from 'vitest'
import { groupedHex, hex } from './hex'
import { humanBytes, humanKiB, signedKiB, sizeLiteral } from './size'

describe('sizes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [64 * 1024, '64 KiB'],
    [2 * 1024 * 1024, '2 MiB'],
    [477388 * 1024, '466 MiB'],
    [921144 * 1024, '900 MiB'],
    [100 * 1024, '100 KiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [34359738367 * 1024, '32 TiB']
  ])('%i bytes read as %s', (b, s) => {
    expect(humanBytes(b)).toBe(s)
  })
  it('reads kB and signed deltas', () => {
    expect(humanKiB(4)).toBe('4 KiB')
    expect(signedKiB(0)).toBe('0')
    expect(signedKiB(2048)).toBe('+2 MiB')
    expect(signedKiB(-6)).toBe('−6 KiB')
  })
  it('writes VML size literals', () => {
    expect(sizeLiteral(512 * 1024 * 1024)).toBe('512M')
    expect(sizeLiteral(4 * 1024 ** 3)).toBe('4G')
    expect(sizeLiteral(12345)).toBe('12345')
  })
})

describe('addresses', () => {
  it('prints lowercase hex, grouped by 16 bits for reading', () => {
    expect(hex(0x7fff_f7ff_0000n)).toBe('0x7ffff7ff0000')
    expect(groupedHex(0x7ffff7ff0000n)).toBe('0x7fff_f7ff_0000')
    expect(groupedHex(0xffff888000000000n)).toBe('0xffff_8880_0000_0000')
    expect(groupedHex(0x1000)).toBe('0x1000')
  })
})

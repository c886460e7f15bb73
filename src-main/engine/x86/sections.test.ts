import { describe, expect, it } from 'vitest'
import { KERNEL_IMAGE, pfnAlign } from './sections'

// The reference VM's dmesg (Linux 6.18.44-fc):
//   Memory: …K/…K available (18907K kernel code, 2544K rwdata, 10292K rodata, 3732K init,
//           1168K bss, …K reserved, 0K cma-reserved)
//   Freeing SMP alternatives memory: 52K
//   Freeing unused kernel image (initmem) memory: 3732K
//   Freeing unused kernel image (text/rodata gap) memory: 1572K
//   Freeing unused kernel image (rodata/data gap) memory: 1996K
const K = (bytes: number): number => Math.floor(bytes / 1024)

describe('the kernel image layout', () => {
  const k = KERNEL_IMAGE

  it('gives the section sizes of mem_init_print_info()', () => {
    expect(K(k._etext - k._text)).toBe(18907) // codesize = _etext - _stext, and _stext = _text
    expect(K(k._edata - k._sdata)).toBe(2544)
    expect(K(k.__end_rodata - k.__start_rodata)).toBe(10292)
    expect(K(k.__init_end - k.__init_begin)).toBe(3732)
    expect(K(k.__bss_stop - k.__bss_start)).toBe(1168)
  })

  it('gives the sizes free_initmem(), mark_rodata_ro() and the alternatives free', () => {
    expect(K(k.__smp_locks_end - k.__smp_locks)).toBe(52)
    expect(K(k.__init_end - k.__init_begin)).toBe(3732)
    expect(K(k.__start_rodata - pfnAlign(k._etext))).toBe(1572)
    expect(K(k._sdata - k.__end_rodata)).toBe(1996)
  })

  it('is ordered as vmlinux.lds.S lays it out, every freed part page-aligned', () => {
    const order = [k._text, k._etext, k.__start_rodata, k.__end_rodata, k._sdata, k._edata, k.__init_begin, k.__init_end, k.__smp_locks_end, k.__bss_start, k.__bss_stop]
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    for (const a of [k.__start_rodata, k.__end_rodata, k._sdata, k.__init_begin, k.__init_end, k.__smp_locks_end, k.__bss_stop]) {
      expect(a % 4096).toBe(0)
    }
  })
})

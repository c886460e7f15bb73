// What the boot prints about memory, as dmesg shows it on a real machine.

import type { Machine } from '../machine'
import { KERNEL_IMAGE } from '../x86/sections'

const K = (pages: number): number => pages * 4

/**
 * "Memory: 3218112K/25165432K available (18907K kernel code, 2544K rwdata, 10292K rodata,
 * 3732K init, 1168K bss, 496600K reserved, 0K cma-reserved)" — printed when the buddy
 * allocator has just received memory, before the init sections are freed.
 */
// mm/mm_init.c: mem_init_print_info()
export function memInitPrintInfo(m: Machine): string {
  const k = KERNEL_IMAGE
  const kib = (bytes: number): number => Math.floor(bytes / 1024)
  const b = m.boot
  return (
    `Memory: ${K(b.freePages)}K/${K(b.physpages)}K available (` +
    `${kib(k._etext - k._text)}K kernel code, ${kib(k._edata - k._sdata)}K rwdata, ` +
    `${kib(k.__end_rodata - k.__start_rodata)}K rodata, ${kib(k.__init_end - k.__init_begin)}K init, ` +
    `${kib(k.__bss_stop - k.__bss_start)}K bss, ${K(b.physpages - b.totalramPages)}K reserved, 0K cma-reserved)`
  )
}

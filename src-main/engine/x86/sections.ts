// Where the kernel image lies in physical memory (arch/x86/include/asm/sections.h, the symbols of
// arch/x86/kernel/vmlinux.lds.S). No KASLR: the image is loaded at CONFIG_PHYSICAL_START.
//
// Every address is that of the 6.18.44 kernel our reference VM runs, read on that VM:
//   /proc/iomem   01000000-02276f47 : Kernel code      → _text, _etext - 1
//                 02400000-02e0cfff : Kernel rodata    → __start_rodata, __end_rodata - 1
//                 03000000-0327c17f : Kernel data      → _sdata, _edata - 1
//                 03b32000-03c55fff : Kernel bss       → __bss_start, __bss_stop - 1
//   /proc/kallsyms ffffffff83780000 B __init_begin     (virtual = physical + 0xffffffff80000000)
//   dmesg "Memory: … (18907K kernel code, 2544K rwdata, 10292K rodata, 3732K init, 1168K bss, …)"
//         "Freeing SMP alternatives memory: 52K"
//         "Freeing unused kernel image (initmem) memory: 3732K"
//         "Freeing unused kernel image (text/rodata gap) memory: 1572K"
//         "Freeing unused kernel image (rodata/data gap) memory: 1996K"
// __init_end = __init_begin + 3732K; the 52K from there to __bss_start is exactly .smp_locks,
// which vmlinux.lds.S places between .init.end and .bss (.data_nosave is empty on this build).

export const CONFIG_PHYSICAL_START = 0x1000000

export const KERNEL_IMAGE = Object.freeze({
  _text: CONFIG_PHYSICAL_START,
  _etext: 0x2276f48,
  __start_rodata: 0x2400000,
  __end_rodata: 0x2e0d000,
  _sdata: 0x3000000,
  _edata: 0x327c180,
  __init_begin: 0x3780000,
  __init_end: 0x3780000 + 3732 * 1024,
  __smp_locks: 0x3780000 + 3732 * 1024,
  __smp_locks_end: 0x3b32000,
  __bss_start: 0x3b32000,
  /**
   * End of what early_reserve_memory() reserves (__end_of_kernel_reserve). The brk area after it
   * holds the kernel's first page tables; we allocate those from memblock instead (see
   * init_mem_mapping.ts), so nothing past __bss_stop is reserved here.
   */
  __bss_stop: 0x3c56000
})

/** Rounds up to a page boundary. */
// include/linux/pfn.h: PFN_ALIGN()
export function pfnAlign(addr: number): number {
  return Math.ceil(addr / 4096) * 4096
}

// The firmware memory map (arch/x86/kernel/e820.c) of a Firecracker microVM, the kind of VM our
// classroom machines are. Firecracker writes the table into boot_params (src/vmm/src/arch/x86_64/
// mod.rs: configure_64bit_boot); Linux sorts it, applies its BIOS quirks (trim_bios_range) and
// hands the usable entries to memblock (e820__memblock_setup). Addresses are bytes, pfns are
// 4 KiB frame numbers; every value fits a JS number exactly (the lab stops at 16 GiB of RAM).

export const PAGE_SHIFT = 12
export const PAGE_SIZE = 4096

export const E820_TYPE_RAM = 1
export const E820_TYPE_RESERVED = 2
export type E820Type = typeof E820_TYPE_RAM | typeof E820_TYPE_RESERVED

export interface E820Entry {
  addr: number
  size: number
  type: E820Type
}

/** A half-open range of page frames [start, end). */
export interface PfnRange {
  start: number
  end: number
}

const MiB = 1024 * 1024
const GiB = 1024 * MiB

// Firecracker's x86_64 layout (src/vmm/src/arch/x86_64/layout.rs), as this machine's dmesg shows it:
//   BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
//   BIOS-e820: [mem 0x000000000009fc00-0x00000000000fffff] reserved
//   BIOS-e820: [mem 0x0000000000100000-0x00000000bfffffff] usable
//   BIOS-e820: [mem 0x00000000eec00000-0x00000000febfffff] reserved
//   BIOS-e820: [mem 0x0000000100000000-0x000000063fffffff] usable
const SYSTEM_MEM_START = 0x9fc00 // the MP table lives in the last 1 KiB of the 640 KiB base RAM
const HIMEM_START = 0x100000
/** Guest RAM stops at 3 GiB and resumes at 4 GiB: the 32-bit MMIO hole (PCI devices, IOAPIC). */
export const MMIO32_MEM_START = 3 * GiB
export const FIRST_ADDR_PAST_32BITS = 4 * GiB
/** PCI ECAM; Firecracker lists it as reserved whatever the RAM size. */
const PCI_MMCONFIG_START = 0xeec00000
const PCI_MMCONFIG_SIZE = 256 * MiB

// arch/x86/include/asm/e820/types.h: the legacy BIOS area that trim_bios_range() clears.
const BIOS_BEGIN = 0xa0000
const BIOS_END = 0x100000

/**
 * The table Firecracker hands over for `ram` bytes of guest memory, sorted by address as
 * e820__memory_setup() prints it ("BIOS-e820: …"). RAM is laid out by arch_memory_regions():
 * [0, min(ram, 3 GiB)) and, past 3 GiB, the rest from 4 GiB up.
 */
// src/vmm/src/arch/x86_64/mod.rs: configure_64bit_boot()
export function firecrackerE820(ram: number): E820Entry[] {
  const low = Math.min(ram, MMIO32_MEM_START)
  const table: E820Entry[] = [
    { addr: 0, size: SYSTEM_MEM_START, type: E820_TYPE_RAM },
    { addr: SYSTEM_MEM_START, size: HIMEM_START - SYSTEM_MEM_START, type: E820_TYPE_RESERVED },
    { addr: HIMEM_START, size: low - HIMEM_START, type: E820_TYPE_RAM },
    { addr: PCI_MMCONFIG_START, size: PCI_MMCONFIG_SIZE, type: E820_TYPE_RESERVED }
  ]
  if (ram > MMIO32_MEM_START) {
    table.push({ addr: FIRST_ADDR_PAST_32BITS, size: ram - MMIO32_MEM_START, type: E820_TYPE_RAM })
  }
  return table
}

/** Change the type of the part of `oldType` entries inside [start, start+size). */
// arch/x86/kernel/e820.c: __e820__range_update()
export function e820RangeUpdate(
  table: readonly E820Entry[],
  start: number,
  size: number,
  oldType: E820Type,
  newType: E820Type
): E820Entry[] {
  const end = start + size
  const out: E820Entry[] = []
  for (const e of table) {
    const eEnd = e.addr + e.size
    if (e.type !== oldType || eEnd <= start || e.addr >= end) {
      out.push({ ...e })
      continue
    }
    const lo = Math.max(e.addr, start)
    const hi = Math.min(eEnd, end)
    if (e.addr < lo) out.push({ addr: e.addr, size: lo - e.addr, type: e.type })
    out.push({ addr: lo, size: hi - lo, type: newType })
    if (hi < eEnd) out.push({ addr: hi, size: eEnd - hi, type: e.type })
  }
  return e820UpdateTable(out)
}

/** Drop the part of `oldType` entries inside [start, start+size). */
// arch/x86/kernel/e820.c: e820__range_remove()
export function e820RangeRemove(table: readonly E820Entry[], start: number, size: number, oldType: E820Type): E820Entry[] {
  const end = start + size
  const out: E820Entry[] = []
  for (const e of table) {
    const eEnd = e.addr + e.size
    if (e.type !== oldType || eEnd <= start || e.addr >= end) {
      out.push({ ...e })
      continue
    }
    if (e.addr < start) out.push({ addr: e.addr, size: start - e.addr, type: e.type })
    if (end < eEnd) out.push({ addr: end, size: eEnd - end, type: e.type })
  }
  return e820UpdateTable(out)
}

/** Sort, drop empty entries and merge touching entries of one type (our tables never overlap). */
// arch/x86/kernel/e820.c: e820__update_table()
export function e820UpdateTable(table: readonly E820Entry[]): E820Entry[] {
  const sorted = table.filter((e) => e.size > 0).sort((a, b) => a.addr - b.addr)
  const out: E820Entry[] = []
  for (const e of sorted) {
    const last = out[out.length - 1]
    if (last && last.type === e.type && last.addr + last.size === e.addr) last.size += e.size
    else out.push({ ...e })
  }
  return out
}

/**
 * Page 0 is always reserved (it can leak through L1TF, and BIOSes scribble on it), and RAM in the
 * legacy BIOS window [640K, 1M) is dropped. Here dmesg says
 * "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved".
 */
// arch/x86/kernel/setup.c: trim_bios_range()
export function trimBiosRange(table: readonly E820Entry[]): E820Entry[] {
  const t = e820RangeUpdate(table, 0, PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED)
  return e820RangeRemove(t, BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM)
}

/** The highest RAM pfn + 1 below `limitPfn`. */
// arch/x86/kernel/e820.c: e820_end_pfn()
export function e820EndPfn(table: readonly E820Entry[], limitPfn: number): number {
  let last = 0
  for (const e of table) {
    if (e.type !== E820_TYPE_RAM) continue
    const startPfn = Math.floor(e.addr / PAGE_SIZE)
    let endPfn = Math.floor((e.addr + e.size) / PAGE_SIZE)
    if (startPfn >= limitPfn) continue
    if (endPfn > limitPfn) endPfn = limitPfn
    if (endPfn > last) last = endPfn
  }
  return last
}

/** max_pfn. */
// arch/x86/kernel/e820.c: e820__end_of_ram_pfn()
export function e820EndOfRamPfn(table: readonly E820Entry[]): number {
  return e820EndPfn(table, Number.MAX_SAFE_INTEGER)
}

/** The highest RAM pfn below 4 GiB (dmesg "last_pfn = 0xc0000"). */
// arch/x86/kernel/e820.c: e820__end_of_low_ram_pfn()
export function e820EndOfLowRamPfn(table: readonly E820Entry[]): number {
  return e820EndPfn(table, FIRST_ADDR_PAST_32BITS / PAGE_SIZE)
}

/**
 * The usable RAM as memblock.memory holds it: every RAM entry, trimmed to whole pages by
 * memblock_trim_memory(PAGE_SIZE) (so [0x1000, 0x9fc00) becomes pfns [1, 0x9f)).
 */
// arch/x86/kernel/e820.c: e820__memblock_setup() + mm/memblock.c: memblock_trim_memory()
export function e820MemblockRanges(table: readonly E820Entry[]): PfnRange[] {
  const out: PfnRange[] = []
  for (const e of table) {
    if (e.type !== E820_TYPE_RAM) continue
    const start = Math.ceil(e.addr / PAGE_SIZE)
    const end = Math.floor((e.addr + e.size) / PAGE_SIZE)
    if (start < end) out.push({ start, end })
  }
  return out
}

function hex(n: number, width: number): string {
  return '0x' + n.toString(16).padStart(width, '0')
}

/** "[mem 0x…-0x…] usable" as e820__print_table() prints an entry. */
// arch/x86/kernel/e820.c: e820__print_table()
export function e820PrintTable(table: readonly E820Entry[]): string[] {
  return table.map(
    (e) => `[mem ${hex(e.addr, 16)}-${hex(e.addr + e.size - 1, 16)}] ${e.type === E820_TYPE_RAM ? 'usable' : 'reserved'}`
  )
}

// The built-in program image: /usr/bin/cat of the reference VM (Debian's coreutils, PIE, linked
// with glibc), with its loader and the files its start-up maps. Everything here was read on the
// reference machine (Linux 6.18.44-fc): the program headers with `readelf -lW`, the inodes and
// sizes with `stat`, the start-up system calls with
//   setarch -R strace -e trace=memory,openat cat /proc/self/maps
// A spawned process replays those calls through the simulated kernel, so the layout it ends with
// is what our mmap/mprotect/brk compute, not a copy of the real one (the test compares the two).

import type { VmFile } from './mm'

/** A PT_LOAD program header. */
export interface PtLoad {
  offset: number
  vaddr: number
  filesz: number
  memsz: number
  /** PF_R, PF_W, PF_X as 'rwx' letters. */
  flags: string
}

export interface ElfImage {
  file: VmFile
  /** ET_DYN (PIE or shared object). */
  type: 'ET_DYN'
  loads: PtLoad[]
  interpreter: string | null
}

const file = (path: string, inode: number, size: number): VmFile => ({ path, inode, dev: 'fe:00', size, writable: false })

export const FILES: Readonly<Record<string, VmFile>> = Object.freeze({
  '/usr/bin/cat': file('/usr/bin/cat', 260131, 44016),
  '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2': file('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', 338944, 215000),
  '/usr/lib/x86_64-linux-gnu/libc.so.6': file('/usr/lib/x86_64-linux-gnu/libc.so.6', 339380, 1926232),
  '/etc/ld.so.cache': file('/etc/ld.so.cache', 1196042, 38823),
  '/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache': file('/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache', 338846, 27028),
  '/usr/lib/locale/C.utf8/LC_ADDRESS': file('/usr/lib/locale/C.utf8/LC_ADDRESS', 329633, 127),
  '/usr/lib/locale/C.utf8/LC_COLLATE': file('/usr/lib/locale/C.utf8/LC_COLLATE', 329634, 1406),
  '/usr/lib/locale/C.utf8/LC_CTYPE': file('/usr/lib/locale/C.utf8/LC_CTYPE', 329635, 353616),
  '/usr/lib/locale/C.utf8/LC_IDENTIFICATION': file('/usr/lib/locale/C.utf8/LC_IDENTIFICATION', 329636, 258),
  '/usr/lib/locale/C.utf8/LC_MEASUREMENT': file('/usr/lib/locale/C.utf8/LC_MEASUREMENT', 329637, 23),
  '/usr/lib/locale/C.utf8/LC_MONETARY': file('/usr/lib/locale/C.utf8/LC_MONETARY', 329640, 270),
  '/usr/lib/locale/C.utf8/LC_NAME': file('/usr/lib/locale/C.utf8/LC_NAME', 329641, 62),
  '/usr/lib/locale/C.utf8/LC_NUMERIC': file('/usr/lib/locale/C.utf8/LC_NUMERIC', 329642, 50),
  '/usr/lib/locale/C.utf8/LC_PAPER': file('/usr/lib/locale/C.utf8/LC_PAPER', 329643, 34),
  '/usr/lib/locale/C.utf8/LC_TELEPHONE': file('/usr/lib/locale/C.utf8/LC_TELEPHONE', 329644, 47),
  '/usr/lib/locale/C.utf8/LC_TIME': file('/usr/lib/locale/C.utf8/LC_TIME', 329645, 3360),
  '/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES': file('/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES', 329639, 48)
})

export const CAT: ElfImage = {
  file: FILES['/usr/bin/cat']!,
  type: 'ET_DYN',
  loads: [
    { offset: 0x0, vaddr: 0x0, filesz: 0x1720, memsz: 0x1720, flags: 'r' },
    { offset: 0x2000, vaddr: 0x2000, filesz: 0x4da9, memsz: 0x4da9, flags: 'rx' },
    { offset: 0x7000, vaddr: 0x7000, filesz: 0x20e8, memsz: 0x20e8, flags: 'r' },
    { offset: 0x9c30, vaddr: 0xac30, filesz: 0x650, memsz: 0x7e8, flags: 'rw' }
  ],
  interpreter: '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2'
}

export const LD_SO: ElfImage = {
  file: FILES['/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2']!,
  type: 'ET_DYN',
  loads: [
    { offset: 0x0, vaddr: 0x0, filesz: 0xd58, memsz: 0xd58, flags: 'r' },
    { offset: 0x1000, vaddr: 0x1000, filesz: 0x25111, memsz: 0x25111, flags: 'rx' },
    { offset: 0x27000, vaddr: 0x27000, filesz: 0x9c7c, memsz: 0x9c7c, flags: 'r' },
    { offset: 0x31900, vaddr: 0x31900, filesz: 0x2810, memsz: 0x29d8, flags: 'rw' }
  ],
  interpreter: null
}

/** The images `spawn … image=PATH` accepts. */
export const IMAGES: Readonly<Record<string, ElfImage>> = Object.freeze({ '/usr/bin/cat': CAT })

/**
 * What the loader and libc do before main() runs, as strace saw it: each mmap with its length,
 * protection, flags and file; addresses relative to an earlier result where the loader passed
 * one (`at`: [step index, offset]). `brk` with a delta; `mprotect` of a RELRO range.
 */
export type StartupCall =
  | { call: 'mmap'; len: number; prot: string; flags: string[]; file?: string; offset?: number; at?: [number, number] }
  | { call: 'mprotect'; at: [number | 'exe' | 'interp', number]; len: number; prot: string }
  | { call: 'munmap'; at: [number, number]; len: number }
  | { call: 'brk'; delta: number }

const LOCALE = '/usr/lib/locale/C.utf8/'
const libc = '/usr/lib/x86_64-linux-gnu/libc.so.6'

export const CAT_STARTUP: readonly StartupCall[] = [
  /* 0 */ { call: 'brk', delta: 0 },
  /* 1 */ { call: 'mmap', len: 8192, prot: 'rw', flags: ['private', 'anon'] },
  /* 2 */ { call: 'mmap', len: 38823, prot: 'r', flags: ['private'], file: '/etc/ld.so.cache' },
  /* 3 */ { call: 'mmap', len: 1974096, prot: 'r', flags: ['private'], file: libc, offset: 0 },
  /* 4 */ { call: 'mmap', len: 1400832, prot: 'rx', flags: ['private', 'fixed'], file: libc, offset: 0x26000, at: [3, 0x26000] },
  /* 5 */ { call: 'mmap', len: 339968, prot: 'r', flags: ['private', 'fixed'], file: libc, offset: 0x17c000, at: [3, 0x17c000] },
  /* 6 */ { call: 'mmap', len: 24576, prot: 'rw', flags: ['private', 'fixed'], file: libc, offset: 0x1cf000, at: [3, 0x1cf000] },
  /* 7 */ { call: 'mmap', len: 53072, prot: 'rw', flags: ['private', 'fixed', 'anon'], at: [3, 0x1d5000] },
  /* 8 */ { call: 'mmap', len: 12288, prot: 'rw', flags: ['private', 'anon'] },
  /* 9 */ { call: 'mprotect', at: [3, 0x1cf000], len: 16384, prot: 'r' },
  /* 10 */ { call: 'mprotect', at: ['exe', 0xa000], len: 4096, prot: 'r' },
  /* 11 */ { call: 'mprotect', at: ['interp', 0x31000], len: 8192, prot: 'r' },
  /* 12 */ { call: 'munmap', at: [2, 0], len: 38823 },
  /* 13 */ { call: 'brk', delta: 0x21000 },
  /* 14 */ { call: 'mmap', len: 258, prot: 'r', flags: ['private'], file: LOCALE + 'LC_IDENTIFICATION' },
  /* 15 */ { call: 'mmap', len: 27028, prot: 'r', flags: ['shared'], file: '/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache' },
  /* 16 */ { call: 'mmap', len: 23, prot: 'r', flags: ['private'], file: LOCALE + 'LC_MEASUREMENT' },
  /* 17 */ { call: 'mmap', len: 47, prot: 'r', flags: ['private'], file: LOCALE + 'LC_TELEPHONE' },
  /* 18 */ { call: 'mmap', len: 127, prot: 'r', flags: ['private'], file: LOCALE + 'LC_ADDRESS' },
  /* 19 */ { call: 'mmap', len: 62, prot: 'r', flags: ['private'], file: LOCALE + 'LC_NAME' },
  /* 20 */ { call: 'mmap', len: 34, prot: 'r', flags: ['private'], file: LOCALE + 'LC_PAPER' },
  /* 21 */ { call: 'mmap', len: 48, prot: 'r', flags: ['private'], file: LOCALE + 'LC_MESSAGES/SYS_LC_MESSAGES' },
  /* 22 */ { call: 'mmap', len: 270, prot: 'r', flags: ['private'], file: LOCALE + 'LC_MONETARY' },
  /* 23 */ { call: 'mmap', len: 1406, prot: 'r', flags: ['private'], file: LOCALE + 'LC_COLLATE' },
  /* 24 */ { call: 'mmap', len: 3360, prot: 'r', flags: ['private'], file: LOCALE + 'LC_TIME' },
  /* 25 */ { call: 'mmap', len: 50, prot: 'r', flags: ['private'], file: LOCALE + 'LC_NUMERIC' },
  /* 26 */ { call: 'mmap', len: 353616, prot: 'r', flags: ['private'], file: LOCALE + 'LC_CTYPE' }
]

/** argv and envp of a spawned process (what `cat` gets from the lab's shell). */
export const SPAWN_ARGV = ['cat']
export const SPAWN_ENVP = ['PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/root', 'LANG=C.UTF-8', 'TERM=xterm-256color']

// A captured /proc/PID/maps as the VMAs of a process a trace is replayed in: each line becomes a
// fixed mapping with its permissions; file mappings keep their path, device and inode (their
// pages come from the page cache), [heap], [stack] and anonymous ones are anonymous memory.

import type { MmStruct } from '../mm/mm'
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PROT_EXEC, PROT_READ, PROT_WRITE } from '../mm/vm_flags'

const LINE = /^([0-9a-f]+)-([0-9a-f]+) ([r-])([w-])([x-])([ps]) ([0-9a-f]+) ([0-9a-f]+:[0-9a-f]+) (\d+)\s*(.*)$/

export function parseMapsInto(mm: MmStruct, text: string): { vmas: number } | { error: string } {
  let vmas = 0
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trimEnd()
    if (!line) continue
    const m = LINE.exec(line)
    if (!m) return { error: `line ${i + 1} is not a maps line: ${line.slice(0, 60)}` }
    const start = parseInt(m[1]!, 16)
    const end = parseInt(m[2]!, 16)
    // The vsyscall page lies outside user space; [vdso] and [vvar] are the kernel's to map.
    if (end > 0x7ffffffff000 || m[10]!.startsWith('[v')) continue
    const prot = (m[3] === 'r' ? PROT_READ : 0) | (m[4] === 'w' ? PROT_WRITE : 0) | (m[5] === 'x' ? PROT_EXEC : 0)
    const path = m[10]!
    const isFile = path.startsWith('/') && m[8] !== '00:00'
    const file = isFile ? { path, inode: Number(m[9]), dev: m[8]!, size: parseInt(m[7]!, 16) + (end - start), writable: m[6] === 's' && m[4] === 'w' } : null
    const flags = MAP_FIXED | (m[6] === 's' ? MAP_SHARED : MAP_PRIVATE) | (file ? 0 : MAP_ANONYMOUS)
    const r = mm.doMmap(file, start, end - start, prot, flags, parseInt(m[7]!, 16) / 4096, false)
    if (!r.ok) return { error: `line ${i + 1}: mmap ${r.errno}` }
    vmas++
  }
  return { vmas }
}

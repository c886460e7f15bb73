// The simulated machine's settings: what `machine ram=… cpus=…` sets (../shared/spec/vml.md)
// and what `engine.reset` takes. Sizes are bytes; the engine rounds RAM down to whole pages.

export type ThpMode = 'always' | 'madvise' | 'never'

export interface MachineConfig {
  /** Installed RAM in bytes (the e820 "usable" total plus the legacy holes below 1 MiB). */
  ram: number
  cpus: number
  /** Size of the swap area in bytes; 0 for none. */
  swap: number
  aslr: boolean
  seed: number
  thp: ThpMode
  overcommit: 0 | 1 | 2
  /**
   * Process-context identifiers: with PCID the TLB keeps entries of up to 6 address spaces per CPU
   * across context switches; without, every CR3 load flushes it. The reference VM's CPU has none.
   */
  pcid: boolean
}

const MiB = 1024 * 1024
const GiB = 1024 * MiB

/** The app's embedded default machine: a small x86-64 VM of a classroom. */
export const DEFAULT_MACHINE: Readonly<MachineConfig> = Object.freeze({
  ram: 256 * MiB,
  cpus: 2,
  swap: 0,
  aslr: false,
  seed: 1,
  // DESIGN.md: THP in madvise mode is the kernel our machines run.
  thp: 'madvise',
  overcommit: 0,
  pcid: false
})

/**
 * Bounds of the lab. The lower bound is set by the kernel image: it is loaded at 16 MiB and a
 * 6.18 image with its bss ends near 61 MiB, so anything below 128 MiB leaves too little to run.
 * The upper bound keeps the per-frame arrays of the biggest machine (4 M frames) in a few
 * hundred MB, the memory budget of a classroom laptop.
 */
export const MACHINE_LIMITS = Object.freeze({
  ramMin: 128 * MiB,
  ramMax: 16 * GiB,
  cpusMin: 1,
  cpusMax: 64,
  swapMax: 64 * GiB
})

export const MACHINE_KEYS = ['ram', 'cpus', 'swap', 'aslr', 'seed', 'thp', 'overcommit', 'pcid'] as const
export type MachineKey = (typeof MACHINE_KEYS)[number]

/** What is wrong with `c`, when it is outside what the lab can simulate: the key and why. */
export function checkMachineConfig(c: MachineConfig): { key: MachineKey; reason: string } | null {
  const bad = (key: MachineKey, reason: string) => ({ key, reason })
  if (!Number.isSafeInteger(c.ram) || c.ram < MACHINE_LIMITS.ramMin)
    return bad('ram', 'is below the minimum of 128M (the 6.18 kernel image alone ends near 61 MiB)')
  if (c.ram > MACHINE_LIMITS.ramMax) return bad('ram', "is above the lab's maximum of 16G")
  if (!Number.isInteger(c.cpus) || c.cpus < MACHINE_LIMITS.cpusMin || c.cpus > MACHINE_LIMITS.cpusMax)
    return bad('cpus', `must be between ${MACHINE_LIMITS.cpusMin} and ${MACHINE_LIMITS.cpusMax}`)
  if (!Number.isSafeInteger(c.swap) || c.swap < 0 || c.swap > MACHINE_LIMITS.swapMax) return bad('swap', 'must be between 0 and 64G')
  if (!Number.isSafeInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff) return bad('seed', 'must be between 0 and 4294967295')
  if (c.thp !== 'always' && c.thp !== 'madvise' && c.thp !== 'never') return bad('thp', 'must be always, madvise or never')
  if (c.overcommit !== 0 && c.overcommit !== 1 && c.overcommit !== 2) return bad('overcommit', 'must be 0, 1 or 2')
  return null
}

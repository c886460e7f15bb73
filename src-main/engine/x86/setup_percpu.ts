// The first per-CPU chunk (arch/x86/kernel/setup_percpu.c: setup_per_cpu_areas() →
// mm/percpu.c: pcpu_embed_first_chunk()). Each CPU gets a unit holding the static per-CPU
// variables, the reserved area and the first dynamic area; units are grouped into 2 MiB
// allocations (atom_size = PMD_SIZE) from memblock, and the unused tail of each unit is
// given back. On our reference 6.18 kernel: "percpu: Embedded 53 pages/cpu s186136 r0 d30952".

import { FrameUse } from '@shared/model/frames'
import type { Memblock } from '../memblock/memblock'

/** Bytes of the first chunk per CPU: static 186136 + reserved 0 + dynamic 30952, in pages. */
export const PCPU_STATIC_SIZE = 186136
export const PCPU_DYN_SIZE = 30952
export const PCPU_UNIT_PAGES = Math.ceil((PCPU_STATIC_SIZE + PCPU_DYN_SIZE) / 4096) // 53
const ATOM_SIZE = 2 * 1024 * 1024
/** __pa(MAX_DMA_ADDRESS): per-CPU memory is never taken from ZONE_DMA. */
const MIN_ADDR = 16 * 1024 * 1024

export interface PerCpuFirstChunk {
  unitSize: number
  /** Units per 2 MiB allocation. */
  upa: number
  /**
   * pcpu_nr_units: the units of the chunk, CPUs rounded up to a multiple of upa. A unit no CPU
   * uses is given back to memblock, yet pcpu_nr_pages() (meminfo Percpu) still counts it.
   */
  nrUnits: number
  /** Base address of each CPU's unit. */
  unitBase: number[]
}

/**
 * Units per allocation: among the unit counts that split the 2 MiB atom into whole pages, the
 * smallest that needs no more allocations than the best so far, refusing any that would waste
 * more than a third of the CPUs' worth of units.
 */
// mm/percpu.c: pcpu_build_alloc_info()
export function unitsPerAlloc(cpus: number): number {
  const minUnit = PCPU_UNIT_PAGES * 4096
  const fits = (u: number): boolean => ATOM_SIZE % u === 0 && (ATOM_SIZE / u) % 4096 === 0
  let maxUpa = Math.floor(ATOM_SIZE / minUnit)
  while (!fits(maxUpa)) maxUpa--
  let best = 1
  let lastAllocs = Infinity
  for (let upa = maxUpa; upa >= 1; upa--) {
    if (!fits(upa)) continue
    const allocs = Math.ceil(cpus / upa)
    const wasted = allocs * upa - cpus
    if (wasted > Math.floor(cpus / 3)) continue
    if (allocs > lastAllocs) break
    lastAllocs = allocs
    best = upa
  }
  return best
}

/**
 * One node makes one group of units, allocated as one block of nrUnits × unitSize aligned to
 * the 2 MiB atom, top-down above 16 MiB; each unit keeps its first 53 pages.
 */
// mm/percpu.c: pcpu_embed_first_chunk() → pcpu_fc_alloc(), pcpu_fc_free()
export function setupPerCpuAreas(memblock: Memblock, cpus: number): PerCpuFirstChunk {
  const upa = unitsPerAlloc(cpus)
  const unitSize = ATOM_SIZE / upa
  const nrUnits = Math.ceil(cpus / upa) * upa
  const base = memblock.allocTopDown(nrUnits * unitSize, ATOM_SIZE, 'percpu first chunk', FrameUse.PERCPU, MIN_ADDR)
  if (base < 0) throw new Error('BUG: no memory for the per-CPU first chunk')
  const used = PCPU_UNIT_PAGES * 4096
  const unitBase: number[] = []
  for (let u = 0; u < nrUnits; u++) {
    const unit = base + u * unitSize
    if (u < cpus) {
      unitBase.push(unit)
      memblock.free(unit + used, unitSize - used) // "copy and return the unused part"
    } else {
      memblock.free(unit, unitSize) // "unused unit, free whole"
    }
  }
  return { unitSize, upa, nrUnits, unitBase }
}

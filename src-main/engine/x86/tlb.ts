// The TLBs of the simulated CPUs and the kernel's management of them (arch/x86/mm/tlb.c, 6.18).
//
// Hardware, as a Skylake-class Intel core has it (Intel 64 and IA-32 Architectures Optimization
// Reference Manual, table "TLB parameters"): an L1 data TLB of 64 entries for 4 KiB pages and 32
// for 2 MiB pages, 4-way each, and a shared second-level TLB (STLB) of 1536 entries, 12-way,
// holding both sizes. Sets are chosen by the low bits of the virtual page number, victims by LRU.
// An entry is tagged with the PCID it was filled under; a CR3 load without PCID drops every
// non-global entry. (Under PTI kernel mappings are not Global, and user accesses never use kernel
// entries, so no Global entry is ever filled here.)
//
// Kernel: switch_mm_irqs_off() on a context switch (choose_new_asid() among TLB_NR_DYN_ASIDS
// slots with PCID; a kernel thread enters lazy TLB mode and keeps the previous mm loaded);
// flush_tlb_mm_range() after munmap, mprotect, copy-on-write and the like (invlpg for up to
// tlb_single_page_flush_ceiling pages, else a flush of the whole ASID; IPIs to the other CPUs in
// mm_cpumask where should_flush_tlb() says so, and to lazy ones when page tables were freed).
//
// Everything lives in flat typed arrays: a lookup allocates nothing.

import type { TlbCounters } from '@shared/model/mm'

/** TLB_NR_DYN_ASIDS: the address spaces a CPU keeps PCIDs for. */
export const TLB_NR_DYN_ASIDS = 6
/** tlb_single_page_flush_ceiling: above this many pages a range flush becomes a full flush. */
export const TLB_SINGLE_PAGE_FLUSH_CEILING = 33
/** X86_CR3_PTI_PCID_USER_BIT: under PTI the user half of an ASID runs with this PCID bit set. */
export const PTI_USER_PCID_BIT = 1 << 11

export interface TlbGeometry {
  l1Sets4k: number
  l1Ways4k: number
  l1Sets2m: number
  l1Ways2m: number
  stlbSets: number
  stlbWays: number
}

/** Skylake: L1 dTLB 64 × 4 KiB (4-way) and 32 × 2 MiB (4-way); STLB 1536 (12-way), both sizes. */
export const SKYLAKE: TlbGeometry = { l1Sets4k: 16, l1Ways4k: 4, l1Sets2m: 8, l1Ways2m: 4, stlbSets: 128, stlbWays: 12 }

/** Entry attribute bits as the TLB keeps them. */
export const TLB_RW = 1
export const TLB_NX = 2
export const TLB_DIRTY = 4
export const TLB_HUGE = 8

/** A TLB key: the page number at its size, the PCID, and the size bit (exact in a double). */
export const tlbKey = (vpn: number, pcid: number, huge: boolean): number => (vpn * 4096 + pcid) * 2 + (huge ? 1 : 0)
const keyHuge = (k: number): boolean => k % 2 === 1
const keyPcid = (k: number): number => Math.floor(k / 2) % 4096
const keyVpn = (k: number): number => Math.floor(k / 8192)

/** One set-associative array: key (or -1 when empty), frame, bits, LRU stamp per way. */
export class TlbArray {
  readonly keys: Float64Array
  readonly pfn: Float64Array
  readonly bits: Uint8Array
  readonly stamp: Float64Array
  /** The LRU clock: a hit stamps its way with ++clock. */
  clock = 0

  constructor(
    readonly sets: number,
    readonly ways: number
  ) {
    const n = sets * ways
    this.keys = new Float64Array(n).fill(-1)
    this.pfn = new Float64Array(n)
    this.bits = new Uint8Array(n)
    this.stamp = new Float64Array(n)
  }

  /** The slot holding key, or -1; a hit refreshes its LRU stamp. `vpn` picks the set. */
  lookup(key: number, vpn: number): number {
    const base = (vpn % this.sets) * this.ways
    const keys = this.keys
    for (let i = base, end = base + this.ways; i < end; i++) {
      if (keys[i] === key) {
        this.stamp[i] = ++this.clock
        return i
      }
    }
    return -1
  }

  /** Fill key into its set, evicting the least recently used way (an empty way first). */
  insert(key: number, vpn: number, pfn: number, bits: number): void {
    const base = (vpn % this.sets) * this.ways
    let victim = base
    for (let i = base, end = base + this.ways; i < end; i++) {
      if (this.keys[i] === -1) {
        victim = i
        break
      }
      if (this.stamp[i]! < this.stamp[victim]!) victim = i
    }
    this.keys[victim] = key
    this.pfn[victim] = pfn
    this.bits[victim] = bits
    this.stamp[victim] = ++this.clock
  }

  /**
   * Drop entries: of one PCID (or all, pcid < 0), and with vpn4k ≥ 0 only those translating that
   * 4 KiB page (a 2 MiB entry covering it too). Returns how many went.
   */
  invalidate(pcid: number, vpn4k = -1): number {
    if (vpn4k >= 0) {
      // Only the set a 4 KiB entry for the page can be in, and the one a 2 MiB entry would be in.
      return this.invalidateSet(pcid, vpn4k, vpn4k % this.sets) + this.invalidateSet(pcid, vpn4k, Math.floor(vpn4k / 512) % this.sets)
    }
    let n = 0
    const keys = this.keys
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!
      if (k < 0) continue
      if (pcid >= 0 && keyPcid(k) !== pcid) continue
      if (vpn4k >= 0 && keyVpn(k) !== (keyHuge(k) ? Math.floor(vpn4k / 512) : vpn4k)) continue
      keys[i] = -1
      n++
    }
    return n
  }

  private invalidateSet(pcid: number, vpn4k: number, set: number): number {
    let n = 0
    const keys = this.keys
    for (let i = set * this.ways, end = i + this.ways; i < end; i++) {
      const k = keys[i]!
      if (k < 0) continue
      if (pcid >= 0 && keyPcid(k) !== pcid) continue
      if (keyVpn(k) !== (keyHuge(k) ? Math.floor(vpn4k / 512) : vpn4k)) continue
      keys[i] = -1
      n++
    }
    return n
  }

  /** The valid entries, decoded (for the pane). */
  entries(): { set: number; way: number; vpn: number; pcid: number; huge: boolean; pfn: number; bits: number }[] {
    const out = []
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i]!
      if (k < 0) continue
      out.push({ set: Math.floor(i / this.ways), way: i % this.ways, vpn: keyVpn(k), pcid: keyPcid(k), huge: keyHuge(k), pfn: this.pfn[i]!, bits: this.bits[i]! })
    }
    return out
  }
}

/** One CPU's TLBs: the L1 data TLB for each page size and the shared STLB. */
export class Tlb {
  readonly l1: TlbArray
  readonly l1Huge: TlbArray
  readonly stlb: TlbArray
  readonly counters: TlbCounters = { l1Hits: 0, stlbHits: 0, misses: 0, walks: 0, fullFlushes: 0, pageFlushes: 0, ipisSent: 0, ipisReceived: 0, contextSwitches: 0 }
  /**
   * Whether a 2 MiB entry may be in the arrays (one was filled since they were last emptied): a
   * lookup skips the probes for one when none can be there (a software shortcut, same result).
   */
  private mayHoldHuge = false

  constructor(readonly geometry: TlbGeometry = SKYLAKE) {
    this.l1 = new TlbArray(geometry.l1Sets4k, geometry.l1Ways4k)
    this.l1Huge = new TlbArray(geometry.l1Sets2m, geometry.l1Ways2m)
    this.stlb = new TlbArray(geometry.stlbSets, geometry.stlbWays)
  }

  /**
   * Translate the 4 KiB page vpn under pcid: the L1 (4 KiB, then 2 MiB), then the STLB, which
   * refills the L1 on a hit. Returns the slot's bits and frame through `out`, or false on a miss.
   */
  lookup(vpn: number, pcid: number, out: { pfn: number; bits: number }): boolean {
    const key = tlbKey(vpn, pcid, false)
    let i = this.l1.lookup(key, vpn)
    if (i >= 0) {
      this.counters.l1Hits++
      out.pfn = this.l1.pfn[i]!
      out.bits = this.l1.bits[i]!
      return true
    }
    const anyHuge = this.mayHoldHuge
    const hv = Math.floor(vpn / 512)
    const hkey = tlbKey(hv, pcid, true)
    i = anyHuge ? this.l1Huge.lookup(hkey, hv) : -1
    if (i >= 0) {
      this.counters.l1Hits++
      out.pfn = this.l1Huge.pfn[i]! + (vpn % 512)
      out.bits = this.l1Huge.bits[i]!
      return true
    }
    i = this.stlb.lookup(key, vpn)
    if (i < 0 && anyHuge) i = this.stlb.lookup(hkey, hv)
    if (i >= 0) {
      this.counters.stlbHits++
      const huge = (this.stlb.bits[i]! & TLB_HUGE) !== 0
      const pfn = this.stlb.pfn[i]!
      const bits = this.stlb.bits[i]!
      if (huge) this.l1Huge.insert(hkey, hv, pfn, bits)
      else this.l1.insert(key, vpn, pfn, bits)
      out.pfn = huge ? pfn + (vpn % 512) : pfn
      out.bits = bits
      return true
    }
    this.counters.misses++
    return false
  }

  /** Fill both levels after a walk. */
  fill(vpn: number, pcid: number, pfn: number, bits: number): void {
    if (bits & TLB_HUGE) {
      this.mayHoldHuge = true
      const hv = Math.floor(vpn / 512)
      const key = tlbKey(hv, pcid, true)
      const base = pfn - (pfn % 512)
      this.l1Huge.insert(key, hv, base, bits)
      this.stlb.insert(key, hv, base, bits)
      return
    }
    const key = tlbKey(vpn, pcid, false)
    this.l1.insert(key, vpn, pfn, bits)
    this.stlb.insert(key, vpn, pfn, bits)
  }

  /** Drop one page's translation under pcid (invlpg / invpcid single-address). */
  flushPage(pcid: number, vpn: number): void {
    this.l1.invalidate(pcid, vpn)
    this.l1Huge.invalidate(pcid, vpn)
    this.stlb.invalidate(pcid, vpn)
    this.counters.pageFlushes++
  }

  /** Drop every entry of pcid (pcid < 0: every entry: a CR3 load without PCID). */
  flushAll(pcid: number): void {
    this.l1.invalidate(pcid)
    this.l1Huge.invalidate(pcid)
    this.stlb.invalidate(pcid)
    if (pcid < 0) this.mayHoldHuge = false
    this.counters.fullFlushes++
  }
}

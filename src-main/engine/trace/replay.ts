// Replaying a real memory-access trace through a process: the lines valgrind's lackey tool prints
// (`valgrind --tool=lackey --trace-mem=yes`): `I  addr,size` (an instruction fetch), ` L addr,size`
// (a load), ` S addr,size` (a store), ` M addr,size` (a load and a store), `==pid== …` (valgrind's
// own messages, skipped). Each access goes through the TLB of the CPU the process runs on, a walk
// on a miss, and the page-fault path when the page is not mapped yet — the same code the
// `read`/`write`/`fetch` commands use, with a fast path for TLB hits that allocates nothing.
//
// The trace is consumed as a stream of byte chunks (zstd-compressed or plain text), parsed into
// a fixed batch of typed arrays and replayed batch by batch: tens of millions of accesses never sit
// in memory at once. Without a maps file, the process gets an anonymous read-write-execute VMA
// over each 1 MiB region the trace touches, when it first touches it.

import { Decompress } from 'fzstd'
import type { Machine } from '../machine'
import type { Task } from '../mm/process'
import { MAP_ANONYMOUS, MAP_FIXED_NOREPLACE, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../mm/vm_flags'
import { TLB_NX, TLB_RW, TLB_DIRTY, tlbKey } from '../x86/tlb'
import type { Access } from '../mm/memory'

const EXEC: readonly Access[] = ['exec']
const READ: readonly Access[] = ['read']
const WRITE: readonly Access[] = ['write']
const MODIFY: readonly Access[] = ['read', 'write']
const BATCH = 1 << 16
const REGION = 1 << 20
const K_I = 0
const K_L = 1
const K_S = 2
const K_M = 3

export interface TraceStats {
  lines: number
  /** Instruction fetches and data accesses (a modify counts once, as lackey prints it). */
  fetches: number
  loads: number
  stores: number
  modifies: number
  /** Page translations: an access that spans two pages translates both. */
  translations: number
  l1Hits: number
  stlbHits: number
  walks: number
  minorFaults: number
  majorFaults: number
  /** Pages first mapped by the replay (a not-present PTE faulted in). */
  pagesTouched: number
  /** Anonymous VMAs made for regions the trace touched outside any mapping. */
  regionsMapped: number
  segv: string | null
}

export class TraceReplay {
  readonly stats: TraceStats = {
    lines: 0, fetches: 0, loads: 0, stores: 0, modifies: 0, translations: 0, l1Hits: 0, stlbHits: 0, walks: 0,
    minorFaults: 0, majorFaults: 0, pagesTouched: 0, regionsMapped: 0, segv: null
  }
  private readonly addr = new Float64Array(BATCH)
  private readonly size = new Uint16Array(BATCH)
  private readonly kind = new Uint8Array(BATCH)
  private n = 0
  /** The line being parsed: its kind (-1 skip, -2 not started), address and size so far. */
  private lineKind = -2
  private lineAddr = 0
  private lineSize = 0
  private inSize = false
  private zstd: Decompress | null = null
  private started = false

  constructor(
    private readonly m: Machine,
    private readonly task: Task,
    private readonly mapRegions: boolean
  ) {}

  /** Bytes of the trace file, compressed or not, in order. */
  push(chunk: Uint8Array): void {
    if (!this.started) {
      this.started = true
      // The zstd frame magic, 28 b5 2f fd.
      if (chunk.length >= 4 && chunk[0] === 0x28 && chunk[1] === 0xb5 && chunk[2] === 0x2f && chunk[3] === 0xfd) {
        this.zstd = new Decompress((data) => this.parse(data))
      }
    }
    // The decoder may keep what it is given until a block completes: it gets its own copy.
    if (this.zstd) this.zstd.push(chunk.slice())
    else this.parse(chunk)
  }

  /** The end of the file: the last line and batch. */
  finish(): TraceStats {
    if (this.zstd) this.zstd.push(new Uint8Array(0), true)
    this.endLine()
    this.flush()
    return this.stats
  }

  private endLine(): void {
    if (this.lineKind >= 0) {
      this.addr[this.n] = this.lineAddr
      this.size[this.n] = this.lineSize || 1
      this.kind[this.n] = this.lineKind
      if (++this.n === BATCH) this.flush()
    }
    if (this.lineKind !== -2) this.stats.lines++
    this.lineKind = -2
    this.lineAddr = 0
    this.lineSize = 0
    this.inSize = false
  }

  // A byte-at-a-time state machine: no string is made per line.
  private parse(data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!
      if (c === 10) {
        this.endLine()
        continue
      }
      if (this.lineKind === -1) continue
      if (this.lineKind === -2) {
        // The first significant character decides: I, L, S, M, or anything else (skip the line).
        if (c === 32) continue
        this.lineKind = c === 73 ? K_I : c === 76 ? K_L : c === 83 ? K_S : c === 77 ? K_M : -1
        continue
      }
      if (c === 32) continue
      if (c === 44) {
        this.inSize = true
        continue
      }
      if (this.inSize) {
        if (c >= 48 && c <= 57) this.lineSize = this.lineSize * 10 + (c - 48)
        continue
      }
      const d = c <= 57 ? c - 48 : (c | 32) - 87
      this.lineAddr = this.lineAddr * 16 + d
    }
  }

  private flush(): void {
    const n = this.n
    this.n = 0
    this.replay(this.addr, this.size, this.kind, n)
  }

  /**
   * Replay n parsed accesses (kind 0 fetch, 1 load, 2 store, 3 modify): the TLB's L1 inline,
   * everything else through the paging code. Returns false once the process took a SIGSEGV.
   */
  replay(addrs: Float64Array, sizes: Uint16Array, kinds: Uint8Array, n: number): boolean {
    if (!n || this.stats.segv) return !this.stats.segv
    const cpus = this.m.procs.cpus
    const cpu = cpus.ensureRunning(this.task)
    const tlb = cpu.tlb
    const pcid = cpus.userPcid(cpu.loadedAsid)
    const l1 = tlb.l1
    const keys = l1.keys
    const ways = l1.ways
    const sets = l1.sets
    const st = this.stats
    let l1Hits = 0
    for (let i = 0; i < n; i++) {
      const k = kinds[i]!
      if (k === K_I) st.fetches++
      else if (k === K_L) st.loads++
      else if (k === K_S) st.stores++
      else st.modifies++
      const a = addrs[i]!
      const lastPage = Math.floor((a + sizes[i]! - 1) / 4096)
      for (let vpn = Math.floor(a / 4096); vpn <= lastPage; vpn++) {
        st.translations++
        // The fast path: an L1 hit that allows the access, its PTE already dirty for a store.
        const key = tlbKey(vpn, pcid, false)
        const base = (vpn % sets) * ways
        let slot = -1
        for (let w = base, end = base + ways; w < end; w++) {
          if (keys[w] === key) {
            slot = w
            break
          }
        }
        if (slot >= 0) {
          const bits = l1.bits[slot]!
          const write = k >= K_S
          if ((!write || (bits & (TLB_RW | TLB_DIRTY)) === (TLB_RW | TLB_DIRTY)) && !(k === K_I && bits & TLB_NX)) {
            l1.stamp[slot] = ++l1.clock
            l1Hits++
            continue
          }
        }
        if (!this.slow(vpn * 4096, k)) {
          st.l1Hits += l1Hits
          tlb.counters.l1Hits += l1Hits
          return false
        }
      }
    }
    st.l1Hits += l1Hits
    tlb.counters.l1Hits += l1Hits
    return true
  }

  /** Everything but an L1 hit: the STLB, a walk, a fault, a region mapped on first touch. */
  private slow(page: number, k: number): boolean {
    const st = this.stats
    const c = this.m.procs.cpus.ensureRunning(this.task).tlb.counters
    const l1 = c.l1Hits
    const stlb = c.stlbHits
    const walks = c.walks
    for (const kind of k === K_I ? EXEC : k === K_L ? READ : k === K_S ? WRITE : MODIFY) {
      let r = this.m.procs.paging.access(this.task, page, 1, kind)
      if (!r.ok && r.code === 'SEGV_MAPERR' && this.mapRegions) {
        const region = page - (page % REGION)
        const mm = this.task.mm!
        const m = mm.doMmap(null, region, REGION, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0, false)
        if (m.ok) st.regionsMapped++
        r = this.m.procs.paging.access(this.task, page, 1, kind)
      }
      if (!r.ok) {
        st.segv = `SIGSEGV ${r.code} addr=0x${page.toString(16)}`
        return false
      }
      st.minorFaults += r.minor
      st.majorFaults += r.major
      st.pagesTouched += r.firstTouches
    }
    st.l1Hits += c.l1Hits - l1
    st.stlbHits += c.stlbHits - stlb
    st.walks += c.walks - walks
    return true
  }
}

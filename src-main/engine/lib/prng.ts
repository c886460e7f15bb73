// The engine's one source of randomness (DESIGN.md: deterministic). What Linux draws from
// get_random_u32() — the slab freelist shuffle, later ASLR — comes from this seeded generator, so
// the same script on the same machine gives the same state byte for byte.

/** SplitMix32-style generator: small, fast, and good enough for shuffles. */
export class Prng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }

  /** get_random_u32() */
  u32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0
    let z = this.state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }

  /** get_random_u32_below(ceil): uniform in [0, ceil). */
  below(ceil: number): number {
    if (ceil <= 1) return 0
    // Lemire's multiply-shift; the bias is below 2^-32 · ceil, invisible here.
    return Math.floor((this.u32() / 0x1_0000_0000) * ceil)
  }
}

// The machine line every result is recorded with (bench/RESULTS.md).
import { cpus, totalmem, release } from 'node:os'

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  const gib = (totalmem() / 2 ** 30).toFixed(0)
  return `${cpu}, ${cpus().length} cores, ${gib} GiB RAM, Linux ${release()}, Node ${process.version}`
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, i)]!
}

export function summarize(samples: number[]): { p50: number; p95: number; p99: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b)
  const mean = s.reduce((a, b) => a + b, 0) / s.length
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1]!, mean }
}

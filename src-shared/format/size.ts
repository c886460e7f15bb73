// Sizes for people (UI.md: `64 KiB`, `1.5 MiB`; Linux's own `kB` stays in /proc views).

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/** Binary units with at most three significant digits: 477388 KiB → "466 MiB". */
export function humanBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : ''
  let v = Math.abs(bytes)
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  if (u === 0) return `${sign}${v} B`
  const text = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)
  // Trailing zeros say nothing: "2.00 MiB" reads better as "2 MiB".
  return `${sign}${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${UNITS[u]}`
}

/** A size given in kB, as /proc prints it. */
export function humanKiB(kib: number): string {
  return humanBytes(kib * 1024)
}

/** A VML size literal for a byte count: 536870912 → "512M". */
export function sizeLiteral(bytes: number): string {
  for (const [suffix, shift] of [['G', 30], ['M', 20], ['K', 10]] as const) {
    const unit = 2 ** shift
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`
  }
  return String(bytes)
}

/** A signed delta with its unit, for Δ columns: "+4 KiB", "−1.5 MiB". */
export function signedKiB(kib: number): string {
  if (kib === 0) return '0'
  const h = humanKiB(Math.abs(kib))
  return `${kib > 0 ? '+' : '−'}${h}`
}

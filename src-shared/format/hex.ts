// Addresses as UI.md writes them: lowercase hex with 0x, grouped by 16 bits for reading in wide
// views (`0x7fff_f7ff_0000`), copied without separators.

export function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`
}

export function groupedHex(v: bigint | number): string {
  const digits = v.toString(16)
  const groups: string[] = []
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end))
  return `0x${groups.join('_')}`
}

// The colours of frame states, once for every pane (../shared/UI.md "Colours"): the frame map
// paints with them, legends and the buddy pane show the same. Okabe–Ito based, colour-blind
// safe, and never colour alone: each state also has a letter mark (legend, tooltip).

import { FrameUse } from '@shared/model/frames'

export type Rgb = readonly [number, number, number]

export interface FrameStyle {
  /** The legend group (several uses share one colour: reserved, kernel image, memmap…). */
  key: string
  mark: string
  light: Rgb
  dark: Rgb
}

const rgb = (hex: string): Rgb => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]

const RESERVED: FrameStyle = { key: 'reserved', mark: 'R', light: rgb('#555555'), dark: rgb('#8a8f98') }

/** The style of each FrameUse. FREE is shaded by order on top of this base (freeShade()). */
export const FRAME_STYLES: Readonly<Record<number, FrameStyle>> = {
  [FrameUse.HOLE]: { key: 'hole', mark: ' ', light: rgb('#ffffff'), dark: rgb('#17191d') },
  [FrameUse.FREE]: { key: 'free', mark: '·', light: rgb('#dcdcdc'), dark: rgb('#3a3f47') },
  [FrameUse.RESERVED]: RESERVED,
  [FrameUse.KERNEL]: { ...RESERVED, key: 'kernel' },
  [FrameUse.MEMMAP]: { ...RESERVED, key: 'memmap' },
  [FrameUse.PERCPU]: { ...RESERVED, key: 'percpu' },
  [FrameUse.BOOTMEM]: { ...RESERVED, key: 'bootmem' },
  [FrameUse.PGTABLE]: { key: 'pagetable', mark: 'T', light: rgb('#d55e00'), dark: rgb('#e8743b') },
  [FrameUse.SLAB]: { key: 'slab', mark: 'S', light: rgb('#009e73'), dark: rgb('#2bbf92') },
  [FrameUse.ANON]: { key: 'anon', mark: 'A', light: rgb('#0072b2'), dark: rgb('#3b9be0') },
  [FrameUse.FILE]: { key: 'file', mark: 'F', light: rgb('#e69f00'), dark: rgb('#f0b429') },
  [FrameUse.SHMEM]: { key: 'shmem', mark: 'H', light: rgb('#cc79a7'), dark: rgb('#dd94bd') },
  [FrameUse.VMALLOC]: { key: 'vmalloc', mark: 'V', light: rgb('#f0e442'), dark: rgb('#e6da3c') },
  [FrameUse.KSTACK]: { key: 'kstack', mark: 'K', light: rgb('#c9bd1c'), dark: rgb('#bfb32a') },
  [FrameUse.ZERO]: { key: 'zero', mark: '0', light: rgb('#000000'), dark: rgb('#f5f5f5') },
  [FrameUse.SWAPCACHE]: { key: 'swapcache', mark: 'W', light: rgb('#56b4e9'), dark: rgb('#7cc6f0') },
  [FrameUse.PCP]: { key: 'pcp', mark: 'p', light: rgb('#a9d2f0'), dark: rgb('#2f5f80') },
  [FrameUse.ALLOCATED]: { key: 'allocated', mark: 'a', light: rgb('#7b3294'), dark: rgb('#b07cc6') }
}

/** The legend: one entry per colour, in the order UI.md lists them. */
export const LEGEND_KEYS = ['free', 'pcp', 'allocated', 'reserved', 'pagetable', 'slab', 'anon', 'file', 'shmem', 'vmalloc', 'kstack', 'zero', 'swapcache'] as const

export function styleOf(key: string): FrameStyle {
  return Object.values(FRAME_STYLES).find((s) => s.key === key)!
}

/**
 * A free frame's colour: lighter as its block's order grows (order 0 the darkest grey, order
 * 10 near white in the light theme; the reverse ramp towards the background in the dark one).
 */
export function freeShade(order: number, dark: boolean): Rgb {
  const t = Math.min(Math.max(order, 0), 10) / 10
  // Order 0 the darkest; order 10 still clearly a grey, not the background.
  const from = dark ? rgb('#6b737e') : rgb('#a6a6a6')
  const to = dark ? rgb('#3a4049') : rgb('#dedede')
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * t)) as unknown as Rgb
}

/** Migratetype overlay stripes (MIGRATETYPE_NAMES order): unmovable, movable, reclaimable, highatomic, isolate. */
export const MIGRATETYPE_COLORS: readonly Rgb[] = [rgb('#d55e00'), rgb('#009e73'), rgb('#56b4e9'), rgb('#cc79a7'), rgb('#000000')]

export const cssRgb = (c: Rgb): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`

/** A pixel of an ImageData's Uint32 view (little-endian: 0xAABBGGRR). */
export const pixel = (c: Rgb, a = 255): number => ((a << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0

// Every field of a TLB entry in words, for a cell's tooltip and the detail line under the
// counters: where it sits, the page and frame, its PCID and whose it is, its bits, and what the
// last command did to the way.
import { useI18n } from 'vue-i18n'
import { groupedHex } from '@shared/format/hex'
import type { CpuView, TlbEntryView } from '@shared/model/mm'
import { asidOfPcid, isLive, ownerOf, PTI_USER_PCID_BIT, type ArrayName, type Cell } from './tlbModel'

export interface EntryContext {
  cpu: CpuView
  array: ArrayName
  pcid: boolean
}

export function useEntryText() {
  const { t } = useI18n()

  const arrayName = (a: ArrayName): string => t(`tlb.array.${a}`)

  /** The entry's own fields: the page, the frame, its tag and whose it is, its bits. */
  function fields(e: TlbEntryView, ctx: EntryContext): { va: string; pfn: string; tag: string; idle: string | null; bits: string } {
    const owner = ownerOf(ctx.cpu, e, ctx.pcid) ?? t('tlb.entry.nobody')
    const asid = asidOfPcid(e.pcid)
    const half = e.pcid & PTI_USER_PCID_BIT ? t('tlb.entry.user') : t('tlb.entry.kernel')
    return {
      va: t('tlb.entry.va', { va: groupedHex(BigInt(e.va)), size: e.huge ? '2 MiB' : '4 KiB' }),
      pfn: t('tlb.entry.pfn', { pfn: e.pfn, hex: e.pfn.toString(16) }),
      tag: ctx.pcid ? t('tlb.entry.pcid', { pcid: e.pcid, asid, half, owner }) : t('tlb.entry.noPcid', { owner }),
      idle: isLive(ctx.cpu, e, ctx.pcid) ? null : t('tlb.entry.notLoaded', { asid, owner }),
      bits: [
        e.writable ? t('tlb.flag.W') : t('tlb.flag.ro'),
        e.nx ? t('tlb.flag.NX') : t('tlb.flag.x'),
        e.dirty ? t('tlb.flag.D') : t('tlb.flag.clean'),
        ...(e.huge ? [t('tlb.flag.huge')] : [])
      ].join(' · ')
    }
  }

  /** What the last command did to the way, if anything. */
  function change(c: Cell): string | null {
    if (c.state === 'new') return c.was ? t('tlb.entry.replaced', { va: groupedHex(BigInt(c.was.va)) }) : t('tlb.entry.new')
    if (c.state === 'changed') return t('tlb.entry.changed')
    if (c.state === 'gone') return t('tlb.entry.gone')
    return null
  }

  /** The heading line: which array, set and way — and which CPU, unless the card says so already. */
  const where = (c: Cell, ctx: EntryContext, withCpu = true): string =>
    t(withCpu ? 'tlb.entry.where' : 'tlb.entry.whereLocal', { cpu: ctx.cpu.id, array: arrayName(ctx.array), set: c.set, way: c.way })

  /** Everything about a way, for its tooltip (an emptied way describes what it held). */
  function title(c: Cell, ctx: EntryContext): string {
    const e = c.entry ?? c.was
    if (!e) return `${where(c, ctx)}\n${t('tlb.entry.empty')}`
    const f = fields(e, ctx)
    const note = change(c)
    return [where(c, ctx), f.va, f.pfn, f.tag, ...(f.idle ? [f.idle] : []), f.bits, ...(note ? [note] : [])].join('\n')
  }

  return { arrayName, fields, change, where, title }
}

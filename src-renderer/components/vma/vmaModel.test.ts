import { describe, expect, it } from 'vitest'
import type { MapleNodeView } from '@shared/model/mm'
import { catVma, mmTree } from '../../testing/catProcess'
import { addr, humanSize, maplePath, mapsColumns, slotRange, vmaKind } from './vmaModel'

describe('vmaModel', () => {
  it.each([
    [{ name: '/usr/bin/cat', file: { path: '/usr/bin/cat', inode: 1, dev: 'fe:00' } }, 'file'],
    [{ name: '', file: null }, 'anon'],
    [{ name: '[heap]', file: null }, 'heap'],
    [{ name: '[stack]', file: null }, 'stack'],
    [{ name: '[vvar_vclock]', file: null }, 'special'],
    [{ name: '[vsyscall]', file: null }, 'special']
  ] as const)('%o is %s', (v, kind) => {
    expect(vmaKind(v)).toBe(kind)
  })

  it('prints maps columns as show_map_vma() does: offset in bytes, 00:00 0 for anonymous memory', () => {
    const [text, , , , , heap] = catVma().vmas
    expect(mapsColumns(catVma().vmas[1]!)).toEqual({ range: '555555556000-55555555b000', perms: 'r-xp', offset: '00002000', dev: 'fe:00', inode: '260131', path: '/usr/bin/cat' })
    expect(mapsColumns(heap!)).toMatchObject({ offset: '00000000', dev: '00:00', inode: '0', path: '[heap]' })
    expect(mapsColumns({ ...text!, start: '0x1000', end: '0x2000' }).range).toBe('00001000-00002000')
  })

  it('reads sizes up to the tree’s last gap', () => {
    expect(humanSize(0x10000n)).toBe('64 KiB')
    expect(humanSize(1n << 64n)).toBe('16 EiB')
    expect(addr('7ffff7fc8000')).toBe(0x7ffff7fc8000n)
  })

  it('walks the tree by pivots to the leaf slot holding a VMA, and finds no walk for what the tree does not hold', () => {
    const vma = catVma()
    const tree = mmTree(vma.vmas.filter((v) => v.name !== '[vsyscall]'), 6)
    const root = tree.root as MapleNodeView
    const stack = maplePath(tree, '0x7ffffffde000')
    const leaf = root.slots[stack.get(1)!] as MapleNodeView
    expect(stack.size).toBe(2)
    expect(leaf.slots[stack.get(leaf.id)!]).toMatchObject({ index: '0x7ffffffde000', entry: '0x7ffffffde000-0x7ffffffff000' })
    // Inside a VMA but not at its start, in a gap, above the tree: no walk.
    expect(maplePath(tree, '0x7ffffffdf000').size).toBe(0)
    expect(maplePath(tree, '0x1000').size).toBe(0)
    expect(maplePath(tree, '0xffffffffff600000').size).toBe(0)
    expect(maplePath(null, '0x7ffffffde000').size).toBe(0)
    // The last slot of the root has no pivot stored: it ends at the node's max.
    expect(slotRange(root, root.end)).toEqual([addr(root.pivots.at(-1)!) + 1n, 0xffffffffffffffffn])
    expect(slotRange(root, 0)).toEqual([0n, addr(root.pivots[0]!)])
  })
})

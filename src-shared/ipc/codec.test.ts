import { describe, expect, it } from 'vitest'
import { decodeMessage, encodeMessage } from './codec'

describe('WebSocket codec', () => {
  it('sends a message without arrays as JSON text', () => {
    const msg = { id: 3, ok: true, result: { seq: 1 } }
    const wire = encodeMessage(msg)
    expect(typeof wire).toBe('string')
    expect(decodeMessage(wire)).toEqual(msg)
  })

  it('carries typed arrays as raw bytes in one binary frame', () => {
    const use = new Uint8Array([0, 1, 2, 3, 255])
    const flags = new Uint32Array([1, 0x80000000, 7])
    const msg = { event: 'snapshot', payload: { seq: 2, frames: { maxPfn: 5, use, flags }, list: [new Int32Array([-1, 2])] } }
    const wire = encodeMessage(msg)
    expect(wire).toBeInstanceOf(Uint8Array)
    const back = decodeMessage((wire as Uint8Array).slice().buffer) as typeof msg
    expect(back.payload.frames.use).toBeInstanceOf(Uint8Array)
    expect([...back.payload.frames.use]).toEqual([...use])
    expect(back.payload.frames.flags).toBeInstanceOf(Uint32Array)
    expect([...back.payload.frames.flags]).toEqual([...flags])
    expect([...back.payload.list[0]!]).toEqual([-1, 2])
  })

  it('keeps a large array intact', () => {
    const use = new Uint8Array(1 << 20).map((_, i) => i % 17)
    const wire = encodeMessage({ use }) as Uint8Array
    // The bytes travel raw, not as a JSON list of numbers: a few dozen bytes of header.
    expect(wire.byteLength).toBeLessThan((1 << 20) + 100)
    const back = decodeMessage(wire) as { use: Uint8Array }
    expect(back.use.length).toBe(1 << 20)
    expect(back.use[123457]).toBe(123457 % 17)
  })

  it.each([
    ['a frame too short', new Uint8Array([1, 0])],
    ['a header that overruns', new Uint8Array([200, 0, 0, 0, 123])],
    ['an unknown array kind', frame('{"m":{"$typed":0},"b":[{"t":"Function","o":0,"l":0}]}')],
    ['an attachment out of bounds', frame('{"m":{"$typed":0},"b":[{"t":"Uint8Array","o":0,"l":999}]}')],
    ['a misaligned length', frame('{"m":{"$typed":0},"b":[{"t":"Uint32Array","o":0,"l":3}]}', 8)]
  ])('refuses %s', (_name, bytes) => {
    expect(() => decodeMessage(bytes)).toThrow()
  })
})

function frame(header: string, extra = 0): Uint8Array {
  const h = new TextEncoder().encode(header)
  const out = new Uint8Array(((4 + h.length + 7) & ~7) + extra)
  new DataView(out.buffer).setUint32(0, h.length, true)
  out.set(h, 4)
  return out
}

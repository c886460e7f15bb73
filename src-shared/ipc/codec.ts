// Wire format of the WebSocket bridge. A message without typed arrays is one JSON text frame.
// A message with typed arrays (a snapshot's per-frame data) is one binary frame, so the arrays
// travel as raw bytes and not as JSON lists of numbers:
//
//   u32 LE  H            length of the header in bytes
//   H bytes header       UTF-8 JSON {"m": message with placeholders, "b": [{t, o, l}, …]}
//   padding to 8
//   attachments          each at offset o (from the start of the attachments), l bytes long
//
// A placeholder is {"$typed": index}. Only the typed-array kinds below are accepted on decode.

const KINDS = {
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float64Array
} as const
type KindName = keyof typeof KINDS
type Typed = InstanceType<(typeof KINDS)[KindName]>

interface Attachment {
  t: KindName
  o: number
  l: number
}

function kindOf(v: unknown): KindName | null {
  for (const name of Object.keys(KINDS) as KindName[]) if (v instanceof KINDS[name]) return name
  return null
}

export function encodeMessage(msg: unknown): string | Uint8Array {
  const arrays: { kind: KindName; view: Typed }[] = []
  const json = JSON.stringify(msg, function (this: unknown, _key, value: unknown) {
    const kind = kindOf(value)
    if (!kind) return value
    arrays.push({ kind, view: value as Typed })
    return { $typed: arrays.length - 1 }
  })
  if (arrays.length === 0) return json
  const attachments: Attachment[] = []
  let offset = 0
  for (const a of arrays) {
    attachments.push({ t: a.kind, o: offset, l: a.view.byteLength })
    offset = align8(offset + a.view.byteLength)
  }
  const header = new TextEncoder().encode(`{"m":${json},"b":${JSON.stringify(attachments)}}`)
  const dataStart = align8(4 + header.byteLength)
  const out = new Uint8Array(dataStart + offset)
  new DataView(out.buffer).setUint32(0, header.byteLength, true)
  out.set(header, 4)
  arrays.forEach((a, i) => {
    out.set(new Uint8Array(a.view.buffer, a.view.byteOffset, a.view.byteLength), dataStart + attachments[i]!.o)
  })
  return out
}

export function decodeMessage(data: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof data === 'string') return JSON.parse(data)
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  if (bytes.byteLength < 4) throw new Error('binary message too short')
  const h = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true)
  if (4 + h > bytes.byteLength) throw new Error('binary message header overruns the frame')
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + h))) as { m: unknown; b: Attachment[] }
  const dataStart = align8(4 + h)
  const arrays = header.b.map((a) => {
    const Kind = Object.hasOwn(KINDS, a.t) ? KINDS[a.t] : undefined
    const start = dataStart + a.o
    if (!Kind || a.l % Kind.BYTES_PER_ELEMENT !== 0 || start + a.l > bytes.byteLength) throw new Error('bad attachment in message')
    // Copy into a fresh, aligned buffer: the frame's offsets need not be aligned for the kind.
    const copy = bytes.slice(start, start + a.l)
    return new Kind(copy.buffer, 0, a.l / Kind.BYTES_PER_ELEMENT)
  })
  return revive(header.m, arrays)
}

function revive(v: unknown, arrays: Typed[]): unknown {
  if (Array.isArray(v)) return v.map((x) => revive(x, arrays))
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.$typed === 'number' && Object.keys(o).length === 1) {
      const a = arrays[o.$typed]
      if (!a) throw new Error('placeholder without attachment')
      return a
    }
    for (const k of Object.keys(o)) o[k] = revive(o[k], arrays)
  }
  return v
}

function align8(n: number): number {
  return (n + 7) & ~7
}

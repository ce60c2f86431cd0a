import { DeltaError } from '../../errors.js'

const SERIAL_COOKIE_NO_RUNCONTAINER = 12346
const SERIAL_COOKIE = 12347
const NO_OFFSET_THRESHOLD = 4
/** Magic number of Delta's RoaringBitmapArray serialization (little-endian int32). */
export const DV_MAGIC = 1681511377

/**
 * Decodes a Delta deletion vector bitmap: the magic number, then a 64-bit RoaringBitmap in
 * the "portable" format (bucket count, then per bucket the high 32 bits and a 32-bit
 * RoaringBitmap in the standard portable serialization). Returns sorted row indexes.
 */
export function decodeDeletionBitmap(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getInt32(0, true) !== DV_MAGIC) {
    throw new DeltaError('DELTA_CORRUPT', 'delta read: deletion vector has a bad magic number.')
  }
  const buckets = Number(view.getBigUint64(4, true))
  let pos = 12
  const rows: number[] = []
  for (let b = 0; b < buckets; b++) {
    const high = view.getUint32(pos, true)
    pos = readRoaring32(view, pos + 4, high * 2 ** 32, rows)
  }
  return rows
}

/** Reads one 32-bit portable RoaringBitmap at `pos`, pushing `base + value`; returns the end. */
function readRoaring32(view: DataView, start: number, base: number, out: number[]): number {
  let pos = start
  const cookie = view.getUint32(pos, true)
  pos += 4
  let size: number
  let runFlags: Uint8Array | undefined
  if ((cookie & 0xffff) === SERIAL_COOKIE) {
    size = (cookie >>> 16) + 1
    const flagBytes = Math.ceil(size / 8)
    runFlags = new Uint8Array(view.buffer, view.byteOffset + pos, flagBytes)
    pos += flagBytes
  } else if (cookie === SERIAL_COOKIE_NO_RUNCONTAINER) {
    size = view.getUint32(pos, true)
    pos += 4
  } else {
    throw new DeltaError('DELTA_CORRUPT', `delta read: unknown RoaringBitmap cookie ${cookie}.`)
  }
  const keys: number[] = []
  const cardinalities: number[] = []
  for (let i = 0; i < size; i++) {
    keys.push(view.getUint16(pos, true))
    cardinalities.push(view.getUint16(pos + 2, true) + 1)
    pos += 4
  }
  // The offset header exists unless run containers are present and the bitmap is small.
  if (runFlags === undefined || size >= NO_OFFSET_THRESHOLD) pos += 4 * size
  for (let i = 0; i < size; i++) {
    const high = base + (keys[i] as number) * 65536
    const card = cardinalities[i] as number
    const isRun = runFlags !== undefined && ((runFlags[i >> 3] as number) >> (i & 7)) & 1
    if (isRun) {
      const runs = view.getUint16(pos, true)
      pos += 2
      for (let r = 0; r < runs; r++) {
        const from = view.getUint16(pos, true)
        const length = view.getUint16(pos + 2, true)
        pos += 4
        for (let v = from; v <= from + length; v++) out.push(high + v)
      }
    } else if (card > 4096) {
      for (let word = 0; word < 1024; word++) {
        const lo = view.getUint32(pos, true)
        const hi = view.getUint32(pos + 4, true)
        pos += 8
        for (let bit = 0; bit < 32; bit++) if ((lo >>> bit) & 1) out.push(high + word * 64 + bit)
        for (let bit = 0; bit < 32; bit++)
          if ((hi >>> bit) & 1) out.push(high + word * 64 + 32 + bit)
      }
    } else {
      for (let k = 0; k < card; k++) out.push(high + view.getUint16(pos + 2 * k, true))
      pos += 2 * card
    }
  }
  return pos
}

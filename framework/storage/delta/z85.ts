import { DeltaError } from '../../errors.js'

const ALPHABET =
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'
const DECODE = new Map([...ALPHABET].map((ch, i) => [ch, i]))

/** Decodes Z85 (ZeroMQ base85): every 5 characters are 4 big-endian bytes. */
export function z85Decode(text: string): Uint8Array {
  if (text.length % 5 !== 0) {
    throw new DeltaError(
      'DELTA_CORRUPT',
      `delta read: Z85 text of length ${text.length} is not a multiple of 5.`,
    )
  }
  const out = new Uint8Array((text.length / 5) * 4)
  for (let i = 0, o = 0; i < text.length; i += 5, o += 4) {
    let value = 0
    for (let j = 0; j < 5; j++) {
      const digit = DECODE.get(text[i + j] as string)
      if (digit === undefined) {
        throw new DeltaError('DELTA_CORRUPT', `delta read: invalid Z85 character "${text[i + j]}".`)
      }
      value = value * 85 + digit
    }
    out[o] = (value >>> 24) & 0xff
    out[o + 1] = (value >>> 16) & 0xff
    out[o + 2] = (value >>> 8) & 0xff
    out[o + 3] = value & 0xff
  }
  return out
}

/** The UUID encoded by 20 Z85 characters (a deletion vector file name). */
export function z85Uuid(text: string): string {
  const hex = Buffer.from(z85Decode(text)).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

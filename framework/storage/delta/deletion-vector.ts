import { readFileSync } from 'node:fs'
import path from 'node:path'
import { DeltaError } from '../../errors.js'
import type { DeletionVectorDescriptor } from './actions.js'
import { resolveDataPath } from './paths.js'
import { decodeDeletionBitmap } from './roaring.js'
import { z85Decode, z85Uuid } from './z85.js'

// Decoded DVs by absolute file + offset (or inline text). DV files are immutable.
const cache = new Map<string, readonly number[]>()
const MAX_CACHED = 4096

/** The file holding an on-disk DV: `u` = table-relative `<prefix>/deletion_vector_<uuid>.bin`, `p` = a path. */
export function deletionVectorFile(tableDir: string, dv: DeletionVectorDescriptor): string {
  if (dv.storageType === 'p') return resolveDataPath(tableDir, dv.pathOrInlineDv)
  // The last 20 characters are the Z85 UUID; anything before them is a random directory prefix.
  const encoded = dv.pathOrInlineDv
  const prefix = encoded.slice(0, -20)
  return path.join(tableDir, prefix, `deletion_vector_${z85Uuid(encoded.slice(-20))}.bin`)
}

/**
 * The deleted row indexes (0-based positions in the parquet file) of a DV, sorted.
 * Synchronous because relation SQL is built synchronously; DVs are small and cached.
 */
export function deletedRowIndexes(
  tableDir: string,
  dv: DeletionVectorDescriptor,
): readonly number[] {
  const key =
    dv.storageType === 'i'
      ? `i:${dv.pathOrInlineDv}`
      : `${deletionVectorFile(tableDir, dv)}@${dv.offset ?? 0}`
  const hit = cache.get(key)
  if (hit) return hit
  const rows = decodeDeletionBitmap(dvBytes(tableDir, dv))
  if (rows.length !== dv.cardinality) {
    throw new DeltaError(
      'DELTA_CORRUPT',
      `delta read ${tableDir}: deletion vector ${dv.pathOrInlineDv} holds ${rows.length} rows but the log says ${dv.cardinality}.`,
    )
  }
  if (cache.size >= MAX_CACHED) cache.clear()
  cache.set(key, rows)
  return rows
}

function dvBytes(tableDir: string, dv: DeletionVectorDescriptor): Uint8Array {
  if (dv.storageType === 'i') return z85Decode(dv.pathOrInlineDv).subarray(0, dv.sizeInBytes)
  const file = deletionVectorFile(tableDir, dv)
  let data: Buffer
  try {
    data = readFileSync(file)
  } catch (cause) {
    throw new DeltaError(
      'DELTA_CORRUPT',
      `delta read ${tableDir}: deletion vector file ${file} cannot be read. It was deleted (VACUUM?) or never written.`,
      { cause },
    )
  }
  // At `offset`: a big-endian int32 size, then `size` bytes of bitmap, then a CRC32.
  const offset = dv.offset ?? 0
  const size = data.readInt32BE(offset)
  return data.subarray(offset + 4, offset + 4 + size)
}

import { DeltaError } from '../../errors.js'
import type { MetadataAction, ProtocolAction } from './actions.js'

/**
 * Reader features this reader implements. `typeWidening` works because every file is read
 * through a schema that casts its columns to the table's (wider) types; `vacuumProtocolCheck`
 * asks nothing of readers.
 */
export const SUPPORTED_READER_FEATURES: ReadonlySet<string> = new Set([
  'columnMapping',
  'deletionVectors',
  'timestampNtz',
  'v2Checkpoint',
  'vacuumProtocolCheck',
  'typeWidening',
  'typeWidening-preview',
])

/** Throws DELTA_UNSUPPORTED_FEATURE unless this reader can read a table with `protocol`. */
export function assertReadable(
  tableDir: string,
  version: number,
  protocol: ProtocolAction,
  metadata: MetadataAction,
): void {
  const where = `delta read ${tableDir}@v${version}`
  if (protocol.minReaderVersion > 3) {
    throw new DeltaError(
      'DELTA_UNSUPPORTED_FEATURE',
      `${where}: the table requires Delta reader version ${protocol.minReaderVersion}; this reader supports up to 3.`,
      { hint: 'Read the table with a newer Delta engine (Spark, delta-rs).' },
    )
  }
  if (protocol.minReaderVersion === 3) {
    const missing = (protocol.readerFeatures ?? []).filter((f) => !SUPPORTED_READER_FEATURES.has(f))
    if (missing.length > 0) {
      throw new DeltaError(
        'DELTA_UNSUPPORTED_FEATURE',
        `${where}: unsupported Delta reader feature(s): ${missing.join(', ')} (table requires reader version 3).`,
        { hint: `This reader supports: ${[...SUPPORTED_READER_FEATURES].join(', ')}.` },
      )
    }
  }
  const mode = metadata.configuration['delta.columnMapping.mode'] ?? 'none'
  if (!['none', 'name', 'id'].includes(mode)) {
    throw new DeltaError(
      'DELTA_UNSUPPORTED_FEATURE',
      `${where}: unsupported delta.columnMapping.mode "${mode}" (columnMapping supports none, name, id).`,
    )
  }
}

import { randomUUID } from 'node:crypto'
import type { DuckDBConnection } from '@duckdb/node-api'
import { DeltaError } from '../../errors.js'
import type { Action, AddAction, MetadataAction, RemoveAction } from './actions.js'
import { writeCheckpointIfDue } from './checkpoint-write.js'
import { type CommitOperation, commitActions } from './commit.js'
import type { ReadSet } from './commit-conflicts.js'
import { onceTxn } from './once-marks.js'
import type { DeltaField, Snapshot } from './snapshot-types.js'
import { schemaString } from './write-schema.js'

/** One `txn` action: the application `appId` has committed up to `version`. */
export interface TxnMark {
  readonly appId: string
  readonly version: number
}

/** Per-write options shared by every operation. */
export interface DeltaWriteOptions {
  /**
   * Idempotent writes: one `txn` action per entry, in the same commit as the data. The write is
   * skipped when the table already holds every (appId, version) or a later one; appIds must differ.
   */
  readonly txns?: readonly TxnMark[]
  /**
   * A txn that makes the write happen at most once: when the table already holds it (or a later
   * version of its appId) the write is skipped, whatever `txns` say; otherwise it is committed
   * with them. The queue executor numbers a step's writes with it, so that a step re-run after its
   * worker was lost never commits the same write twice. Recorded under a namespace of its own,
   * and dropped by checkpoints after a week (once-marks.ts).
   */
  readonly once?: TxnMark
  /** Add the query's new columns (nullable) to the schema instead of failing with SCHEMA_MISMATCH. */
  readonly mergeSchema?: boolean
  /** Free-form facts recorded as commitInfo.userMetadata (JSON). */
  readonly userMetadata?: Readonly<Record<string, unknown>>
}

/** What a write did. */
export interface DeltaWriteResult {
  /** Table version after the write; the unchanged version when skipped; null if the table does not exist. */
  readonly version: number | null
  readonly changed: boolean
  /** Rows in the added files (for DELETE: rows deleted). */
  readonly rowsWritten: number
  readonly metrics: Readonly<Record<string, number>>
}

/** Where a write happens: the table, and the snapshot it read (undefined: the table does not exist yet). */
export interface WriteTarget {
  readonly connection: DuckDBConnection
  readonly tableDir: string
  readonly snapshot: Snapshot | undefined
}

/** The protocol a new table gets: the basics, no table features (PROTOCOL-NOTES §8). */
export const DEFAULT_PROTOCOL = { minReaderVersion: 1, minWriterVersion: 2 } as const

/**
 * Throws unless this writer can honour every requirement of the table: reader 1 and writer ≤ 2, and no
 * column invariants (writer 2 requires enforcing them, which we do not).
 */
export function assertWritable(where: string, snapshot: Snapshot): void {
  const { minReaderVersion, minWriterVersion } = snapshot.protocol
  if (minReaderVersion > 1 || minWriterVersion > 2) {
    const features = [
      ...(snapshot.protocol.readerFeatures ?? []),
      ...(snapshot.protocol.writerFeatures ?? []),
    ]
    throw new DeltaError(
      'DELTA_UNSUPPORTED_FEATURE',
      `${where}: the table requires Delta reader ${minReaderVersion} / writer ${minWriterVersion}${features.length > 0 ? ` (features: ${features.join(', ')})` : ''}; this writer supports reader 1 / writer 2. Write it with Spark or delta-rs, or overwrite it into a new table.`,
    )
  }
  const invariants = snapshot.schema
    .filter((f) => 'delta.invariants' in f.metadata)
    .map((f) => f.name)
  if (invariants.length > 0) {
    throw new DeltaError(
      'DELTA_UNSUPPORTED_FEATURE',
      `${where}: columns ${invariants.join(', ')} carry delta.invariants, which this writer cannot enforce. Write the table with Spark.`,
    )
  }
}

/**
 * True when the write must be skipped: its `once` txn, or every one of its txns, was already
 * committed; false when it has none. Throws USAGE when two txns share an appId: a commit holds one
 * txn per appId.
 */
export function txnsApplied(
  where: string,
  snapshot: Snapshot | undefined,
  options: DeltaWriteOptions,
): boolean {
  const txns = allTxns(options)
  if (txns.length === 0) return false
  const seen = new Set<string>()
  for (const { appId } of txns) {
    if (seen.has(appId)) {
      throw new DeltaError(
        'USAGE',
        `${where}: txn app id "${appId}" appears twice in one write; a Delta commit holds one txn per app id. Pass each app id once, with its highest version.`,
      )
    }
    seen.add(appId)
  }
  if (options.once !== undefined && isApplied(snapshot, onceTxn(options.once))) return true
  const own = options.txns ?? []
  return own.length > 0 && own.every((txn) => isApplied(snapshot, txn))
}

/** The txns a commit of this write records: the caller's, then the `once` mark. */
function allTxns(options: DeltaWriteOptions): readonly TxnMark[] {
  const txns = options.txns ?? []
  return options.once === undefined ? txns : [...txns, onceTxn(options.once)]
}

/** True when the write carries txns, so it commits them even if it changes no data. */
export function hasTxns(options: DeltaWriteOptions): boolean {
  return (options.txns?.length ?? 0) > 0
}

function isApplied(snapshot: Snapshot | undefined, txn: TxnMark): boolean {
  const applied = snapshot?.transactions.get(txn.appId)
  return applied !== undefined && applied >= txn.version
}

/** The result of a write that changed nothing. */
export function unchanged(snapshot: Snapshot | undefined): DeltaWriteResult {
  return { version: snapshot?.version ?? null, changed: false, rowsWritten: 0, metrics: {} }
}

/** A tombstone for a live file (dataChange false for compaction). */
export function removeOf(
  add: AddAction,
  deletionTimestamp: number,
  dataChange = true,
): RemoveAction {
  return {
    path: add.path,
    deletionTimestamp,
    dataChange,
    extendedFileMetadata: true,
    partitionValues: add.partitionValues,
    size: add.size,
    ...(add.stats === undefined || add.stats === null ? {} : { stats: add.stats }),
  }
}

/** A table's metaData action; `previous` keeps the table id, name and properties. */
export function metadataAction(
  schema: readonly DeltaField[],
  partitionColumns: readonly string[],
  previous: MetadataAction | undefined,
  configuration: Readonly<Record<string, string>> = {},
): MetadataAction {
  return {
    id: previous?.id ?? randomUUID(),
    format: { provider: 'parquet', options: {} },
    schemaString: schemaString(schema),
    partitionColumns,
    configuration: { ...previous?.configuration, ...configuration },
    createdTime: previous?.createdTime ?? Date.now(),
  }
}

export interface PendingWrite {
  readonly where: string
  /** Set when the schema, partitioning or properties change (always on create). */
  readonly metadata?: MetadataAction
  readonly removes: readonly RemoveAction[]
  readonly adds: readonly AddAction[]
  /** The adds' files are on disk (WrittenFiles.onDisk); the commit is published after. */
  readonly filesOnDisk: Promise<void>
  readonly reads: ReadSet
  readonly operation: CommitOperation
  readonly options: DeltaWriteOptions
}

/**
 * Commits a prepared write as one commit (protocol and metaData on create, txn, removes, adds) and
 * writes a checkpoint when its version is due. Respects `delta.appendOnly`.
 */
export async function commitWrite(target: WriteTarget, write: PendingWrite): Promise<number> {
  const { snapshot } = target
  const configuration = write.metadata?.configuration ?? snapshot?.metadata.configuration ?? {}
  if (configuration['delta.appendOnly'] === 'true' && write.removes.some((r) => r.dataChange)) {
    throw new DeltaError(
      'DELTA_PROTOCOL',
      `${write.where}: the table is append-only (delta.appendOnly=true), so rows cannot be removed or rewritten. Append instead, or unset the property.`,
    )
  }
  const { userMetadata } = write.options
  const txns = allTxns(write.options)
  const now = Date.now()
  const actions: Action[] = [
    ...(snapshot === undefined ? [{ protocol: DEFAULT_PROTOCOL }] : []),
    ...(write.metadata === undefined ? [] : [{ metaData: write.metadata }]),
    // An appId already at this version or later keeps it: replay takes the last txn, so writing ours would move it back.
    ...txns
      .filter((txn) => !isApplied(snapshot, txn))
      .map((txn) => ({ txn: { appId: txn.appId, version: txn.version, lastUpdated: now } })),
    ...write.removes.map((remove) => ({ remove })),
    ...write.adds.map((add) => ({ add })),
  ]
  // Every appId was checked against the snapshot we read, so a concurrent txn for any of them conflicts.
  const reads: ReadSet =
    txns.length === 0
      ? write.reads
      : { ...write.reads, appIds: new Set([...write.reads.appIds, ...txns.map((t) => t.appId)]) }
  const version = await commitActions({
    tableDir: target.tableDir,
    filesOnDisk: write.filesOnDisk,
    read: snapshot,
    actions,
    operation:
      userMetadata === undefined
        ? write.operation
        : { ...write.operation, userMetadata: JSON.stringify(userMetadata) },
    reads,
    where: write.where,
  })
  await writeCheckpointIfDue(target.connection, target.tableDir, version, configuration)
  return version
}

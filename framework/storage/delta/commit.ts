import { randomUUID } from 'node:crypto'
import { DeltaError } from '../../errors.js'
import type { Action } from './actions.js'
import { checkConflicts, type ReadSet } from './commit-conflicts.js'
import { putCommitIfAbsent, readCommitActions, serializeActions } from './commit-file.js'
import { rememberCommit } from './snapshot.js'
import type { Snapshot } from './snapshot-types.js'

/** Shown in every commitInfo we write. */
export const ENGINE_INFO = 'medallion'

/** Provenance recorded in the commit's `commitInfo`. */
export interface CommitOperation {
  /** Spark's names where one exists: CREATE TABLE, WRITE, DELETE, MERGE, OPTIMIZE… */
  readonly operation: string
  /** Values are strings (JSON text for lists), as Spark writes them. */
  readonly parameters: Readonly<Record<string, string>>
  readonly metrics: Readonly<Record<string, number>>
  readonly isBlindAppend: boolean
  readonly userMetadata?: string
}

export interface CommitRequest {
  readonly tableDir: string
  /** The snapshot the transaction read; undefined when it creates the table (version 0). */
  readonly read: Snapshot | undefined
  /** Every action but commitInfo, which is added here. */
  readonly actions: readonly Action[]
  readonly operation: CommitOperation
  readonly reads: ReadSet
  /** Settles once the data files the actions add are fsynced: nothing is published before. */
  readonly filesOnDisk: Promise<void>
  /** Names the caller in error messages, e.g. `delta merge into /data/silver/users`. */
  readonly where: string
}

// Each retry only reads one small commit file, so a generous bound costs little under heavy append load.
const MAX_ATTEMPTS = 200

/**
 * Commits `actions` at the first free version after the one read and returns it. A lost race re-reads
 * the winning commit and retries only when it does not conflict with what we read (PROTOCOL-NOTES §10).
 */
export async function commitActions(request: CommitRequest): Promise<number> {
  const readVersion = request.read?.version
  const commitInfo = {
    commitInfo: {
      timestamp: Date.now(),
      operation: request.operation.operation,
      operationParameters: request.operation.parameters,
      ...(readVersion === undefined ? {} : { readVersion }),
      isolationLevel: 'Serializable',
      isBlindAppend: request.operation.isBlindAppend,
      operationMetrics: Object.fromEntries(
        Object.entries(request.operation.metrics).map(([k, v]) => [k, String(v)]),
      ),
      ...(request.operation.userMetadata === undefined
        ? {}
        : { userMetadata: request.operation.userMetadata }),
      engineInfo: ENGINE_INFO,
      txnId: randomUUID(),
    },
  }
  const text = serializeActions([commitInfo, ...request.actions])
  let version = readVersion === undefined ? 0 : readVersion + 1
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const published = await putCommitIfAbsent(request.tableDir, version, text, request.filesOnDisk)
    if (published !== undefined) {
      rememberCommit(request.read, request.tableDir, version, text, published)
      return version
    }
    await checkConflicts(
      request.where,
      request.reads,
      version,
      await readCommitActions(request.tableDir, version),
    )
    version++
  }
  throw new DeltaError(
    'DELTA_LOG_CONFLICT',
    `${request.where}: gave up after ${MAX_ATTEMPTS} attempts to commit; other writers kept winning. Retry the write later.`,
  )
}

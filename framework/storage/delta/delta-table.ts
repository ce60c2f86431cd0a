import path from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { SqlFragment } from '../../definitions/sql.js'
import type { MergeSpec } from '../../definitions/types.js'
import { DeltaError } from '../../errors.js'
import type { CommitInfoAction } from './actions.js'
import { writeCheckpoint } from './checkpoint-write.js'
import { createLogDir, readCommitActions } from './commit-file.js'
import { deleteWhere } from './delete.js'
import { mergeInto } from './merge.js'
import { type OptimizeOptions, optimize } from './optimize.js'
import { cachedLatestSnapshot, latestVersion, loadSnapshot } from './snapshot.js'
import type { Snapshot } from './snapshot-types.js'
import { type VacuumOptions, type VacuumResult, vacuum } from './vacuum.js'
import {
  appendQuery,
  overwriteQuery,
  replaceWhereQuery,
  type TableWriteOptions,
} from './write-operations.js'
import type { DeltaWriteOptions, DeltaWriteResult, WriteTarget } from './write-transaction.js'

/** One entry of `history()`: a commit's version and its commitInfo. */
export interface HistoryEntry {
  readonly version: number
  readonly commitInfo: CommitInfoAction | undefined
}

/**
 * A Delta table in a local folder, written copy-on-write (protocol reader 1 / writer 2). Every write is
 * one atomic commit that reads the latest snapshot, writes parquet files, then publishes the log entry;
 * concurrent writers are reconciled by optimistic concurrency (DELTA_LOG_CONFLICT when they collide).
 */
export class DeltaTable {
  readonly tableDir: string

  constructor(tableDir: string) {
    this.tableDir = path.resolve(tableDir)
  }

  /** The latest snapshot (or one version / timestamp of it); throws DELTA_TABLE_NOT_FOUND if there is no table. */
  snapshot(options?: {
    readonly version?: number
    readonly timestamp?: Date | number
  }): Promise<Snapshot> {
    return loadSnapshot(this.tableDir, options)
  }

  /** Latest version, or undefined when the table does not exist. */
  version(): Promise<number | undefined> {
    return latestVersion(this.tableDir)
  }

  /** Appends rows; creates the table (with `partitionBy`) when missing. */
  async append(
    connection: DuckDBConnection,
    query: SqlFragment,
    options?: TableWriteOptions,
  ): Promise<DeltaWriteResult> {
    return appendQuery(await this.target(connection), query.text, options)
  }

  /** Replaces all rows; `overwriteSchema` also replaces the schema and partitioning. */
  async overwrite(
    connection: DuckDBConnection,
    query: SqlFragment,
    options?: TableWriteOptions,
  ): Promise<DeltaWriteResult> {
    return overwriteQuery(await this.target(connection), query.text, options)
  }

  /** Replaces the rows (or partitions) matching `predicate` with `query`, whose rows must all match it. */
  async replaceWhere(
    connection: DuckDBConnection,
    query: SqlFragment,
    predicate: SqlFragment,
    options?: TableWriteOptions,
  ): Promise<DeltaWriteResult> {
    return replaceWhereQuery(await this.target(connection), query.text, predicate.text, options)
  }

  /** Deletes the rows matching `predicate`. */
  async delete(
    connection: DuckDBConnection,
    predicate: SqlFragment,
    options?: DeltaWriteOptions,
  ): Promise<DeltaWriteResult> {
    return deleteWhere(await this.target(connection), predicate.text, options)
  }

  /** MERGE INTO the table (aliases `target` and `source`). */
  async merge(
    connection: DuckDBConnection,
    spec: MergeSpec,
    options?: DeltaWriteOptions,
  ): Promise<DeltaWriteResult> {
    return mergeInto(await this.target(connection), spec, options)
  }

  /** Compacts small files per partition (dataChange=false). */
  async optimize(
    connection: DuckDBConnection,
    options?: OptimizeOptions,
  ): Promise<DeltaWriteResult> {
    return optimize(await this.target(connection), options)
  }

  /** Deletes unreferenced data files older than the retention (default 7 days). */
  async vacuum(options?: VacuumOptions): Promise<VacuumResult> {
    return vacuum(await this.snapshot(), options)
  }

  /** Writes a checkpoint of the latest version now (writes do it every `delta.checkpointInterval` commits). */
  async checkpoint(connection: DuckDBConnection): Promise<number> {
    const version = (await this.snapshot()).version
    await writeCheckpoint(connection, this.tableDir, version)
    return version
  }

  /** Commits newest first, with their commitInfo (operation, parameters, metrics…). */
  async history(limit = Number.POSITIVE_INFINITY): Promise<HistoryEntry[]> {
    const latest = await this.version()
    const entries: HistoryEntry[] = []
    for (let v = latest ?? -1; v >= 0 && entries.length < limit; v--) {
      const actions = await readCommitActions(this.tableDir, v).catch(() => undefined)
      // Commits before a checkpoint may have been cleaned up; history ends there.
      if (actions === undefined) break
      const info = actions.find((a) => 'commitInfo' in a)
      entries.push({
        version: v,
        commitInfo: info !== undefined && 'commitInfo' in info ? info.commitInfo : undefined,
      })
    }
    return entries
  }

  private async target(connection: DuckDBConnection): Promise<WriteTarget> {
    const writeTo = (snapshot: Snapshot | undefined) => ({
      connection,
      tableDir: this.tableDir,
      snapshot,
    })
    const cached = cachedLatestSnapshot(this.tableDir)
    if (cached !== undefined) return writeTo(cached)
    // A table this process does not know: creating its log folder tells a new one (nothing to list).
    if (createLogDir(this.tableDir)) return writeTo(undefined)
    const snapshot = await loadSnapshot(this.tableDir).catch((error: unknown) => {
      if (error instanceof DeltaError && error.code === 'DELTA_TABLE_NOT_FOUND') return undefined
      throw error
    })
    return writeTo(snapshot)
  }
}

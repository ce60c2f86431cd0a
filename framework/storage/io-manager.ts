import type { DuckDBConnection } from '@duckdb/node-api'
import type { AssetKey } from '../definitions/asset-key.js'
import type { TableRef } from '../definitions/sql.js'
import type { AnyAsset, AssetOutput, StorageKind, WriteTxn } from '../definitions/types.js'

/** A column of a stored table, as DuckDB names its type. */
export interface ColumnInfo {
  readonly name: string
  readonly type: string
  readonly nullable: boolean
}

/** What the executor records about an asset's table after a step. */
export interface TableStats {
  readonly rowCount: number
  readonly columns: readonly ColumnInfo[]
  /** Delta table version, or the DuckDB storage's write counter. */
  readonly storageVersion: number | null
  /** Where the table lives, for people: a folder for Delta, `file.duckdb#schema.table` for DuckDB. */
  readonly location: string
}

export interface OutputOptions {
  /**
   * Numbers the output's writes 1, 2, … with a txn of this app id, committed with each write; a
   * write whose number the table already holds is skipped. A step re-run under the same id (after
   * its worker was lost mid-step) thereby never commits the same write twice.
   */
  readonly onceId?: string
}

/** The `once` txn of each successive write of an output (none without `onceId`). */
export function onceNumbering(options: OutputOptions | undefined): () => WriteTxn | undefined {
  const appId = options?.onceId
  let written = 0
  return () => (appId === undefined ? undefined : { appId, version: ++written })
}

/**
 * Stores assets' tables and gives downstream SQL a reference to them.
 * Implementations own their layout; the executor never builds paths or table names.
 */
export interface IOManager {
  readonly kind: StorageKind
  /** The writer for one step of `asset`; every call on it is one atomic commit. */
  output(asset: AnyAsset, connection: DuckDBConnection, options?: OutputOptions): AssetOutput
  /**
   * A relation SQL can embed; throws NOT_MATERIALIZED if the asset was never written.
   * It stays valid until `release(key)`: storages that lock files for reading (DuckDB) let go then.
   */
  ref(key: AssetKey, connection: DuckDBConnection): Promise<TableRef>
  /**
   * Ends the use of a ref taken by `ref(key)`, or of the step's `output()` for `key`; the executor
   * calls it in `finally` once the step's SQL has run.
   */
  release(key: AssetKey): Promise<void>
  exists(key: AssetKey): Promise<boolean>
  stats(key: AssetKey, connection: DuckDBConnection): Promise<TableStats>
  /** Where the asset's table lives (shown in the UI even before it exists). */
  location(key: AssetKey): string
  /** Removes every stored version; used by `wipe` and by tests. */
  drop(key: AssetKey): Promise<void>
}

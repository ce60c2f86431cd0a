import type { DuckDBConnection } from '@duckdb/node-api'
import type { AssetKey } from '../../definitions/asset-key.js'
import type { AnyAsset } from '../../definitions/types.js'
import { FrameworkError } from '../../errors.js'
import type { Instance } from '../../instance/instance.js'
import { deltaHistory } from '../../storage/delta/inspect.js'
import { relationSql } from '../../storage/delta/relation-sql.js'
import { loadSnapshot } from '../../storage/delta/snapshot.js'
import type { Column } from '../schemas.js'

/** Which state of the table to read: the latest, or (Delta only) a version or a point in time. */
export type TableVersion =
  | { readonly kind: 'latest' }
  | { readonly kind: 'version'; readonly version: number }
  | { readonly kind: 'timestamp'; readonly at: Date }

export interface TableRows {
  readonly columns: Column[]
  readonly rows: Record<string, unknown>[]
  /** The Delta version read; null for DuckDB storage. */
  readonly version: number | null
}

/**
 * Runs `build(<asset's table>)` on a connection of its own. The relation comes only from the
 * asset's storage (a definition, never client text) and the callers build the rest of the query
 * from validated integers and dates, so clients can neither reach other files nor run SQL.
 */
export async function readTable(
  instance: Instance,
  asset: AnyAsset,
  at: TableVersion,
  build: (relation: string) => string,
): Promise<TableRows> {
  const storage = instance.storageFor(asset)
  if (!(await storage.exists(asset.key))) throw notMaterialized(asset.key)
  if (at.kind !== 'latest' && asset.storage !== 'delta') throw noTimeTravel(asset.key)
  const connection = await instance.connect()
  try {
    if (asset.storage === 'delta') {
      const snapshot = await loadSnapshot(
        storage.location(asset.key),
        at.kind === 'version'
          ? { version: at.version }
          : at.kind === 'timestamp'
            ? { timestamp: at.at }
            : {},
      )
      return {
        ...(await query(connection, build(relationSql(snapshot)))),
        version: snapshot.version,
      }
    }
    const ref = await storage.ref(asset.key, connection)
    try {
      return { ...(await query(connection, build(ref.from))), version: null }
    } finally {
      await storage.release(asset.key)
    }
  } finally {
    connection.closeSync()
  }
}

/** The first `limit` rows (in storage order: a preview, not a sample). */
export function previewRows(
  instance: Instance,
  asset: AnyAsset,
  limit: number,
  at: TableVersion = { kind: 'latest' },
): Promise<TableRows> {
  return readTable(
    instance,
    asset,
    at,
    (from) => `select * from ${from} limit ${Math.trunc(limit)}`,
  )
}

/** SCD2 rows valid on `date` (YYYY-MM-DD): effective_from <= date < effective_to. */
export function rowsValidOn(
  instance: Instance,
  asset: AnyAsset,
  date: string,
  limit: number,
): Promise<TableRows> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new FrameworkError(
      'USAGE',
      `as-of "${asset.key}": "${date}" is not a date. Use YYYY-MM-DD.`,
    )
  }
  const day = `DATE '${date}'`
  return readTable(
    instance,
    asset,
    { kind: 'latest' },
    (from) =>
      `select * from ${from} where effective_from <= ${day} and (effective_to is null or ${day} < effective_to) order by all limit ${Math.trunc(limit)}`,
  )
}

/** A Delta table's commits, newest first. */
export async function tableVersions(instance: Instance, asset: AnyAsset) {
  const storage = instance.storageFor(asset)
  if (asset.storage !== 'delta') throw noTimeTravel(asset.key)
  if (!(await storage.exists(asset.key))) throw notMaterialized(asset.key)
  const history = await deltaHistory(storage.location(asset.key))
  return history.map((entry) => ({
    version: entry.version,
    timestamp: entry.timestampMs > 0 ? new Date(entry.timestampMs).toISOString() : null,
    operation: entry.operation,
    operationParameters: { ...(entry.operationParameters ?? {}) },
    metrics: {
      ...(entry.operationMetrics ?? {}),
      filesAdded: entry.filesAdded,
      filesRemoved: entry.filesRemoved,
    },
  }))
}

async function query(connection: DuckDBConnection, text: string) {
  const reader = await connection.runAndReadAll(text)
  const types = reader.columnTypes()
  const columns = reader.columnNames().map((name, i) => ({
    name,
    type: types[i]?.toString() ?? 'UNKNOWN',
    // A query result does not say; the schema endpoint has the stored nullability.
    nullable: true,
  }))
  return { columns, rows: reader.getRowObjectsJson() as Record<string, unknown>[] }
}

function notMaterialized(key: AssetKey): FrameworkError {
  return new FrameworkError(
    'NOT_MATERIALIZED',
    `read "${key}": the asset has never been materialized.`,
    {
      hint: `Materialize it first: POST /api/assets/${encodeURIComponent(key)}/materialize or \`medallion materialize --select key:${key}\`.`,
    },
  )
}

function noTimeTravel(key: AssetKey): FrameworkError {
  return new FrameworkError(
    'USAGE',
    `read "${key}": the asset is stored in DuckDB, which keeps no versions. Versions and time travel exist only for Delta tables.`,
    {
      hint: `Drop version/timestamp to read the current table, or give the asset storage: 'delta'.`,
    },
  )
}

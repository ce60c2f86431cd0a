import fs from 'node:fs/promises'
import path from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { type AssetKey, layerOf, nameOf } from '../../definitions/asset-key.js'
import type { TableRef } from '../../definitions/sql.js'
import type { AnyAsset, AssetOutput, WriteOptions, WriteResult } from '../../definitions/types.js'
import { DeltaError, FrameworkError } from '../../errors.js'
import {
  type IOManager,
  type OutputOptions,
  onceNumbering,
  type TableStats,
} from '../io-manager.js'
import { deltaTypeToDuckDb } from './delta-schema.js'
import { DeltaTable } from './delta-table.js'
import { relationSql } from './relation-sql.js'
import type { Snapshot } from './snapshot-types.js'
import type { TableWriteOptions } from './write-operations.js'
import type { DeltaWriteResult } from './write-transaction.js'

/**
 * Stores each asset as a Delta table at `<dataDir>/<layer>/<name>/`, partitioned by `asset.partitionBy`.
 * Refs are the latest snapshot's files (`read_parquet` over them), so a reader sees one version.
 */
export function createDeltaIOManager(dataDir: string): IOManager {
  const root = path.resolve(dataDir)
  const location = (key: AssetKey) => path.join(root, layerOf(key), nameOf(key))
  const table = (key: AssetKey) => new DeltaTable(location(key))

  async function latest(key: AssetKey): Promise<Snapshot> {
    const delta = table(key)
    try {
      return await delta.snapshot()
    } catch (error) {
      if (!(error instanceof DeltaError && error.code === 'DELTA_TABLE_NOT_FOUND')) throw error
      throw new FrameworkError(
        'NOT_MATERIALIZED',
        `delta storage: "${key}" has no table at ${delta.tableDir} yet. Materialize it first.`,
        {
          hint: `medallion materialize --select key:${key}`,
        },
      )
    }
  }

  return {
    kind: 'delta',
    output: (asset, connection, options) =>
      deltaOutput(table(asset.key), asset, connection, options),
    async ref(key: AssetKey): Promise<TableRef> {
      return { kind: 'table', key, from: relationSql(await latest(key)) }
    },
    // Delta files are immutable and never locked; VACUUM's retention protects files a ref still reads.
    async release() {},
    async exists(key: AssetKey) {
      return (await table(key).version()) !== undefined
    },
    async stats(key: AssetKey, connection: DuckDBConnection): Promise<TableStats> {
      const snapshot = await latest(key)
      return {
        rowCount: await rowCount(snapshot, connection),
        columns: snapshot.schema.map((f) => ({
          name: f.name,
          type: deltaTypeToDuckDb(f.type),
          nullable: f.nullable,
        })),
        storageVersion: snapshot.version,
        location: snapshot.tableDir,
      }
    },
    location,
    async drop(key: AssetKey) {
      await fs.rm(location(key), { recursive: true, force: true })
    },
  }
}

/** Row count from the log's per-file stats; a scan only when some file has none (tables from other writers). */
async function rowCount(snapshot: Snapshot, connection: DuckDBConnection): Promise<number> {
  let total = 0
  for (const add of snapshot.files) {
    const count = add.stats
      ? (JSON.parse(add.stats) as { numRecords?: unknown }).numRecords
      : undefined
    // Deletion vectors hide rows that numRecords still counts.
    if (typeof count !== 'number' || add.deletionVector) {
      const reader = await connection.runAndReadAll(
        `SELECT count(*)::BIGINT AS n FROM ${relationSql(snapshot)}`,
      )
      return Number(reader.getRowObjects()[0]?.n ?? 0)
    }
    total += count
  }
  return total
}

function deltaOutput(
  delta: DeltaTable,
  asset: AnyAsset,
  connection: DuckDBConnection,
  outputOptions: OutputOptions | undefined,
): AssetOutput {
  const nextOnce = onceNumbering(outputOptions)
  const optionsOf = (
    options: WriteOptions | undefined,
    extra: TableWriteOptions = {},
  ): TableWriteOptions => {
    const once = nextOnce()
    return {
      partitionBy: asset.partitionBy,
      ...(options?.txns === undefined ? {} : { txns: options.txns }),
      ...(once === undefined ? {} : { once }),
      ...(options?.mergeSchema === undefined ? {} : { mergeSchema: options.mergeSchema }),
      ...(options?.metadata === undefined ? {} : { userMetadata: options.metadata }),
      ...extra,
    }
  }
  const exists = async () => (await delta.version()) !== undefined
  return {
    async current() {
      if (!(await exists())) return undefined
      return { kind: 'table', key: asset.key, from: relationSql(await delta.snapshot()) }
    },
    // Called once per input file by incremental assets: one log listing, not two (exists, then load).
    async appliedTxn(appId) {
      try {
        return (await delta.snapshot()).transactions.get(appId)
      } catch (error) {
        if (error instanceof DeltaError && error.code === 'DELTA_TABLE_NOT_FOUND') return undefined
        throw error
      }
    },
    // Materialize returns the asset's whole new table, like CREATE OR REPLACE: its schema may change.
    overwrite: async (query, options) =>
      result(
        await delta.overwrite(connection, query, optionsOf(options, { overwriteSchema: true })),
      ),
    append: async (query, options) =>
      result(await delta.append(connection, query, optionsOf(options))),
    replaceWhere: async (query, predicate, options) =>
      result(await delta.replaceWhere(connection, query, predicate, optionsOf(options))),
    delete: async (predicate, options) =>
      result(await delta.delete(connection, predicate, optionsOf(options))),
    async merge(spec, options) {
      // A first merge has nothing to match: the table starts as the source rows, as in the DuckDB storage.
      if (!(await exists()))
        return result(await delta.append(connection, spec.source, optionsOf(options)))
      return result(await delta.merge(connection, spec, optionsOf(options)))
    },
  }
}

function result(write: DeltaWriteResult): WriteResult {
  return { storageVersion: write.version, rowsWritten: write.rowsWritten, changed: write.changed }
}

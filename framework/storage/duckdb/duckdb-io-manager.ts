import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { type AssetKey, layerOf, nameOf } from '../../definitions/asset-key.js'
import type { TableRef } from '../../definitions/sql.js'
import type { AnyAsset, AssetOutput } from '../../definitions/types.js'
import { FrameworkError } from '../../errors.js'
import type { IOManager, OutputOptions, TableStats } from '../io-manager.js'
import { runForRows } from '../result-rows.js'
import { createDuckDbOutput } from './duckdb-output.js'
import { FileAttachments, quote } from './file-attachments.js'
import { columnRowsSql, columnsOf } from './read-columns.js'

/**
 * Stores each asset as a table in its own DuckDB file, `<dataDir>/duckdb/<layer>/<name>.duckdb`.
 * One file per asset (not one warehouse file) so that writers of different assets, in different
 * processes, never wait for each other: DuckDB locks whole files.
 */
export function createDuckDbIOManager(dataDir: string, duckdb: DuckDBInstance): IOManager {
  const attachments = new FileAttachments(duckdb)
  const pathOf = (key: AssetKey) => join(dataDir, 'duckdb', layerOf(key), `${nameOf(key)}.duckdb`)
  const aliasOf = (key: AssetKey) => `asset_${layerOf(key)}__${nameOf(key)}`
  const tableOf = (key: AssetKey) => `${quote(aliasOf(key))}.main.${quote(nameOf(key))}`
  /** Keys a step is writing: their file stays attached read-write until release(). */
  const writing = new Set<AssetKey>()

  async function withRead<T>(key: AssetKey, fn: () => Promise<T>) {
    await attachments.acquire(aliasOf(key), pathOf(key), 'read')
    try {
      return await fn()
    } finally {
      await attachments.release(aliasOf(key), 'read')
    }
  }

  return {
    kind: 'duckdb',

    output(asset: AnyAsset, connection: DuckDBConnection, options?: OutputOptions): AssetOutput {
      mkdirSync(dirname(pathOf(asset.key)), { recursive: true })
      return createDuckDbOutput(
        {
          connection,
          table: tableOf(asset.key),
          alias: aliasOf(asset.key),
          key: asset.key,
          attach: async () => {
            await attachments.acquire(aliasOf(asset.key), pathOf(asset.key), 'write')
            writing.add(asset.key)
          },
        },
        options,
      )
    },

    async ref(key: AssetKey): Promise<TableRef> {
      if (!(await this.exists(key))) throw notMaterialized(key)
      await attachments.acquire(aliasOf(key), pathOf(key), 'read')
      return { kind: 'table', key, from: tableOf(key) }
    },

    async release(key: AssetKey): Promise<void> {
      // A step that wrote `key` holds it read-write; otherwise this ends one ref() of it.
      const mode = writing.delete(key) ? 'write' : 'read'
      await attachments.release(aliasOf(key), mode)
    },

    async exists(key: AssetKey): Promise<boolean> {
      return existsSync(pathOf(key))
    },

    async stats(key: AssetKey, connection: DuckDBConnection): Promise<TableStats> {
      if (!(await this.exists(key))) throw notMaterialized(key)
      return withRead(key, async () => {
        const rows = await runForRows(
          connection,
          columnRowsSql(
            tableOf(key),
            `(select count(*) from ${tableOf(key)})::bigint as n,
             (select max(version) from ${quote(aliasOf(key))}.main._medallion_meta)::bigint as v`,
          ),
        )
        const row = rows[0]
        return {
          rowCount: Number(row?.n ?? 0),
          storageVersion: row?.v === null || row?.v === undefined ? null : Number(row.v),
          columns: columnsOf(rows),
          location: `${pathOf(key)}#${nameOf(key)}`,
        }
      })
    },

    location: (key: AssetKey) => `${pathOf(key)}#${nameOf(key)}`,

    async drop(key: AssetKey): Promise<void> {
      // A lingering attachment would go on reading (or writing) the deleted file.
      await attachments.detachIfUnused(aliasOf(key))
      rmSync(pathOf(key), { force: true })
      rmSync(`${pathOf(key)}.wal`, { force: true })
    },
  }
}

function notMaterialized(key: AssetKey): FrameworkError {
  return new FrameworkError(
    'NOT_MATERIALIZED',
    `duckdb storage: "${key}" has never been materialized.`,
    {
      hint: `Run \`medallion materialize --select key:${key}\` first.`,
    },
  )
}

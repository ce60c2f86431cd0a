import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { type AssetKey, layerOf, nameOf } from '../../definitions/asset-key.js'
import type { TableRef } from '../../definitions/sql.js'
import type { AnyAsset, AssetOutput } from '../../definitions/types.js'
import { FrameworkError } from '../../errors.js'
import type { IOManager, TableStats } from '../io-manager.js'
import { createDuckDbOutput } from './duckdb-output.js'
import { FileAttachments, quote } from './file-attachments.js'
import { readColumns } from './read-columns.js'

/**
 * Stores each asset as a table in its own DuckDB file, `<dataDir>/duckdb/<layer>/<name>.duckdb`.
 * One file per asset (not one warehouse file) so that writers of different assets, in different
 * processes, never wait for each other: DuckDB locks whole files.
 */
export function createDuckDbIOManager(dataDir: string): IOManager {
  const attachments = new FileAttachments()
  const pathOf = (key: AssetKey) => join(dataDir, 'duckdb', layerOf(key), `${nameOf(key)}.duckdb`)
  const aliasOf = (key: AssetKey) => `asset_${layerOf(key)}__${nameOf(key)}`
  const tableOf = (key: AssetKey) => `${quote(aliasOf(key))}.main.${quote(nameOf(key))}`
  /** Connections holding a read attachment, per key, so release() detaches on the right one. */
  const readers = new Map<AssetKey, DuckDBConnection[]>()
  /** The connection of the step writing each key, which holds the file until release(). */
  const writers = new Map<AssetKey, DuckDBConnection>()

  async function withRead<T>(key: AssetKey, connection: DuckDBConnection, fn: () => Promise<T>) {
    await attachments.acquire(connection, aliasOf(key), pathOf(key), 'read')
    try {
      return await fn()
    } finally {
      await attachments.release(connection, aliasOf(key), 'read')
    }
  }

  return {
    kind: 'duckdb',

    output(asset: AnyAsset, connection: DuckDBConnection): AssetOutput {
      mkdirSync(dirname(pathOf(asset.key)), { recursive: true })
      return createDuckDbOutput({
        connection,
        table: tableOf(asset.key),
        alias: aliasOf(asset.key),
        key: asset.key,
        attach: async () => {
          await attachments.acquire(connection, aliasOf(asset.key), pathOf(asset.key), 'write')
          writers.set(asset.key, connection)
        },
      })
    },

    async ref(key: AssetKey, connection: DuckDBConnection): Promise<TableRef> {
      if (!(await this.exists(key))) throw notMaterialized(key)
      await attachments.acquire(connection, aliasOf(key), pathOf(key), 'read')
      readers.set(key, [...(readers.get(key) ?? []), connection])
      return { kind: 'table', key, from: tableOf(key) }
    },

    async release(key: AssetKey): Promise<void> {
      const writer = writers.get(key)
      if (writer !== undefined) {
        writers.delete(key)
        return attachments.release(writer, aliasOf(key), 'write')
      }
      const connection = readers.get(key)?.pop()
      if (connection !== undefined) await attachments.release(connection, aliasOf(key), 'read')
    },

    async exists(key: AssetKey): Promise<boolean> {
      return existsSync(pathOf(key))
    },

    async stats(key: AssetKey, connection: DuckDBConnection): Promise<TableStats> {
      if (!(await this.exists(key))) throw notMaterialized(key)
      return withRead(key, connection, async () => {
        const reader = await connection.runAndReadAll(
          `select (select count(*) from ${tableOf(key)})::bigint as n,
                  (select max(version) from ${quote(aliasOf(key))}.main._medallion_meta)::bigint as v`,
        )
        const row = reader.getRowObjects()[0]
        return {
          rowCount: Number(row?.n ?? 0),
          storageVersion: row?.v === null || row?.v === undefined ? null : Number(row.v),
          columns: await readColumns(connection, aliasOf(key), nameOf(key)),
          location: `${pathOf(key)}#${nameOf(key)}`,
        }
      })
    },

    location: (key: AssetKey) => `${pathOf(key)}#${nameOf(key)}`,

    async drop(key: AssetKey): Promise<void> {
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

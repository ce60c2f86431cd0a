import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { AnyAsset, StorageKind } from '../definitions/types.js'
import { createDeltaIOManager } from '../storage/delta/delta-io-manager.js'
import { createDuckDbIOManager } from '../storage/duckdb/duckdb-io-manager.js'
import type { IOManager } from '../storage/io-manager.js'
import type { Instance } from './instance.js'
import type { InstanceStore } from './instance-store.js'
import { openSqliteInstanceStore } from './sqlite-instance-store.js'

export interface OpenInstanceOptions {
  /** Data directory; default `data` under the current directory. */
  readonly dataDir?: string
  /** The instance store; default SQLite at `<dataDir>/medallion.sqlite`. */
  readonly store?: InstanceStore
  /** DuckDB threads for this process (default: DuckDB's own, one per core). */
  readonly threads?: number
}

/** Opens the data directory: the instance store, both storages and the process's DuckDB database. */
export async function openInstance(options: OpenInstanceOptions = {}): Promise<Instance> {
  const dataDir = resolve(options.dataDir ?? 'data')
  mkdirSync(dataDir, { recursive: true })
  const store = options.store ?? openSqliteInstanceStore(join(dataDir, 'medallion.sqlite'))
  // In-memory: assets' tables live in their own storages; this database is only the compute engine.
  const duckdb = await DuckDBInstance.create(':memory:', {
    ...(options.threads === undefined ? {} : { threads: String(options.threads) }),
  })
  const storages: Record<StorageKind, IOManager> = {
    delta: createDeltaIOManager(dataDir),
    duckdb: createDuckDbIOManager(dataDir, duckdb),
  }
  return {
    dataDir,
    store,
    storageFor: (asset: AnyAsset) => storages[asset.storage],
    connect: () => duckdb.connect(),
    async close() {
      await store.close()
      duckdb.closeSync()
    },
  }
}

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { type AssetKey, companionKey } from '../../framework/definitions/asset-key.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import { executeRun } from '../../framework/executor/execute-run.js'
import { queryRows } from '../../framework/executor/query-rows.js'
import type { RunResult } from '../../framework/executor/run-result.js'
import type { Instance } from '../../framework/instance/instance.js'
import { openSqliteInstanceStore } from '../../framework/instance/sqlite-instance-store.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import { createDuckDbIOManager } from '../../framework/storage/duckdb/duckdb-io-manager.js'

/** A data directory with an instance over it, to run the pipeline through the real executor. */
export interface TestPipeline {
  readonly dataDir: string
  readonly instance: Instance
  /** Materializes `keys` (default: every asset) in one run. */
  run(keys?: readonly AssetKey[]): Promise<RunResult>
  /** Rows of an asset's table (or a companion's key), ordered by `orderBy`. */
  rows<T = Record<string, unknown>>(key: AssetKey, orderBy?: string): Promise<T[]>
  /** Rows of a companion table, e.g. ('bronze/conversions', 'quarantine'). */
  companionRows<T = Record<string, unknown>>(
    key: AssetKey,
    name: string,
    orderBy?: string,
  ): Promise<T[]>
  /** The storage's version counter of a table (DuckDB: commits so far). */
  storageVersion(key: AssetKey): Promise<number | null>
  close(): Promise<void>
}

/**
 * Opens `dataDir` (raw files under `raw/`) with the DuckDB storage for every asset.
 * Until the Delta storage lands, the assets' default ('delta') is served by the DuckDB one, which
 * has the same AssetOutput semantics (the IOManager contract suite holds both to it).
 */
export async function openTestPipeline(
  dataDir: string,
  definitions: Definitions,
): Promise<TestPipeline> {
  mkdirSync(dataDir, { recursive: true })
  const store = openSqliteInstanceStore(join(dataDir, 'medallion.sqlite'))
  const duckdb = await DuckDBInstance.create(':memory:')
  const storage = createDuckDbIOManager(dataDir)
  const instance: Instance = {
    dataDir,
    store,
    storageFor: () => storage,
    connect: () => duckdb.connect(),
    async close() {
      await store.close()
      duckdb.closeSync()
    },
  }
  const read = async <T>(key: AssetKey, orderBy: string | undefined): Promise<T[]> => {
    const connection = await duckdb.connect()
    try {
      const table = await storage.ref(key, connection)
      try {
        const order = orderBy === undefined ? sql`` : sql` ORDER BY ${sql.raw(orderBy)}`
        return await queryRows<T>(connection, sql`SELECT * FROM ${table}${order}`)
      } finally {
        await storage.release(key)
      }
    } finally {
      connection.closeSync()
    }
  }
  return {
    dataDir,
    instance,
    run: (keys) =>
      executeRun(
        instance,
        definitions,
        buildPlan(definitions, new Set(keys ?? definitions.assets.keys())),
        {
          selection: keys?.join(',') ?? '*',
          launchedBy: 'test',
          concurrency: 1,
        },
      ),
    rows: (key, orderBy) => read(key, orderBy),
    companionRows: (key, name, orderBy) => read(companionKey(key, name), orderBy),
    async storageVersion(key) {
      const connection = await duckdb.connect()
      try {
        return (await storage.stats(key, connection)).storageVersion
      } finally {
        connection.closeSync()
      }
    },
    close: () => instance.close(),
  }
}

/** The error message of every asset that did not materialize, for a readable assertion failure. */
export function failures(result: RunResult): string[] {
  return result.assets
    .filter((a) => a.outcome !== 'materialized')
    .map((a) => `${a.key}: ${a.outcome} ${a.message ?? ''}`)
}

import type { MedallionConfig } from '../../framework/config/config-schema.js'
import { type AssetKey, companionKey } from '../../framework/definitions/asset-key.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AnyAsset } from '../../framework/definitions/types.js'
import { executeRun } from '../../framework/executor/execute-run.js'
import { queryRows } from '../../framework/executor/query-rows.js'
import type { RunResult } from '../../framework/executor/run-result.js'
import type { Instance } from '../../framework/instance/instance.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { buildPlan } from '../../framework/planner/build-plan.js'

/** A data directory with an instance over it, to run the pipeline through the real executor. */
export interface TestPipeline {
  readonly dataDir: string
  readonly instance: Instance
  /** Materializes `keys` (default: every asset) in one run. */
  run(keys?: readonly AssetKey[]): Promise<RunResult>
  /** Rows of an asset's table, ordered by `orderBy` (SQL). */
  rows<T = Record<string, unknown>>(key: AssetKey, orderBy?: string): Promise<T[]>
  /** Rows of a companion table, e.g. ('bronze/conversions', 'quarantine'). */
  companionRows<T = Record<string, unknown>>(
    key: AssetKey,
    name: string,
    orderBy?: string,
  ): Promise<T[]>
  /** The storage version of a table (Delta: the table version). */
  storageVersion(key: AssetKey): Promise<number | null>
  close(): Promise<void>
}

/**
 * Opens `dataDir` (raw files under `raw/`) as the CLI would, with the assets' own storage (Delta);
 * `config` replaces medallion.config.ts and the environment (another store, the queue executor).
 */
export async function openTestPipeline(
  dataDir: string,
  definitions: Definitions,
  config?: MedallionConfig,
): Promise<TestPipeline> {
  const instance = await openInstance({
    dataDir,
    threads: 2,
    ...(config === undefined ? {} : { config }),
  })
  // Companion tables live in their asset's storage; every asset of the pipeline uses the same one.
  const storage = instance.storageFor([...definitions.assets.values()][0] as AnyAsset)
  const withConnection = async <T>(
    fn: (c: Awaited<ReturnType<Instance['connect']>>) => Promise<T>,
  ) => {
    const connection = await instance.connect()
    try {
      return await fn(connection)
    } finally {
      connection.closeSync()
    }
  }
  const read = <T>(key: AssetKey, orderBy: string | undefined): Promise<T[]> =>
    withConnection(async (connection) => {
      const table = await storage.ref(key, connection)
      try {
        const order = orderBy === undefined ? sql`` : sql` ORDER BY ${sql.raw(orderBy)}`
        return await queryRows<T>(connection, sql`SELECT * FROM ${table}${order}`)
      } finally {
        await storage.release(key)
      }
    })
  return {
    dataDir,
    instance,
    run: (keys) =>
      executeRun(
        instance,
        definitions,
        buildPlan(definitions, new Set(keys ?? definitions.assets.keys())),
        { selection: keys?.join(',') ?? '*', launchedBy: 'test', concurrency: 1 },
      ),
    rows: (key, orderBy) => read(key, orderBy),
    companionRows: (key, name, orderBy) => read(companionKey(key, name), orderBy),
    storageVersion: (key) =>
      withConnection(async (connection) => (await storage.stats(key, connection)).storageVersion),
    close: () => instance.close(),
  }
}

/** The message of every asset that did not materialize, for a readable assertion failure. */
export function failures(result: RunResult): string[] {
  return result.assets
    .filter((a) => a.outcome !== 'materialized')
    .map((a) => `${a.key}: ${a.outcome} ${a.message ?? ''}`)
}

import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { ExecutorConfig, MedallionConfig } from '../config/config-schema.js'
import { loadConfig } from '../config/load-config.js'
import { openConfiguredStore } from '../config/open-instance-store.js'
import type { AnyAsset, StorageKind } from '../definitions/types.js'
import { inProcessSteps, type StepRunner } from '../executor/step-runner.js'
import { createDeltaIOManager } from '../storage/delta/delta-io-manager.js'
import { createDuckDbIOManager } from '../storage/duckdb/duckdb-io-manager.js'
import type { IOManager } from '../storage/io-manager.js'
import type { Instance } from './instance.js'
import type { InstanceStore } from './instance-store.js'

export interface OpenInstanceOptions {
  /** Data directory; default `data` under the current directory. */
  readonly dataDir?: string
  /** The instance store; default the one the configuration names (SQLite in `dataDir` unless set). */
  readonly store?: InstanceStore
  /** Default: `medallion.config.ts` in the current directory and the environment (loadConfig). */
  readonly config?: MedallionConfig
  /** DuckDB threads for this process (default: DuckDB's own, one per core). */
  readonly threads?: number
}

/** Opens the data directory: the instance store, both storages and the process's DuckDB database. */
export async function openInstance(options: OpenInstanceOptions = {}): Promise<Instance> {
  const dataDir = resolve(options.dataDir ?? 'data')
  mkdirSync(dataDir, { recursive: true })
  const config = options.config ?? (await loadConfig())
  const store = options.store ?? (await openConfiguredStore(config.instanceStore, dataDir))
  const steps = await configuredSteps(config.executor)
  // In-memory: assets' tables live in their own storages; this database is only the compute engine.
  const duckdb = await DuckDBInstance.create(':memory:', {
    // Spills of large sorts and joins go under the data directory, not into the working directory.
    temp_directory: join(dataDir, '.duckdb-tmp'),
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
    steps,
    connect: () => duckdb.connect(),
    async close() {
      await steps.close()
      await store.close()
      duckdb.closeSync()
    },
  }
}

/** In process, or through the queue: BullMQ is only loaded when the queue is configured. */
async function configuredSteps(executor: ExecutorConfig): Promise<StepRunner> {
  if (executor.kind === 'in-process') return inProcessSteps
  const { queueSteps } = await import('../queue/queue-steps.js')
  return queueSteps(executor)
}

import type { DuckDBConnection } from '@duckdb/node-api'
import type { AnyAsset } from '../definitions/types.js'
import type { StepRunner } from '../executor/step-runner.js'
import type { IOManager } from '../storage/io-manager.js'
import type { InstanceStore } from './instance-store.js'

/** Everything a run needs at hand: where data lives, the instance store, storages and DuckDB. */
export interface Instance {
  /** Absolute path of the data directory (raw inputs, tables, instance store). */
  readonly dataDir: string
  readonly store: InstanceStore
  /** The storage that keeps `asset`'s table. */
  storageFor(asset: AnyAsset): IOManager
  /** Where runs execute their steps: this process, or queue workers (the configured executor). */
  readonly steps: StepRunner
  /** A new connection on the process's shared DuckDB database; the caller closes it. */
  connect(): Promise<DuckDBConnection>
  close(): Promise<void>
}

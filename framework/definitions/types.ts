import type { DuckDBConnection } from '@duckdb/node-api'
import type * as z from 'zod'
import type { AutomationCondition, ObservationPolicy } from '../automation/condition.js'
import type { Logger } from '../util/logger.js'
import type { AssetKey } from './asset-key.js'
import type { SqlFragment, TableRef } from './sql.js'

export type StorageKind = 'delta' | 'duckdb'
export type MetadataValue =
  | string
  | number
  | boolean
  | null
  | readonly MetadataValue[]
  | { readonly [k: string]: MetadataValue }
export type Metadata = Readonly<Record<string, MetadataValue>>

/** A raw input under `data/`: observed, never computed. Its data version is a fingerprint of its files. */
export interface SourceDefinition<K extends AssetKey = AssetKey> {
  readonly type: 'source'
  readonly key: K
  /** File or folder, relative to the data directory (e.g. `raw/user_signups.jsonl`). */
  readonly path: string
  /** Only files whose names match, when `path` is a folder (e.g. /\.jsonl$/). */
  readonly pattern: RegExp | undefined
  readonly group: string
  readonly description: string
  readonly owners: readonly string[]
  readonly tags: Readonly<Record<string, string>>
  readonly kinds: readonly string[]
  /** How often the daemon observes it (default: every tick). */
  readonly automation: ObservationPolicy | undefined
}

/** What a source gives the assets that depend on it: its files, as they were observed. */
export interface SourceRef {
  readonly kind: 'source'
  readonly key: AssetKey
  /** Absolute paths, sorted. */
  readonly files: readonly string[]
  readonly dataVersion: string
}

/** When the automation daemon materializes an asset: `eager()`, `onCron('@daily')`, ... */
export type AutomationSlot = AutomationCondition

export interface RetryPolicy {
  /** Extra attempts after the first failure. */
  readonly maxRetries: number
  /** Wait before each retry, in milliseconds (doubles each time when `backoff` is 'exponential'). */
  readonly delayMs?: number
  readonly backoff?: 'constant' | 'exponential'
}

/** A reference to an asset by key, for dependencies that cannot import the handle (cross-file cycles, other repos). */
export interface AssetReference<K extends AssetKey = AssetKey, Row = unknown> {
  readonly type: 'reference'
  readonly key: K
  readonly __row?: Row
}

export type AnyAsset = AssetDefinition<AssetKey, z.ZodObject, AssetDeps>
export type AssetHandle = AnyAsset | SourceDefinition | AssetReference
export type AssetDeps = Readonly<Record<string, AssetHandle>>

export type RowOf<A> =
  A extends AssetDefinition<AssetKey, infer S, AssetDeps>
    ? z.infer<S>
    : A extends AssetReference<AssetKey, infer R>
      ? R
      : never

/** The inputs of a materialize function: a table per asset dependency, the files of each source. */
export type InputsOf<D extends AssetDeps> = {
  readonly [N in keyof D]: D[N] extends SourceDefinition ? SourceRef : TableRef<RowOf<D[N]>>
}

/** One idempotency marker of a write: input `appId` is committed up to `version`. */
export interface WriteTxn {
  readonly appId: string
  readonly version: number
}

/** How an asset writes its table when it does more than replace it (see `AssetOutput`). */
export interface WriteOptions {
  /**
   * Idempotent writes, one (appId, version) per input the write covers (e.g. one per raw file), all
   * committed together. The write is skipped only when every txn is already committed (at that
   * version or a later one); appIds must be distinct.
   */
  readonly txns?: readonly WriteTxn[]
  /** Add new nullable columns instead of failing on a schema mismatch. */
  readonly mergeSchema?: boolean
  /** Operation-specific facts to record with the commit. */
  readonly metadata?: Metadata
}

export interface MergeSpec {
  /** Rows to merge into the table. */
  readonly source: SqlFragment
  /** Join condition between `target` and `source` aliases, e.g. sql`target.id = source.id`. */
  readonly on: SqlFragment
  /** Matched rows: update with the given column expressions, or delete. Clauses apply in order. */
  readonly whenMatched?: readonly MergeMatchedClause[]
  /** Source rows with no match: insert these columns (all source columns when `values` is omitted). */
  readonly whenNotMatched?: readonly MergeNotMatchedClause[]
}

export type MergeMatchedClause =
  | {
      readonly action: 'update'
      readonly condition?: SqlFragment
      readonly set: Readonly<Record<string, SqlFragment>>
    }
  | { readonly action: 'delete'; readonly condition?: SqlFragment }

export interface MergeNotMatchedClause {
  readonly action: 'insert'
  readonly condition?: SqlFragment
  readonly values?: Readonly<Record<string, SqlFragment>>
}

export interface WriteResult {
  /** Storage version after the write (Delta table version; DuckDB: a counter), null when nothing was written. */
  readonly storageVersion: number | null
  readonly rowsWritten: number
  /** False when the write was skipped (txn already applied, or no changes). */
  readonly changed: boolean
}

/** Writes to the asset's own table, each call one atomic commit. */
export interface AssetOutput {
  /** The asset's table as it stands now, or undefined if it was never written (for incremental assets). */
  current(): Promise<TableRef | undefined>
  /** The version last committed for `appId` (see WriteOptions.txns), to skip inputs already ingested without reading them. */
  appliedTxn(appId: string): Promise<number | undefined>
  overwrite(query: SqlFragment, options?: WriteOptions): Promise<WriteResult>
  append(query: SqlFragment, options?: WriteOptions): Promise<WriteResult>
  /** Replaces the rows that match `predicate` (for partitioned tables: the partitions it names) with `query`. */
  replaceWhere(
    query: SqlFragment,
    predicate: SqlFragment,
    options?: WriteOptions,
  ): Promise<WriteResult>
  delete(predicate: SqlFragment, options?: WriteOptions): Promise<WriteResult>
  merge(spec: MergeSpec, options?: WriteOptions): Promise<WriteResult>
}

export interface MaterializeContext<D extends AssetDeps> {
  readonly runId: string
  readonly key: AssetKey
  readonly log: Logger
  readonly connection: DuckDBConnection
  readonly inputs: InputsOf<D>
  readonly output: AssetOutput
  readonly signal: AbortSignal
  /** Rows of a query as plain objects. */
  query<T = Record<string, unknown>>(query: SqlFragment): Promise<T[]>
  /** Adds metadata to this materialization's event (shown in the UI and `medallion logs`). */
  addMetadata(metadata: Metadata): void
  /**
   * A companion table kept beside the asset's own, e.g. `companion('quarantine')` for
   * `bronze/events` is stored at `bronze/_quarantine/events`: for rows that belong with the asset
   * but not in it. Its writes are separate commits; write it before the asset's own table.
   */
  companion(name: string): AssetOutput
}

/**
 * What `materialize` may return: SQL, which replaces the table (the common case), or nothing when the
 * function wrote through `ctx.output` itself (appends, MERGE, partition overwrites).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `async ({ output }) => { await output.merge(...) }` type-check
export type MaterializeReturn = SqlFragment | undefined | void

export interface AssetSpec<K extends AssetKey, S extends z.ZodObject, D extends AssetDeps> {
  readonly key: K
  readonly deps?: D
  readonly group?: string
  readonly description?: string
  readonly owners?: readonly string[]
  readonly tags?: Readonly<Record<string, string>>
  readonly kinds?: readonly string[]
  /** Bump it when the logic changes: the asset and everything downstream report "stale (code)". */
  readonly codeVersion?: string
  readonly storage?: StorageKind
  /** Partition columns of the stored table (hive-style folders for Delta). */
  readonly partitionBy?: readonly string[]
  /** The row schema; checks and the UI read it, and `schemaMatches` compares the stored table to it. */
  readonly schema: S
  readonly automation?: AutomationSlot
  readonly retry?: RetryPolicy
  readonly materialize: (
    context: MaterializeContext<D>,
  ) => Promise<MaterializeReturn> | MaterializeReturn
}

export interface AssetDefinition<K extends AssetKey, S extends z.ZodObject, D extends AssetDeps> {
  readonly type: 'asset'
  readonly key: K
  readonly deps: D
  readonly group: string
  readonly description: string
  readonly owners: readonly string[]
  readonly tags: Readonly<Record<string, string>>
  readonly kinds: readonly string[]
  readonly codeVersion: string
  readonly storage: StorageKind
  readonly partitionBy: readonly string[]
  readonly schema: S
  readonly automation: AutomationSlot | undefined
  readonly retry: RetryPolicy
  // Method syntax on purpose: parameters of methods are bivariant, so any asset's definition is
  // assignable to AnyAsset (with a property, `inputs` of a specific D would not accept the generic one).
  materialize(context: MaterializeContext<D>): Promise<MaterializeReturn> | MaterializeReturn
}

export type CheckSeverity = 'warn' | 'error'

export type CheckResult =
  | { readonly passed: true; readonly metadata: Metadata }
  | { readonly passed: false; readonly message: string; readonly metadata: Metadata }

export interface CheckContext<Row> {
  readonly runId: string
  readonly key: AssetKey
  readonly log: Logger
  readonly connection: DuckDBConnection
  /** The asset's table, as just materialized. */
  readonly table: TableRef<Row>
  query<T = Record<string, unknown>>(query: SqlFragment): Promise<T[]>
  /** The single row of a query; throws if it returned none. */
  queryOne<T = Record<string, unknown>>(query: SqlFragment): Promise<T>
  /** The asset's companion table `name` (see MaterializeContext.companion), undefined if never written. */
  companion(name: string): Promise<TableRef | undefined>
}

export interface CheckDefinition<Row = unknown> {
  readonly type: 'check'
  readonly asset: AssetKey
  readonly name: string
  readonly description: string
  readonly severity: CheckSeverity
  /** A failing check with severity 'error' and `blocking` skips everything downstream in the run. */
  readonly blocking: boolean
  evaluate(context: CheckContext<Row>): Promise<CheckResult> | CheckResult
}

/** Any definition the loader accepts. */
export type Definition = AnyAsset | SourceDefinition | CheckDefinition

import { type DuckDBConnection, listValue } from '@duckdb/node-api'
import type { AssetKey } from '../../definitions/asset-key.js'
import type { SqlFragment } from '../../definitions/sql.js'
import type {
  AssetOutput,
  MergeSpec,
  WriteOptions,
  WriteResult,
  WriteTxn,
} from '../../definitions/types.js'
import { FrameworkError } from '../../errors.js'
import { quoteString } from '../delta/sql-quote.js'
import { type OutputOptions, onceNumbering } from '../io-manager.js'
import { runForRows } from '../result-rows.js'
import { quote } from './file-attachments.js'
import { mergeStatement } from './merge-statement.js'

export interface DuckDbOutputTarget {
  readonly connection: DuckDBConnection
  readonly key: AssetKey
  readonly alias: string
  /** Fully qualified, quoted table name. */
  readonly table: string
  /** Attaches the asset's file read-write; called once, before the first use. */
  readonly attach: () => Promise<void>
}

/**
 * The writer of one DuckDB-stored asset for one step. Each call is one transaction (atomic: a crash
 * leaves the previous table), and bumps the file's version counter in `_medallion_meta`.
 */
export function createDuckDbOutput(
  target: DuckDbOutputTarget,
  outputOptions?: OutputOptions,
): AssetOutput {
  const { connection, table } = target
  const nextOnce = onceNumbering(outputOptions)
  const db = quote(target.alias)
  const bookkeeping = `create table if not exists ${db}.main._medallion_meta (version bigint, committed_at timestamptz default now());
    create table if not exists ${db}.main._medallion_txn (app_id varchar primary key, version bigint);`
  let attached: Promise<void> | undefined
  const ready = () => {
    attached ??= target.attach()
    return attached
  }
  // Writes create the bookkeeping tables inside their own transaction (each commit to a file costs
  // an fsync); reads of them that come before any write create them first, once.
  let bookkept: Promise<void> | undefined
  const withBookkeeping = () => {
    bookkept ??= ready()
      .then(() => connection.run(bookkeeping))
      .then(() => undefined)
    return bookkept
  }

  async function exists(): Promise<boolean> {
    await ready()
    // duckdb_tables() with literals: information_schema.tables, and bound parameters, cost twice as much.
    const rows = await runForRows(
      connection,
      `select count(*)::int as n from duckdb_tables()
       where database_name = ${quoteString(target.alias)} and schema_name = 'main'
         and table_name = ${quoteString(target.key.slice(target.key.indexOf('/') + 1))}`,
    )
    return rows[0]?.n === 1
  }

  /**
   * Runs `statements` in one transaction, with its txns; skipped when every txn, or the write's
   * `once` mark (see OutputOptions), was already applied. Statements that depend on whether the
   * table exists come as a function of it; others (overwrite) skip that look-up.
   */
  async function commit(
    operation: string,
    statements: readonly string[] | ((tableExists: boolean) => string[]),
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    await ready()
    const txns = options.txns ?? []
    const once = nextOnce()
    const pending = await pendingTxns(operation, once === undefined ? txns : [...txns, once])
    const ownPending = pending.filter((txn) => txn !== once)
    const onceApplied = once !== undefined && !pending.includes(once)
    if (onceApplied || (txns.length > 0 && ownPending.length === 0)) {
      return { storageVersion: await version(), rowsWritten: 0, changed: false }
    }
    const toRun = typeof statements === 'function' ? statements(await exists()) : statements
    try {
      await connection.run(`BEGIN TRANSACTION; ${bookkeeping}`)
      let rowsWritten = 0
      for (const statement of toRun) {
        const result = await connection.run(statement)
        rowsWritten += Number(result.rowsChanged)
      }
      // An app id already at this version or later keeps it, as in Delta.
      for (const txn of pending) {
        await connection.run(
          `insert or replace into ${db}.main._medallion_txn values ($app, $version)`,
          { app: txn.appId, version: txn.version },
        )
      }
      const bumped = await runForRows(
        connection,
        `insert into ${db}.main._medallion_meta (version) select coalesce(max(version), -1) + 1 from ${db}.main._medallion_meta returning version`,
      )
      await connection.run('COMMIT')
      return {
        storageVersion: Number(bumped[0]?.version),
        rowsWritten,
        changed: true,
      }
    } catch (error) {
      await connection.run('ROLLBACK')
      throw new FrameworkError(
        'IO_WRITE_FAILED',
        `duckdb storage: ${operation} of "${target.key}" failed, and the table is unchanged: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      )
    }
  }

  /** The txns not yet applied; throws USAGE when two share an app id (one marker per input). */
  async function pendingTxns(operation: string, txns: readonly WriteTxn[]): Promise<WriteTxn[]> {
    if (new Set(txns.map((t) => t.appId)).size !== txns.length) {
      throw new FrameworkError(
        'USAGE',
        `duckdb storage: ${operation} of "${target.key}" passes one txn app id twice. Pass each app id once, with its highest version.`,
      )
    }
    if (txns.length === 0) return []
    await withBookkeeping()
    const reader = await connection.runAndReadAll(
      `select app_id, version from ${db}.main._medallion_txn where app_id in (select unnest($apps::varchar[]))`,
      { apps: listValue(txns.map((t) => t.appId)) },
    )
    const applied = new Map(
      reader.getRowObjects().map((r) => [String(r.app_id), Number(r.version)]),
    )
    return txns.filter((t) => (applied.get(t.appId) ?? -1) < t.version)
  }

  async function appliedTxn(appId: string): Promise<number | undefined> {
    await withBookkeeping()
    const reader = await connection.runAndReadAll(
      `select version from ${db}.main._medallion_txn where app_id = $app`,
      { app: appId },
    )
    const version = reader.getRowObjects()[0]?.version
    return version === undefined || version === null ? undefined : Number(version)
  }

  async function version(): Promise<number | null> {
    await withBookkeeping()
    const reader = await connection.runAndReadAll(
      `select max(version)::bigint as v from ${db}.main._medallion_meta`,
    )
    const v = reader.getRowObjects()[0]?.v
    return v === null || v === undefined ? null : Number(v)
  }

  const createOrInsert = (query: SqlFragment) => (tableExists: boolean) =>
    tableExists
      ? [`insert into ${table} by name ${query.text}`]
      : [`create table ${table} as ${query.text}`]

  return {
    appliedTxn,
    async current() {
      return (await exists()) ? { kind: 'table', key: target.key, from: table } : undefined
    },
    overwrite: (query, options) =>
      commit('overwrite', [`create or replace table ${table} as ${query.text}`], options),
    append: (query, options) => commit('append', createOrInsert(query), options),
    replaceWhere: (query, predicate, options) =>
      commit(
        'replaceWhere',
        (tableExists) => [
          ...(tableExists ? [`delete from ${table} where ${predicate.text}`] : []),
          ...createOrInsert(query)(tableExists),
        ],
        options,
      ),
    delete: (predicate, options) =>
      commit(
        'delete',
        (tableExists) => (tableExists ? [`delete from ${table} where ${predicate.text}`] : []),
        options,
      ),
    merge: (spec: MergeSpec, options) =>
      commit(
        'merge',
        (tableExists) =>
          tableExists
            ? [mergeStatement(table, spec)]
            : [`create table ${table} as ${spec.source.text}`],
        options,
      ),
  }
}

import { DeltaError } from '../../errors.js'
import type { AddAction, MetadataAction, RemoveAction } from './actions.js'
import { BLIND_READS, type ReadSet } from './commit-conflicts.js'
import type { DeltaField, Snapshot } from './snapshot-types.js'
import { writeDataFiles } from './write-files.js'
import { partitionPredicate } from './write-predicate.js'
import { FILE_COLUMN, writeScan } from './write-scan.js'
import { conformQuery, describeQuery, schemaString } from './write-schema.js'
import {
  assertWritable,
  commitWrite,
  type DeltaWriteOptions,
  type DeltaWriteResult,
  metadataAction,
  removeOf,
  txnsApplied,
  unchanged,
  type WriteTarget,
} from './write-transaction.js'

/** Options of writes that may create the table or replace its schema. */
export interface TableWriteOptions extends DeltaWriteOptions {
  /** Partition columns when the write creates the table (or replaces its schema). */
  readonly partitionBy?: readonly string[]
  /** Overwrite only: replace the schema and partitioning with the query's instead of matching them. */
  readonly overwriteSchema?: boolean
  /** Table properties set on create (e.g. `delta.checkpointInterval`). */
  readonly configuration?: Readonly<Record<string, string>>
}

type Mode =
  | { readonly kind: 'append' }
  | { readonly kind: 'overwrite' }
  | { readonly kind: 'replaceWhere'; readonly predicate: string }

/** Appends the rows of `query`; creates the table when it does not exist. One commit, blind when the schema stays. */
export function appendQuery(
  target: WriteTarget,
  query: string,
  options: TableWriteOptions = {},
): Promise<DeltaWriteResult> {
  return writeQuery(target, query, { kind: 'append' }, options)
}

/** Replaces every row with the rows of `query`; creates the table when it does not exist. */
export function overwriteQuery(
  target: WriteTarget,
  query: string,
  options: TableWriteOptions = {},
): Promise<DeltaWriteResult> {
  return writeQuery(target, query, { kind: 'overwrite' }, options)
}

/**
 * Replaces the rows matching `predicate` with the rows of `query`, which must all match it. A
 * predicate on partition columns only drops whole files from the log; otherwise the files holding
 * matching rows are rewritten without them.
 */
export function replaceWhereQuery(
  target: WriteTarget,
  query: string,
  predicate: string,
  options: TableWriteOptions = {},
): Promise<DeltaWriteResult> {
  return writeQuery(target, query, { kind: 'replaceWhere', predicate }, options)
}

async function writeQuery(
  target: WriteTarget,
  query: string,
  mode: Mode,
  options: TableWriteOptions,
): Promise<DeltaWriteResult> {
  const { connection, tableDir, snapshot } = target
  const where = `delta ${mode.kind} ${tableDir}`
  if (snapshot !== undefined) assertWritable(where, snapshot)
  if (txnsApplied(where, snapshot, options)) return unchanged(snapshot)
  const replaceSchema =
    snapshot === undefined || (mode.kind === 'overwrite' && options.overwriteSchema === true)
  const columns = await describeQuery(connection, where, query)
  const conformed = conformQuery(
    where,
    query,
    columns,
    replaceSchema ? undefined : snapshot?.schema,
    options,
  )
  const partitionColumns = replaceSchema
    ? partitionColumnsOf(
        where,
        conformed.schema,
        options.partitionBy ?? snapshot?.partitionColumns ?? [],
      )
    : (snapshot?.partitionColumns ?? [])
  const metadata = metadataChange(
    snapshot,
    conformed.schema,
    partitionColumns,
    replaceSchema ? undefined : conformed.schemaChanged,
    options.configuration,
  )

  let removes: RemoveAction[] = []
  let reads: ReadSet = BLIND_READS
  let dataSql = conformed.selectSql
  const now = Date.now()
  const live = snapshot?.files ?? []
  if (mode.kind === 'overwrite') {
    removes = live.map((add) => removeOf(add, now))
    reads = {
      readPredicate: 'all',
      readFiles: new Set(live.map((f) => f.path)),
      removedFiles: new Set(removes.map((r) => r.path)),
      appIds: new Set(),
    }
  } else if (mode.kind === 'replaceWhere') {
    await assertAllMatch(target, where, conformed.selectSql, mode.predicate)
    const byPartition =
      snapshot &&
      (await partitionPredicate(
        connection,
        mode.predicate,
        snapshot.schema,
        snapshot.partitionColumns,
      ))
    let rewritten: AddAction[]
    if (byPartition !== undefined) {
      rewritten = await byPartition.matchingFiles(live)
      reads = {
        readPredicate: (pv) => byPartition.matches(pv),
        readFiles: new Set(rewritten.map((f) => f.path)),
        removedFiles: new Set(rewritten.map((f) => f.path)),
        appIds: new Set(),
      }
    } else if (live.length === 0) {
      rewritten = []
    } else {
      const scan = await writeScan(
        connection,
        { tableDir, schema: snapshot?.schema ?? [], partitionColumns },
        live,
      )
      rewritten = await filesWhere(target, scan.sql, mode.predicate, scan.fileOf)
      const keep = await writeScan(
        connection,
        { tableDir, schema: snapshot?.schema ?? [], partitionColumns },
        rewritten,
      )
      if (rewritten.length > 0) {
        const kept = `SELECT * EXCLUDE (${FILE_COLUMN}, __delta_row) FROM (${keep.sql}) WHERE NOT coalesce((${mode.predicate}), false)`
        dataSql = `${conformed.selectSql} UNION ALL BY NAME ${kept}`
      }
      reads = {
        readPredicate: 'all',
        readFiles: new Set(live.map((f) => f.path)),
        removedFiles: new Set(rewritten.map((f) => f.path)),
        appIds: new Set(),
      }
    }
    removes = rewritten.map((add) => removeOf(add, now))
  }

  const written = await writeDataFiles(connection, tableDir, dataSql, {
    schema: conformed.schema,
    partitionColumns,
  })
  const rowsRemoved = removes.reduce((sum, r) => sum + numRecords(r.stats), 0)
  const operation = {
    operation: snapshot === undefined ? 'CREATE TABLE AS SELECT' : 'WRITE',
    parameters: {
      mode: mode.kind === 'append' ? 'Append' : 'Overwrite',
      partitionBy: JSON.stringify(partitionColumns),
      ...(mode.kind === 'replaceWhere' ? { predicate: JSON.stringify([mode.predicate]) } : {}),
    },
    metrics: {
      numFiles: written.adds.length,
      numOutputRows: written.numRows,
      numOutputBytes: written.numBytes,
      numRemovedFiles: removes.length,
    },
    isBlindAppend: mode.kind === 'append' && metadata === undefined,
  }
  const version = await commitWrite(target, {
    where,
    ...(metadata === undefined ? {} : { metadata }),
    removes,
    adds: written.adds,
    filesOnDisk: written.onDisk,
    reads,
    operation,
    options,
  })
  return {
    version,
    changed: true,
    rowsWritten: written.numRows,
    metrics: { ...operation.metrics, numRemovedRows: rowsRemoved },
  }
}

/** replaceWhere must not write rows outside the range it replaces, or they would vanish on the next replace. */
async function assertAllMatch(
  target: WriteTarget,
  where: string,
  selectSql: string,
  predicate: string,
): Promise<void> {
  const reader = await target.connection.runAndReadAll(
    `SELECT count(*)::BIGINT AS n FROM (${selectSql}) WHERE NOT coalesce((${predicate}), false)`,
  )
  const outside = Number(reader.getRowObjects()[0]?.n ?? 0)
  if (outside > 0) {
    throw new DeltaError(
      'IO_WRITE_FAILED',
      `${where}: ${outside} row(s) of the query do not match the replaceWhere predicate ${predicate}. Filter the query by the same predicate.`,
    )
  }
}

/** Files of `scanSql` holding at least one row where `predicate` holds (DuckDB prunes row groups by their stats). */
export async function filesWhere(
  target: WriteTarget,
  scanSql: string,
  predicate: string,
  fileOf: ReadonlyMap<string, AddAction>,
): Promise<AddAction[]> {
  const reader = await target.connection.runAndReadAll(
    `SELECT DISTINCT ${FILE_COLUMN} AS f FROM (${scanSql}) AS target WHERE coalesce((${predicate}), false)`,
  )
  return reader.getRowObjects().flatMap((row) => {
    const add = fileOf.get(String(row.f))
    return add === undefined ? [] : [add]
  })
}

/** numRecords from a stats JSON text, 0 when unknown. */
export function numRecords(stats: string | null | undefined): number {
  if (stats === undefined || stats === null) return 0
  const value = (JSON.parse(stats) as { numRecords?: unknown }).numRecords
  return typeof value === 'number' ? value : 0
}

function partitionColumnsOf(
  where: string,
  schema: readonly DeltaField[],
  requested: readonly string[],
): string[] {
  return requested.map((name) => {
    const field = schema.find((f) => f.name.toLowerCase() === name.toLowerCase())
    if (field === undefined) {
      throw new DeltaError(
        'SCHEMA_MISMATCH',
        `${where}: partition column "${name}" is not a column of the query. Select it, or change partitionBy.`,
      )
    }
    if (typeof field.type !== 'string') {
      throw new DeltaError(
        'SCHEMA_MISMATCH',
        `${where}: partition column "${name}" has a nested type; Delta partitions by primitive columns only.`,
      )
    }
    return field.name
  })
}

/** A new metaData action when the schema or partitioning change (always on create). */
function metadataChange(
  snapshot: Snapshot | undefined,
  schema: readonly DeltaField[],
  partitionColumns: readonly string[],
  schemaChanged: boolean | undefined,
  configuration: Readonly<Record<string, string>> | undefined,
): MetadataAction | undefined {
  if (snapshot === undefined)
    return metadataAction(schema, partitionColumns, undefined, configuration)
  const changed =
    schemaChanged ??
    (schemaString(snapshot.schema) !== schemaString(schema) ||
      JSON.stringify(snapshot.partitionColumns) !== JSON.stringify(partitionColumns))
  return changed ? metadataAction(schema, partitionColumns, snapshot.metadata) : undefined
}

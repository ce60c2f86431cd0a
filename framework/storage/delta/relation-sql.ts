import { DeltaError } from '../../errors.js'
import type { AddAction } from './actions.js'
import { columnMappingMode, fieldId, physicalName } from './column-mapping.js'
import { deletedRowIndexes } from './deletion-vector.js'
import { deltaTypeToDuckDb } from './delta-schema.js'
import { filterSql } from './filter-sql.js'
import { remapNested } from './nested-remap.js'
import { partitionValueSql } from './partition-values.js'
import { resolveDataPath } from './paths.js'
import { type PruningFilter, pruneFiles, statsOf } from './pruning.js'
import type { DeltaField, Snapshot } from './snapshot-types.js'
import { quoteIdent, quoteString } from './sql-quote.js'

/** What part of the snapshot a relation yields. */
export interface RelationOptions {
  /** Logical column names to keep, in this order; all columns by default. */
  readonly columns?: readonly string[]
  /** Rows must satisfy it; files it rules out are never read. */
  readonly filter?: PruningFilter
}

/**
 * DuckDB SQL for a relation (`select * from <relation>`) holding exactly the snapshot's logical
 * rows: partition columns typed from the log, deletion vectors applied, column mapping resolved,
 * columns missing from older files read as NULL. All files go to one `read_parquet` call so
 * DuckDB scans them in parallel; a `schema` map makes every file present the table's columns.
 * `timestamp` columns stored as INT96 are converted with the session time zone: keep it UTC.
 */
export function relationSql(snapshot: Snapshot, options: RelationOptions = {}): string {
  const selected = selectFields(snapshot, options.columns)
  const filter = options.filter ?? []
  const files = filter.length > 0 ? pruneFiles(snapshot, filter) : snapshot.files
  const needed = new Set([...selected.map((f) => f.name), ...filter.map((p) => p.column)])
  const fields = snapshot.schema.filter((f) => needed.has(f.name))
  const where = filterSql(snapshot, filter)
  const inner = files.length === 0 ? emptySql(fields) : scanSql(snapshot, files, fields)
  const columns = selected.map((f) => quoteIdent(f.name)).join(', ')
  return `(select ${columns} from ${inner}${where ? ` where ${where}` : ''})`
}

function selectFields(snapshot: Snapshot, columns: readonly string[] | undefined): DeltaField[] {
  if (columns === undefined) return [...snapshot.schema]
  if (columns.length === 0) {
    throw new DeltaError(
      'USAGE',
      `delta read ${snapshot.tableDir}: columns must name at least one column.`,
    )
  }
  return columns.map((name) => {
    const field = snapshot.schema.find((f) => f.name === name)
    if (!field) {
      throw new DeltaError(
        'USAGE',
        `delta read ${snapshot.tableDir}: column "${name}" is not in the table. Columns: ${snapshot.schema.map((f) => f.name).join(', ')}.`,
      )
    }
    return field
  })
}

function emptySql(fields: readonly DeltaField[]): string {
  const columns = fields.map(
    (f) => `CAST(NULL AS ${deltaTypeToDuckDb(f.type)}) AS ${quoteIdent(f.name)}`,
  )
  return `(select ${columns.length > 0 ? columns.join(', ') : 'NULL AS __empty'} where false)`
}

function scanSql(
  snapshot: Snapshot,
  files: readonly AddAction[],
  fields: readonly DeltaField[],
): string {
  const mode = columnMappingMode(snapshot.metadata)
  const partitionSet = new Set(snapshot.partitionColumns)
  const dataFields = snapshot.schema.filter((f) => !partitionSet.has(f.name))
  const partFields = fields.filter((f) => partitionSet.has(f.name))
  const paths = files.map((f) => resolveDataPath(snapshot.tableDir, f.path))
  const projection: string[] = []

  const byName = fields.filter((f) => !partitionSet.has(f.name))
  let from: string
  if (mode === 'none' && readableByName(files, byName)) {
    // Columns matched by name scan about twice as fast as through a `schema` map; a column an
    // older file lacks still reads as NULL, and the cast gives it the table's type.
    for (const f of byName) {
      const type = deltaTypeToDuckDb(f.type)
      projection.push(`CAST(__f.${quoteIdent(f.name)} AS ${type}) AS ${quoteIdent(f.name)}`)
    }
    from = `read_parquet([${paths.map(quoteString).join(', ')}], union_by_name=true, hive_partitioning=false) AS __f`
  } else {
    // Every data column goes into the schema map (cheap), under an internal name that cannot
    // collide with DuckDB's virtual columns `filename` and `file_row_number`.
    const entries = dataFields.map((f, i) => {
      const key =
        mode === 'id' && fieldId(f) !== undefined
          ? String(fieldId(f))
          : quoteString(physicalName(f, mode))
      const type = deltaTypeToDuckDb(f.type, (nested) => physicalName(nested, mode))
      return `${key}: {name: ${quoteString(`__c${i}`)}, type: ${quoteString(type)}, default_value: NULL}`
    })
    dataFields.forEach((f, i) => {
      if (fields.includes(f)) {
        projection.push(`${remapNested(`__f."__c${i}"`, f.type, mode)} AS ${quoteIdent(f.name)}`)
      }
    })
    const schema = entries.length > 0 ? `, schema=map{${entries.join(', ')}}` : ''
    from = `read_parquet([${paths.map(quoteString).join(', ')}]${schema}, hive_partitioning=false) AS __f`
  }

  // Partition values: constants when all files share them, else looked up by the file's position
  // in the list (`file_index`): a join on the file name would push every row through a hash table.
  const tuples = files.map((file) =>
    partFields.map((f) => partitionValueSql(file.partitionValues[physicalName(f, mode)], f.type)),
  )
  const distinct = new Set(tuples.map((t) => t.join('\u0000')))
  partFields.forEach((f, j) => {
    const value =
      distinct.size === 1
        ? tuples[0]?.[j]
        : `[${tuples.map((t) => t[j]).join(', ')}][__f.file_index::BIGINT + 1]`
    projection.push(`${value} AS ${quoteIdent(f.name)}`)
  })

  const dv = deletionVectorSql(snapshot, files, paths)
  if (dv)
    from += ` ANTI JOIN ${dv} AS __dv ON __f.filename = __dv.__path AND __f.file_row_number = __dv.__row`
  const columns = projection.length > 0 ? projection.join(', ') : 'NULL AS __empty'
  return `(select ${columns} from ${from})`
}

/** DuckDB's virtual columns: a data column of that name must go through the schema map. */
const VIRTUAL_COLUMNS = new Set(['filename', 'file_row_number', 'file_index'])

/**
 * Whether `read_parquet` can match `fields` by name: plain types, no deletion vectors, no name
 * DuckDB reserves, and each column present in some file — which the files' stats show (a column
 * added by schema evolution and never written yet is in no file, and must come from the map).
 */
function readableByName(files: readonly AddAction[], fields: readonly DeltaField[]): boolean {
  if (files.some((file) => file.deletionVector)) return false
  return fields.every(
    (field) =>
      typeof field.type === 'string' &&
      !VIRTUAL_COLUMNS.has(field.name.toLowerCase()) &&
      files.some((file) => statsOf(file)?.nullCount?.[field.name] !== undefined),
  )
}

/** (path, row index) pairs deleted by the files' deletion vectors, or undefined if none. */
function deletionVectorSql(
  snapshot: Snapshot,
  files: readonly AddAction[],
  paths: readonly string[],
): string | undefined {
  const rows: string[] = []
  files.forEach((file, i) => {
    if (!file.deletionVector) return
    const deleted = deletedRowIndexes(snapshot.tableDir, file.deletionVector)
    if (deleted.length > 0)
      rows.push(`(${quoteString(paths[i] as string)}, [${deleted.join(',')}]::BIGINT[])`)
  })
  if (rows.length === 0) return undefined
  return `(select __path, unnest(__rows) AS __row from (VALUES ${rows.join(', ')}) AS __d(__path, __rows))`
}

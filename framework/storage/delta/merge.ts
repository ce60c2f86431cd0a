import { randomUUID } from 'node:crypto'
import type { MergeSpec } from '../../definitions/types.js'
import { DeltaError } from '../../errors.js'
import type { AddAction } from './actions.js'
import { MATCHED_COLUMN, mergeSql } from './merge-sql.js'
import { quoteIdent } from './sql-quote.js'
import { writeDataFiles } from './write-files.js'
import { numRecords } from './write-operations.js'
import { FILE_COLUMN, ROW_COLUMN, writeScan } from './write-scan.js'
import {
  assertWritable,
  commitWrite,
  type DeltaWriteOptions,
  type DeltaWriteResult,
  hasTxns,
  removeOf,
  txnsApplied,
  unchanged,
  type WriteTarget,
} from './write-transaction.js'

/**
 * MERGE INTO the table as one copy-on-write commit: WHEN MATCHED clauses (update or delete, first
 * applicable clause wins) rewrite only the files holding a target row some clause applies to; WHEN NOT
 * MATCHED inserts go to new files. A target row modified by two source rows is an error, as in Spark.
 * The table must exist (create it with an append first).
 */
export async function mergeInto(
  target: WriteTarget,
  spec: MergeSpec,
  options: DeltaWriteOptions = {},
): Promise<DeltaWriteResult> {
  const { connection, tableDir, snapshot } = target
  const where = `delta merge into ${tableDir}`
  if (snapshot === undefined) {
    throw new DeltaError(
      'DELTA_TABLE_NOT_FOUND',
      `${where}: the table does not exist. Create it (append or overwrite) before merging into it.`,
    )
  }
  assertWritable(where, snapshot)
  if (txnsApplied(where, snapshot, options)) return unchanged(snapshot)
  const pieces = mergeSql(where, spec, snapshot.schema)
  // The source is read several times (find files, rewrite, inserts): run its query once.
  const source = quoteIdent(`__delta_merge_source_${randomUUID().replaceAll('-', '')}`)
  try {
    await connection.run(
      `CREATE TEMP TABLE ${source} AS SELECT *, true AS ${MATCHED_COLUMN} FROM (${spec.source.text})`,
    )
  } catch (error) {
    throw new DeltaError(
      'IO_WRITE_FAILED',
      `${where}: the merge source query failed (see cause). Fix the SQL.`,
      { cause: error },
    )
  }
  try {
    const sourceColumns = (await connection.runAndReadAll(`DESCRIBE ${source}`))
      .getRowObjects()
      .map((r) => String(r.column_name))
      .filter((c) => c !== MATCHED_COLUMN)
    const all = await writeScan(connection, snapshot, snapshot.files)
    const touched = new Map<AddAction, { updated: number; deleted: number }>()
    if (pieces.updateClauses.length + pieces.deleteClauses.length > 0) {
      const found = await connection.runAndReadAll(`
        WITH m AS (SELECT target.${FILE_COLUMN} AS f, target.${ROW_COLUMN} AS r, (${pieces.clauseCase}) AS c
                   FROM (${all.sql}) AS target JOIN ${source} AS source ON (${spec.on.text})),
             a AS (SELECT f, c, count(*) OVER (PARTITION BY f, r) AS n FROM m WHERE c > 0)
        SELECT f, count(*) FILTER (WHERE c IN (-1, ${pieces.updateClauses.join(', ') || '-1'}))::BIGINT AS updated,
               count(*) FILTER (WHERE c IN (-1, ${pieces.deleteClauses.join(', ') || '-1'}))::BIGINT AS deleted, max(n)::BIGINT AS n
        FROM a GROUP BY f`)
      for (const row of found.getRowObjects()) {
        if (Number(row.n) > 1) {
          throw new DeltaError(
            'IO_WRITE_FAILED',
            `${where}: several source rows matched the same target row and a WHEN MATCHED clause applies to them. Make the source unique on the merge key (e.g. deduplicate it with QUALIFY).`,
          )
        }
        const add = all.fileOf.get(String(row.f))
        if (add !== undefined)
          touched.set(add, { updated: Number(row.updated), deleted: Number(row.deleted) })
      }
    }
    const rewritten = [...touched.keys()]
    const parts: string[] = []
    if (rewritten.length > 0)
      parts.push(pieces.rewrite((await writeScan(connection, snapshot, rewritten)).sql, source))
    const inserts = pieces.inserts(all.sql, source, sourceColumns)
    if (inserts !== undefined) parts.push(inserts)
    if (parts.length === 0) return unchanged(snapshot)
    const written = await writeDataFiles(
      connection,
      tableDir,
      parts.map((p) => `(${p})`).join(' UNION ALL '),
      snapshot,
    )
    const updated = sum([...touched.values()].map((t) => t.updated))
    const deleted = sum([...touched.values()].map((t) => t.deleted))
    const rewrittenRows = sum(rewritten.map((f) => numRecords(f.stats)))
    const inserted = written.numRows - (rewrittenRows - deleted)
    if (rewritten.length === 0 && written.numRows === 0 && !hasTxns(options))
      return unchanged(snapshot)
    const now = Date.now()
    const metrics = {
      numTargetRowsUpdated: updated,
      numTargetRowsDeleted: deleted,
      numTargetRowsInserted: inserted,
      numTargetRowsCopied: rewrittenRows - deleted - updated,
      numOutputRows: written.numRows,
      numTargetFilesAdded: written.adds.length,
      numTargetFilesRemoved: rewritten.length,
    }
    const version = await commitWrite(target, {
      where,
      removes: rewritten.map((add) => removeOf(add, now)),
      adds: written.adds,
      filesOnDisk: written.onDisk,
      reads: {
        readPredicate: 'all',
        readFiles: new Set(snapshot.files.map((f) => f.path)),
        removedFiles: new Set(rewritten.map((f) => f.path)),
        appIds: new Set(),
      },
      operation: {
        operation: 'MERGE',
        parameters: {
          predicate: JSON.stringify([spec.on.text]),
          matchedPredicates: JSON.stringify(
            (spec.whenMatched ?? []).map((c) => ({
              actionType: c.action,
              ...(c.condition ? { predicate: c.condition.text } : {}),
            })),
          ),
          notMatchedPredicates: JSON.stringify(
            (spec.whenNotMatched ?? []).map((c) => ({
              actionType: c.action,
              ...(c.condition ? { predicate: c.condition.text } : {}),
            })),
          ),
        },
        metrics,
        isBlindAppend: false,
      },
      options,
    })
    return { version, changed: true, rowsWritten: updated + inserted, metrics }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${source}`)
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

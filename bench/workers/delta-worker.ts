// One Delta-vs-parquet operation in a fresh process, so each run's peak RSS is its own.
import { DuckDBInstance } from '@duckdb/node-api'
import { sql } from '../../framework/definitions/sql.js'
import { DeltaTable } from '../../framework/storage/delta/delta-table.js'
import { relationSql } from '../../framework/storage/delta/relation-sql.js'
import { loadSnapshot } from '../../framework/storage/delta/snapshot.js'
import { syncDataFiles } from '../../framework/storage/delta/sync-data-files.js'
import { reportResult, timed, workerInput } from '../lib/worker-io.js'

export type DeltaOp =
  | 'delta-write'
  | 'parquet-write'
  | 'parquet-write-stats'
  | 'parquet-write-fsync'
  | 'delta-read-agg'
  | 'parquet-read-agg'
  | 'delta-read-scan'
  | 'parquet-read-scan'

export interface DeltaInput {
  readonly op: DeltaOp
  readonly rows: number
  /** Table folder (delta-*) or parquet file (parquet-*). */
  readonly target: string
}

/** The rows both sides write: ints, a double, a string of 100k distinct values and a timestamp. */
export function rowsQuery(rows: number): string {
  return `select i as id, (i % 1000)::integer as bucket, (i * 0.37)::double as amount,
    'user_' || (i % 100000)::varchar as user_id,
    to_timestamp(1704067200 + i) as ts
    from range(${rows}) t(i)`
}

/** Touches every column, so no reader can skip one. */
const AGG = 'select count(*), sum(id), sum(bucket), sum(amount), max(user_id), max(ts)'

const input = workerInput<DeltaInput>()
const db = await DuckDBInstance.create(':memory:')
const connection = await db.connect()
const parquet = `'${input.target.replaceAll("'", "''")}'`
let result: unknown
const ms = await timed(async () => {
  switch (input.op) {
    case 'delta-write':
      result = await new DeltaTable(input.target).overwrite(
        connection,
        sql.raw(rowsQuery(input.rows)),
      )
      return
    case 'parquet-write':
      await connection.run(`COPY (${rowsQuery(input.rows)}) TO ${parquet} (FORMAT parquet)`)
      return
    case 'parquet-write-stats':
      await connection.run(
        `COPY (${rowsQuery(input.rows)}) TO ${parquet} (FORMAT parquet, COMPRESSION snappy, RETURN_STATS)`,
      )
      return
    case 'parquet-write-fsync':
      await connection.run(`COPY (${rowsQuery(input.rows)}) TO ${parquet} (FORMAT parquet)`)
      await syncDataFiles([input.target])
      return
    case 'delta-read-agg': {
      const relation = relationSql(await loadSnapshot(input.target))
      result = (await connection.runAndReadAll(`${AGG} from ${relation}`)).getRowsJson()
      return
    }
    case 'parquet-read-agg':
      result = (
        await connection.runAndReadAll(`${AGG} from read_parquet(${parquet})`)
      ).getRowsJson()
      return
    case 'delta-read-scan': {
      const relation = relationSql(await loadSnapshot(input.target))
      await connection.run(`create temp table t as select * from ${relation}`)
      return
    }
    case 'parquet-read-scan':
      await connection.run(`create temp table t as select * from read_parquet(${parquet})`)
      return
  }
})
reportResult(ms, { result })
connection.closeSync()
db.closeSync()

// Baseline of orchestration overhead: per asset, a bare DuckDB query written as one Delta commit.
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { sql } from '../../framework/definitions/sql.js'
import { DeltaTable } from '../../framework/storage/delta/delta-table.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

const input = workerInput<{ readonly assets: number; readonly dir: string }>()
const db = await DuckDBInstance.create(':memory:')
const connection = await db.connect()
const started = performance.now()
for (let i = 0; i < input.assets; i++) {
  await new DeltaTable(path.join(input.dir, `t${i}`)).overwrite(connection, sql`select 1 as n`)
}
reportResult(performance.now() - started)
connection.closeSync()
db.closeSync()

// Baselines of orchestration overhead, per asset: a bare DuckDB query written as one Delta commit
// through our Delta layer ('delta'), or with no layer at all ('bare'): DuckDB's COPY of the query
// to one parquet file and a hand-written commit (temp file, fsync, link), no schema look-up, stats
// or snapshot. The gap between the two is the Delta layer's own cost per write.
import { closeSync, fsync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { DuckDBInstance } from '@duckdb/node-api'
import { sql } from '../../framework/definitions/sql.js'
import { DeltaTable } from '../../framework/storage/delta/delta-table.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

const input = workerInput<{
  readonly assets: number
  readonly dir: string
  readonly mode?: 'delta' | 'bare'
}>()
const db = await DuckDBInstance.create(':memory:')
const connection = await db.connect()
const fsyncAsync = promisify(fsync)

async function bareWrite(tableDir: string): Promise<void> {
  const log = path.join(tableDir, '_delta_log')
  mkdirSync(log, { recursive: true })
  const file = 'part-00000.parquet'
  const result = await connection.run(
    `COPY (select 1 as n) TO '${path.join(tableDir, file)}' (FORMAT parquet, COMPRESSION snappy)`,
  )
  const commit = [
    { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
    {
      metaData: {
        id: tableDir,
        format: { provider: 'parquet', options: {} },
        schemaString:
          '{"type":"struct","fields":[{"name":"n","type":"integer","nullable":true,"metadata":{}}]}',
        partitionColumns: [],
        configuration: {},
      },
    },
    {
      add: {
        path: file,
        partitionValues: {},
        size: 0,
        modificationTime: Date.now(),
        dataChange: true,
        stats: JSON.stringify({ numRecords: Number(result.rowsChanged) }),
      },
    },
  ]
  const tmp = path.join(log, '.00000000000000000000.json.tmp')
  const fd = openSync(tmp, 'wx')
  try {
    writeSync(fd, `${commit.map((action) => JSON.stringify(action)).join('\n')}\n`)
    await fsyncAsync(fd)
  } finally {
    closeSync(fd)
  }
  linkSync(tmp, path.join(log, '00000000000000000000.json'))
  unlinkSync(tmp)
}

const started = performance.now()
for (let i = 0; i < input.assets; i++) {
  const tableDir = path.join(input.dir, `t${i}`)
  if (input.mode === 'bare') await bareWrite(tableDir)
  else await new DeltaTable(tableDir).overwrite(connection, sql`select 1 as n`)
}
reportResult(performance.now() - started)
connection.closeSync()
db.closeSync()

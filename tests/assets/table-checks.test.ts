import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nullCounts } from '../../assets/checks/table-checks.js'
import { sql, type TableRef } from '../../framework/index.js'
import { DeltaTable } from '../../framework/storage/delta/delta-table.js'
import { relationSql } from '../../framework/storage/delta/relation-sql.js'
import { makeTempDir } from '../helpers/temp-dir.js'

describe('required_columns_not_null counts', () => {
  const temp = makeTempDir('plg-null-counts-')
  let instance: DuckDBInstance
  let table: TableRef

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const delta = new DeltaTable(`${temp.dir}/t`)
    // Partitioned (NULL partition values too) and over two commits, so files and row groups differ.
    await delta.append(
      connection,
      sql`SELECT CASE WHEN i % 7000 = 0 THEN NULL ELSE i END AS a,
                 CASE WHEN i = 299999 THEN NULL ELSE 'x' || i END AS b, 'y' AS c, (i % 3)::INTEGER AS p
          FROM range(300000) t(i)`,
      { partitionBy: ['p'] },
    )
    await delta.append(
      connection,
      sql`SELECT 1 AS a, 'z' AS b, NULL::VARCHAR AS c, NULL::INTEGER AS p`,
    )
    table = { kind: 'table', key: 'bronze/t', from: relationSql(await delta.snapshot()) }
    connection.closeSync()
  })
  afterAll(() => {
    instance?.closeSync()
    temp.remove()
  })

  it.each(['one-scan', 'per-column'] as const)(
    'counts the NULLs of each column (%s)',
    async (how) => {
      const connection = await instance.connect()
      const columns = ['a', 'b', 'c', 'p'].map((name) => ({ name }))
      const reader = await connection.runAndReadAll(nullCounts(table, columns, how).text)
      connection.closeSync()
      expect(reader.getRowObjectsJson()).toEqual([{ a: 43, b: 1, c: 1, p: 1 }])
    },
  )
})

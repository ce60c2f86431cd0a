import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  encodedRowToJson,
  encodeRow,
  readSnapshotRows,
} from '../../../framework/storage/delta/inspect.js'
import { type PruningFilter, pruneFiles } from '../../../framework/storage/delta/pruning.js'
import { relationSql } from '../../../framework/storage/delta/relation-sql.js'
import { loadSnapshot } from '../../../framework/storage/delta/snapshot.js'
import type { Snapshot } from '../../../framework/storage/delta/snapshot-types.js'
import { KIT } from './reader-helpers.js'

let instance: DuckDBInstance
let connection: DuckDBConnection
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:')
  connection = await instance.connect()
  await connection.run(`SET TimeZone = 'UTC'`)
})
afterAll(() => {
  connection.closeSync()
  instance.closeSync()
})

async function rowsWith(snapshot: Snapshot, filter: PruningFilter): Promise<string[]> {
  const { rows } = await readSnapshotRows(connection, snapshot, { filter })
  return rows.map(encodedRowToJson).sort()
}

/** The same filter applied by SQL over the unpruned relation: the reference answer. */
async function referenceRows(snapshot: Snapshot, where: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `select * from ${relationSql(snapshot)} where ${where}`,
  )
  return reader
    .getRowObjects()
    .map((r) => encodedRowToJson(encodeRow(r, snapshot.schema)))
    .sort()
}

describe('file pruning', () => {
  it('prunes by typed partition values and never changes results', async () => {
    const snapshot = await loadSnapshot(`${KIT}/data-reader-partition-values`)
    const cases: [PruningFilter, string, number][] = [
      [[{ column: 'as_int', op: '=', value: 0 }], 'as_int = 0', 1],
      [[{ column: 'as_int', op: '>=', value: 0 }], 'as_int >= 0', 2],
      [
        [{ column: 'as_string_lit_null', op: '=', value: 'null' }],
        "as_string_lit_null = 'null'",
        2,
      ],
      [[{ column: 'as_boolean', op: '=', value: false }], 'as_boolean = false', 1],
      [[{ column: 'as_date', op: '<', value: '2021-09-08' }], "as_date < DATE '2021-09-08'", 0],
      [
        [{ column: 'as_timestamp', op: '=', value: new Date('2021-09-08T11:11:11Z') }],
        "as_timestamp = TIMESTAMPTZ '2021-09-08 11:11:11+00'",
        2,
      ],
      [[{ column: 'as_big_decimal', op: 'in', value: ['1', 5] }], 'as_big_decimal in (1, 5)', 1],
      [
        [
          { column: 'as_int', op: '>=', value: 0 },
          { column: 'value', op: '=', value: '1' },
        ],
        "as_int >= 0 and value = '1'",
        2,
      ],
    ]
    for (const [filter, where, files] of cases) {
      expect(pruneFiles(snapshot, filter), where).toHaveLength(files)
      const expected = await referenceRows(snapshot, where)
      expect(await rowsWith(snapshot, filter), where).toEqual(expected)
    }
  })

  it('prunes by min/max stats and never changes results', async () => {
    const snapshot = await loadSnapshot(`${KIT}/basic-with-inserts-deletes-checkpoint`)
    expect(snapshot.files).toHaveLength(7)
    for (const [value, op] of [
      [0, '='],
      [45, '>='],
      [12, '<'],
      [30, '<='],
      [99, '>'],
      [1000, '='],
    ] as const) {
      const filter: PruningFilter = [{ column: 'id', op, value }]
      const kept = pruneFiles(snapshot, filter)
      const where = `id ${op} ${value}`
      expect(await rowsWith(snapshot, filter), where).toEqual(await referenceRows(snapshot, where))
      // A point lookup on a table of ranges must skip most files.
      if (op === '=') expect(kept.length, where).toBeLessThanOrEqual(1)
    }
    const sql = relationSql(snapshot, { filter: [{ column: 'id', op: '=', value: 0 }] })
    expect(sql.match(/\.parquet'/g)?.length ?? 0).toBeLessThanOrEqual(1)
  })

  it('yields a typed empty relation when every file is pruned', async () => {
    const snapshot = await loadSnapshot(`${KIT}/data-reader-partition-values`)
    const relation = relationSql(snapshot, { filter: [{ column: 'as_int', op: '=', value: 42 }] })
    const reader = await connection.runAndReadAll(`describe select * from ${relation}`)
    const types = Object.fromEntries(
      reader.getRowObjectsJson().map((r) => [String(r.column_name), String(r.column_type)]),
    )
    expect(types.as_timestamp).toBe('TIMESTAMP WITH TIME ZONE')
    expect(types.as_big_decimal).toBe('DECIMAL(1,0)')
    expect(await rowsWith(snapshot, [{ column: 'as_int', op: '=', value: 42 }])).toEqual([])
  })

  it('projects the requested columns, partition columns included', async () => {
    const snapshot = await loadSnapshot(`${KIT}/delta-0.8.0-special-partition`)
    const { rows } = await readSnapshotRows(connection, snapshot, { columns: ['x'] })
    expect(rows.map((r) => r.x).sort()).toEqual(['A/A', 'B B'])
  })
})

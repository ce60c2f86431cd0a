import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import { addsOf, removesOf, type WriterHarness, writerHarness } from './writer-helpers.js'

describe('DeltaTable partitions, stats and schema', () => {
  let h: WriterHarness
  beforeEach(async () => {
    h = await writerHarness()
  })
  afterEach(() => h.close())

  it('writes hive folders, URI-encoded paths, string partition values and no partition columns in files', async () => {
    await h.table.append(
      h.connection,
      sql`SELECT * FROM (VALUES (1, 'A/A'), (2, 'B B'), (3, NULL), (4, 'B B')) t(id, part)`,
      { partitionBy: ['part'] },
    )
    const order = ['A/A', 'B B', null]
    const adds = addsOf(h.log(0)).sort(
      (a, b) =>
        order.indexOf(a.partitionValues.part ?? null) -
        order.indexOf(b.partitionValues.part ?? null),
    )
    expect(adds.map((a) => a.partitionValues)).toEqual([
      { part: 'A/A' },
      { part: 'B B' },
      { part: null },
    ])
    expect(adds[0]?.path).toMatch(/^part=A%252FA\/part-.*\.parquet$/)
    expect(adds[1]?.path).toMatch(/^part=B%2520B\//)
    expect(adds[2]?.path).toMatch(/^part=__HIVE_DEFAULT_PARTITION__\//)
    for (const add of adds) {
      const file = path.join(h.table.tableDir, decodeURIComponent(add.path))
      expect(fs.existsSync(file)).toBe(true)
      const reader = await h.connection.runAndReadAll(
        `DESCRIBE SELECT * FROM read_parquet('${file}', hive_partitioning = false)`,
      )
      expect(reader.getRowObjects().map((r) => r.column_name)).toEqual(['id'])
    }
    expect(await h.rows('id')).toEqual([
      { id: 1, part: 'A/A' },
      { id: 2, part: 'B B' },
      { id: 3, part: null },
      { id: 4, part: 'B B' },
    ])
  })

  it('reads each file with its own partition values, also beside a data column named file_index', async () => {
    // Twelve files over three commits, one per (p, d) partition: each row takes its own file's values.
    for (const batch of [0, 1, 2]) {
      await h.table.append(
        h.connection,
        sql`SELECT (100 + i)::INTEGER AS file_index, (i % 3)::INTEGER AS p, DATE '2024-01-01' + i::INTEGER AS d
            FROM range(${batch * 4}, ${batch * 4 + 4}) t(i)`,
        { partitionBy: ['p', 'd'] },
      )
    }
    const rows = await h.rows('file_index')
    expect(rows).toHaveLength(12)
    for (const row of rows) {
      const i = Number(row.file_index) - 100
      expect(row).toEqual({
        file_index: 100 + i,
        p: i % 3,
        d: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10),
      })
    }
  })

  it('replaceWhere on partition columns drops whole partitions without reading data', async () => {
    await h.table.append(h.connection, sql`SELECT i AS id, i % 3 AS p FROM range(9) t(i)`, {
      partitionBy: ['p'],
    })
    await h.table.replaceWhere(h.connection, sql`SELECT 100 AS id, 1 AS p`, sql`p = 1`)
    const commit = h.log(1)
    expect(removesOf(commit).map((r) => r.partitionValues)).toEqual([{ p: '1' }])
    expect(addsOf(commit).map((a) => a.partitionValues)).toEqual([{ p: '1' }])
    expect((await h.rows('id')).map((r) => Number(r.id))).toEqual([0, 2, 3, 5, 6, 8, 100])
  })

  it('writes stats: numRecords, min/max, null counts, ms timestamps with offset, 32-char string prefixes', async () => {
    await h.table.append(
      h.connection,
      sql`SELECT * FROM (VALUES
        (1::BIGINT, 'short', TIMESTAMPTZ '2024-01-02 03:04:05.678912+00', 1.5::DECIMAL(10,2), true),
        (NULL, repeat('z', 40), TIMESTAMPTZ '2024-01-03 00:00:00+00', 2.25::DECIMAL(10,2), false)) t(id, s, ts, d, b)`,
    )
    const stats = JSON.parse(addsOf(h.log(0))[0]?.stats ?? '{}')
    expect(stats).toEqual({
      numRecords: 2,
      minValues: { id: 1, s: 'short', ts: '2024-01-02T03:04:05.678+00:00', d: 1.5 },
      maxValues: {
        id: 1,
        s: `${'z'.repeat(32)}\uffff`,
        ts: '2024-01-03T00:00:00.000+00:00',
        d: 2.25,
      },
      nullCount: { id: 1, s: 0, ts: 0, d: 0, b: 0 },
    })
  })

  it('stores a naive TIMESTAMP as a UTC instant (`timestamp`), never as naive values', async () => {
    await h.connection.run("SET TimeZone = 'America/New_York'")
    await h.table.append(h.connection, sql`SELECT TIMESTAMP '2024-06-01 12:00:00' AS ts`)
    const meta = h.log(0).find((a) => 'metaData' in a)
    expect(
      meta && 'metaData' in meta && JSON.parse(meta.metaData.schemaString).fields[0].type,
    ).toBe('timestamp')
    await h.connection.run("SET TimeZone = 'UTC'")
    expect(await h.rows()).toEqual([{ ts: '2024-06-01 12:00:00+00' }])
  })

  it('fails with SCHEMA_MISMATCH naming the columns, and adds nullable columns with mergeSchema', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id, 'a' AS name`)
    const error = await h.table
      .append(h.connection, sql`SELECT 2 AS id, 'b' AS name, 3 AS extra, 'x' AS more`)
      .catch((e) => e)
    expect(error).toMatchObject({ code: 'SCHEMA_MISMATCH' })
    expect(error.message).toContain('extra')
    expect(error.message).toContain('more')
    await expect(
      h.table.append(h.connection, sql`SELECT 'not a number' AS id`),
    ).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' })
    await h.table.append(h.connection, sql`SELECT 2 AS id, 'b' AS name, 3 AS extra`, {
      mergeSchema: true,
    })
    const meta = h.log(1).find((a) => 'metaData' in a)
    const original = h.log(0).find((a) => 'metaData' in a)
    expect(meta && 'metaData' in meta && meta.metaData.id).toBe(
      original && 'metaData' in original && original.metaData.id,
    )
    expect(await h.rows('id')).toEqual([
      { id: 1, name: 'a', extra: null },
      { id: 2, name: 'b', extra: 3 },
    ])
  })

  it('widens narrower input types and fills missing nullable columns with NULL', async () => {
    await h.table.append(h.connection, sql`SELECT 1::BIGINT AS id, 'a' AS name`)
    await h.table.append(h.connection, sql`SELECT 2::TINYINT AS id`)
    expect(await h.rows('id')).toEqual([
      { id: '1', name: 'a' },
      { id: '2', name: null },
    ])
  })

  it('overwriteSchema replaces the columns and partitioning', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id, 'a' AS name`)
    await h.table.overwrite(h.connection, sql`SELECT 'x' AS k, 2.5 AS v`, {
      overwriteSchema: true,
      partitionBy: ['k'],
    })
    const snapshot = await h.table.snapshot()
    expect(snapshot.partitionColumns).toEqual(['k'])
    expect(await h.rows()).toEqual([{ k: 'x', v: '2.5' }])
  })
})

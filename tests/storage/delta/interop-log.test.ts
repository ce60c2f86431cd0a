import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import type { Action } from '../../../framework/storage/delta/actions.js'
import { type WriterHarness, writerHarness } from './writer-helpers.js'

const PRIMITIVES =
  /^(string|long|integer|short|byte|float|double|boolean|binary|date|timestamp|decimal\(\d+,\d+\))$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ACTIONS = new Set(['commitInfo', 'protocol', 'metaData', 'add', 'remove', 'txn'])

// Every rule here is from PROTOCOL-NOTES §1, §2, §4 and §7: what Spark, delta-rs and Kernel expect of our logs.
describe('interop: the logs we write follow the Delta protocol', () => {
  let h: WriterHarness
  let commits: Action[][]
  let logFiles: string[]

  beforeAll(async () => {
    h = await writerHarness()
    const c = h.connection
    await h.table.append(
      c,
      sql`SELECT i::BIGINT AS id, ['A/A', 'B B', 'c%d', NULL][i % 4 + 1] AS part, 'v' || i AS s, DATE '2024-01-01' + i::INT AS d,
            TIMESTAMP '2024-01-01 00:00:00' + to_minutes(i) AS ts, (i / 3)::DECIMAL(9,2) AS amount, {'a': i, 'b': 's'} AS nested
          FROM range(20) t(i)`,
      {
        partitionBy: ['part'],
        configuration: { 'delta.checkpointInterval': '3' },
        txns: [{ appId: 'loader', version: 1 }],
      },
    )
    await h.table.append(c, sql`SELECT 100 AS id, 'B B' AS part`)
    await h.table.delete(c, sql`id % 5 = 0`)
    await h.table.merge(c, {
      source: sql`SELECT 1 AS id, 'updated' AS s`,
      on: sql`target.id = source.id`,
      whenMatched: [{ action: 'update', set: { s: sql`source.s` } }],
    })
    await h.table.optimize(c)
    const version = (await h.table.version()) ?? -1
    commits = Array.from({ length: version + 1 }, (_, v) => h.log(v))
    logFiles = fs.readdirSync(path.join(h.table.tableDir, '_delta_log'))
  })
  afterAll(() => h.close())

  it('names commits with 20 digits, contiguous from 0, and leaves no temp files visible', () => {
    const jsons = logFiles.filter((f) => f.endsWith('.json')).sort()
    expect(jsons).toEqual(commits.map((_, v) => `${String(v).padStart(20, '0')}.json`))
    for (const f of logFiles)
      expect(f).toMatch(/^(\d{20}\.json|\d{20}\.checkpoint\.parquet|_last_checkpoint|\.tmp)$/)
    expect(fs.readdirSync(path.join(h.table.tableDir, '_delta_log', '.tmp'))).toEqual([])
  })

  it('writes one single-key known action a line, commitInfo first with Spark-style fields', () => {
    commits.forEach((actions, v) => {
      for (const action of actions) {
        expect(Object.keys(action)).toHaveLength(1)
        expect(ACTIONS.has(Object.keys(action)[0] ?? '')).toBe(true)
      }
      const info = (actions[0] as { commitInfo: Record<string, unknown> }).commitInfo
      expect(info).toMatchObject({ engineInfo: 'medallion', isolationLevel: 'Serializable' })
      expect(typeof info.timestamp).toBe('number')
      expect(typeof info.operation).toBe('string')
      expect(typeof info.isBlindAppend).toBe('boolean')
      for (const value of Object.values(info.operationParameters as object))
        expect(typeof value).toBe('string')
      for (const value of Object.values(info.operationMetrics as object))
        expect(typeof value).toBe('string')
      if (v > 0) expect(info.readVersion).toBe(v - 1)
      const paths = actions.flatMap((a) =>
        'add' in a ? [a.add.path] : 'remove' in a ? [a.remove.path] : [],
      )
      expect(new Set(paths).size).toBe(paths.length)
    })
  })

  it('creates the table with protocol 1/2, a metaData with a Spark schemaString, and partition columns in the schema', () => {
    const v0 = commits[0] ?? []
    expect(v0.filter((a) => 'protocol' in a)).toEqual([
      { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
    ])
    const meta = v0.flatMap((a) => ('metaData' in a ? [a.metaData] : []))[0]
    expect(meta?.id).toMatch(UUID)
    expect(meta?.format).toEqual({ provider: 'parquet', options: {} })
    expect(meta?.partitionColumns).toEqual(['part'])
    const schema = JSON.parse(meta?.schemaString ?? '{}')
    expect(schema.type).toBe('struct')
    const types = Object.fromEntries(
      schema.fields.map((f: { name: string; type: unknown }) => [f.name, f.type]),
    )
    expect(types).toMatchObject({
      id: 'long',
      part: 'string',
      s: 'string',
      d: 'date',
      ts: 'timestamp',
      amount: 'decimal(9,2)',
    })
    expect(types.nested).toEqual({
      type: 'struct',
      fields: [
        { name: 'a', type: 'long', nullable: true, metadata: {} },
        { name: 'b', type: 'string', nullable: true, metadata: {} },
      ],
    })
    for (const f of schema.fields) {
      expect(Object.keys(f).sort()).toEqual(['metadata', 'name', 'nullable', 'type'])
      if (typeof f.type === 'string') expect(f.type).toMatch(PRIMITIVES)
    }
  })

  it('writes adds whose URI paths resolve to files of the recorded size, with partition values and stats JSON', () => {
    for (const add of commits.flat().flatMap((a) => ('add' in a ? [a.add] : []))) {
      const file = path.join(h.table.tableDir, decodeURIComponent(add.path))
      expect(fs.statSync(file).size).toBe(add.size)
      expect(add.path).not.toMatch(/[ #?]/)
      expect(Object.keys(add.partitionValues)).toEqual(['part'])
      expect(typeof add.modificationTime).toBe('number')
      const stats = JSON.parse(add.stats ?? 'null')
      expect(Number.isInteger(stats.numRecords)).toBe(true)
      expect(Object.keys(stats).sort()).toEqual([
        'maxValues',
        'minValues',
        'nullCount',
        'numRecords',
      ])
      expect(stats.minValues.part).toBeUndefined()
      if (stats.minValues.ts !== undefined)
        expect(stats.minValues.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/)
    }
  })

  it('writes removes as tombstones with deletionTimestamp, extendedFileMetadata, partitionValues and size', () => {
    const removes = commits.flat().flatMap((a) => ('remove' in a ? [a.remove] : []))
    expect(removes.length).toBeGreaterThan(0)
    for (const r of removes) {
      expect(typeof r.deletionTimestamp).toBe('number')
      expect(r.extendedFileMetadata).toBe(true)
      expect(typeof r.size).toBe('number')
      expect(r.partitionValues).toBeDefined()
    }
  })

  it('writes the classic checkpoint with the struct columns of the Checkpoint Schema and a matching _last_checkpoint', async () => {
    const last = JSON.parse(
      fs.readFileSync(path.join(h.table.tableDir, '_delta_log', '_last_checkpoint'), 'utf8'),
    )
    const file = path.join(
      h.table.tableDir,
      '_delta_log',
      `${String(last.version).padStart(20, '0')}.checkpoint.parquet`,
    )
    const reader = await h.connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet('${file}')`,
    )
    const columns = Object.fromEntries(
      reader.getRowObjects().map((r) => [r.column_name, String(r.column_type)]),
    )
    expect(Object.keys(columns).sort()).toEqual([
      'add',
      'domainMetadata',
      'metaData',
      'protocol',
      'remove',
      'txn',
    ])
    expect(columns.add).toContain('partitionValues MAP(VARCHAR, VARCHAR)')
    expect(columns.metaData).toContain('partitionColumns VARCHAR[]')
    const rows = await h.connection.runAndReadAll(
      `SELECT count(*)::INT AS n, count(txn)::INT AS txns FROM read_parquet('${file}')`,
    )
    expect(rows.getRowObjects()).toEqual([{ n: last.size, txns: 1 }])
  })
})

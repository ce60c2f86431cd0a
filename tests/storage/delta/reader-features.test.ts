import fs from 'node:fs'
import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readSnapshotRows } from '../../../framework/storage/delta/inspect.js'
import { DV_MAGIC, decodeDeletionBitmap } from '../../../framework/storage/delta/roaring.js'
import { checkpointUsed, loadSnapshot } from '../../../framework/storage/delta/snapshot.js'
import { clearSnapshotCache } from '../../../framework/storage/delta/snapshot-cache.js'
import {
  add,
  copyKitTable,
  duckdbExec,
  field,
  metaData,
  tempDir,
  writeCommit,
} from './reader-helpers.js'

let cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups) c()
  cleanups = []
})
function temp(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

let instance: DuckDBInstance
let connection: DuckDBConnection
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:')
  connection = await instance.connect()
})
afterAll(() => {
  connection.closeSync()
  instance.closeSync()
})

async function ids(table: string, version?: number): Promise<number[]> {
  const snapshot = await loadSnapshot(table, version === undefined ? {} : { version })
  const { rows } = await readSnapshotRows(connection, snapshot)
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b)
}

const Z85 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'
function z85Encode(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 4) {
    let v =
      (((bytes[i] ?? 0) << 24) |
        ((bytes[i + 1] ?? 0) << 16) |
        ((bytes[i + 2] ?? 0) << 8) |
        (bytes[i + 3] ?? 0)) >>>
      0
    const chunk: string[] = []
    for (let j = 0; j < 5; j++) {
      chunk.unshift(Z85[v % 85] as string)
      v = Math.floor(v / 85)
    }
    out += chunk.join('')
  }
  return out
}

/** Little-endian byte builder for hand-made RoaringBitmap serializations. */
class Bytes {
  private readonly parts: Buffer[] = []
  private put(size: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(size)
    write(b)
    this.parts.push(b)
    return this
  }
  u8(v: number): this {
    return this.put(1, (b) => b.writeUInt8(v))
  }
  u16(v: number): this {
    return this.put(2, (b) => b.writeUInt16LE(v))
  }
  u32(v: number): this {
    return this.put(4, (b) => b.writeUInt32LE(v))
  }
  u64(v: bigint): this {
    return this.put(8, (b) => b.writeBigUInt64LE(v))
  }
  done(): Uint8Array {
    return Buffer.concat(this.parts)
  }
}

/** A DV bitmap (magic + one bucket + array container, no-run cookie) for small row indexes. */
function dvBitmap(rows: readonly number[]): Uint8Array {
  const b = new Bytes().u32(DV_MAGIC).u64(1n).u32(0) // one bucket, high 32 bits = 0
  b.u32(12346).u32(1) // SERIAL_COOKIE_NO_RUNCONTAINER, one container
  b.u16(0).u16(rows.length - 1) // key, cardinality - 1
  b.u32(0) // offset header (skipped by readers)
  for (const r of rows) b.u16(r)
  return b.done()
}

describe('checkpoints', () => {
  it('reads a multi-part checkpoint, and falls back to JSON replay when a part is missing', async () => {
    const table = copyKitTable('basic-with-inserts-deletes-checkpoint', temp())
    const expected = await ids(table, 13)
    const log = path.join(table, '_delta_log')
    const classic = path.join(log, '00000000000000000010.checkpoint.parquet')
    const part = (i: number) =>
      path.join(log, `00000000000000000010.checkpoint.000000000${i}.0000000002.parquet`)
    await duckdbExec(
      `COPY (select * from read_parquet('${classic}') where add is null) TO '${part(1)}' (FORMAT parquet)`,
      `COPY (select * from read_parquet('${classic}') where add is not null) TO '${part(2)}' (FORMAT parquet)`,
    )
    fs.rmSync(classic)
    clearSnapshotCache()
    const snapshot = await loadSnapshot(table)
    expect(checkpointUsed(snapshot)?.kind).toBe('multi-part')
    expect(await ids(table)).toEqual(expected)

    fs.rmSync(part(2))
    clearSnapshotCache()
    const replayed = await loadSnapshot(table)
    expect(checkpointUsed(replayed)).toBeNull()
    expect(await ids(table)).toEqual(expected)
  })

  it('treats _last_checkpoint as a hint: stale or corrupt, the listing decides', async () => {
    const table = copyKitTable('basic-with-inserts-deletes-checkpoint', temp())
    const hint = path.join(table, '_delta_log', '_last_checkpoint')
    for (const text of ['{"version":3,"size":1}', 'not json at all', '']) {
      fs.writeFileSync(hint, text)
      clearSnapshotCache()
      const snapshot = await loadSnapshot(table)
      expect(snapshot.checkpointVersion).toBe(10)
      expect(snapshot.files).toHaveLength(7)
    }
  })

  it('replays incrementally from a cached snapshot with the same result as a cold load', async () => {
    const table = copyKitTable('snapshot-repartitioned', temp())
    clearSnapshotCache()
    const cold = (await loadSnapshot(table)).files.map((f) => f.path).sort()
    clearSnapshotCache()
    for (let v = 0; v <= 5; v++) await loadSnapshot(table, { version: v })
    expect((await loadSnapshot(table, { version: 5 })).files.map((f) => f.path).sort()).toEqual(
      cold,
    )
  })

  it('does not serve a stale cached snapshot after the table is rewritten', async () => {
    const dir = temp()
    const protocol = { protocol: { minReaderVersion: 1, minWriterVersion: 2 } }
    writeCommit(dir, 0, [protocol, metaData([field('id', 'long')]), add('a.parquet')])
    expect((await loadSnapshot(dir)).files.map((f) => f.path)).toEqual(['a.parquet'])
    fs.rmSync(path.join(dir, '_delta_log'), { recursive: true })
    writeCommit(dir, 0, [
      protocol,
      metaData([field('id', 'long')]),
      add('bb.parquet'),
      add('c.parquet'),
    ])
    expect((await loadSnapshot(dir)).files.map((f) => f.path)).toEqual(['bb.parquet', 'c.parquet'])
  })
})

describe('deletion vectors', () => {
  it('decodes run containers', () => {
    const bytes = new Bytes()
      .u32(DV_MAGIC)
      .u64(1n)
      .u32(1) // high bits: rows start at 2^32
      .u32(12347) // SERIAL_COOKIE with one container
      .u8(1) // container 0 is a run container
      .u16(0)
      .u16(2) // key, cardinality - 1
      .u16(1) // one run
      .u16(5)
      .u16(2) // start 5, length - 1
      .done()
    expect(decodeDeletionBitmap(bytes)).toEqual([2 ** 32 + 5, 2 ** 32 + 6, 2 ** 32 + 7])
  })

  it('applies an inline deletion vector, also when partition values are joined in', async () => {
    const dir = temp()
    await duckdbExec(
      `COPY (select range::BIGINT as id from range(5)) TO '${dir}/f.parquet' (FORMAT parquet)`,
      `COPY (select range::BIGINT as id from range(5)) TO '${dir}/g.parquet' (FORMAT parquet)`,
    )
    const bitmap = dvBitmap([1, 3])
    const padded = new Uint8Array(Math.ceil(bitmap.length / 4) * 4)
    padded.set(bitmap)
    const dv = {
      storageType: 'i',
      pathOrInlineDv: z85Encode(padded),
      sizeInBytes: bitmap.length,
      cardinality: 2,
    }
    writeCommit(dir, 0, [
      {
        protocol: { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'] },
      },
      metaData([field('id', 'long'), field('p', 'string')], ['p']),
      add('f.parquet', { deletionVector: dv, partitionValues: { p: 'a' } }),
      add('g.parquet', { partitionValues: { p: 'b' } }),
    ])
    const { rows } = await readSnapshotRows(connection, await loadSnapshot(dir))
    const byPartition = (p: string) =>
      rows
        .filter((r) => r.p === p)
        .map((r) => Number(r.id))
        .sort()
    expect(byPartition('a')).toEqual([0, 2, 4])
    expect(byPartition('b')).toEqual([0, 1, 2, 3, 4])
  })
})

describe('column mapping', () => {
  it('resolves columns by parquet field id in id mode, and nested fields by physical name', async () => {
    const dir = temp()
    // File column names deliberately differ from the physical names: only the ids can match.
    await duckdbExec(
      `COPY (select 7::BIGINT as whatever, {'p-inner': 'x'} as other) TO '${dir}/f.parquet' (FORMAT parquet, FIELD_IDS {whatever: 1, other: {__duckdb_field_id: 2, 'p-inner': 3}})`,
    )
    const mapped = (name: string, id: number) => ({
      'delta.columnMapping.id': id,
      'delta.columnMapping.physicalName': name,
    })
    const inner = { type: 'struct', fields: [field('inner', 'string', mapped('p-inner', 3))] }
    writeCommit(dir, 0, [
      { protocol: { minReaderVersion: 2, minWriterVersion: 5 } },
      metaData(
        [
          field('id', 'long', mapped('col-1', 1)),
          field('s', inner, mapped('col-2', 2)),
          field('later', 'integer', mapped('col-9', 9)),
        ],
        [],
        {
          'delta.columnMapping.mode': 'id',
        },
      ),
      add('f.parquet'),
    ])
    const { rows } = await readSnapshotRows(connection, await loadSnapshot(dir))
    expect(rows).toEqual([{ id: 7, s: { inner: 'x' }, later: null }])
  })
})

describe('partition values', () => {
  it('reads zone-less timestamp partition values as UTC whatever the session time zone', async () => {
    const dir = temp()
    await duckdbExec(`COPY (select 1::BIGINT as id) TO '${dir}/f.parquet' (FORMAT parquet)`)
    writeCommit(dir, 0, [
      { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
      metaData([field('id', 'long'), field('ts', 'timestamp'), field('s', 'string')], ['ts', 's']),
      add('f.parquet', { partitionValues: { ts: '2021-09-08 11:11:11', s: '' } }),
      add('f.parquet#2', { partitionValues: { ts: '1970-01-01T00:00:00.123456Z', s: 'null' } }),
    ])
    fs.copyFileSync(path.join(dir, 'f.parquet'), path.join(dir, 'f.parquet#2'))
    await connection.run(`SET TimeZone = 'America/Los_Angeles'`)
    try {
      const { rows } = await readSnapshotRows(connection, await loadSnapshot(dir))
      expect(rows).toEqual(
        expect.arrayContaining([
          { id: 1, ts: '2021-09-08T11:11:11.000000Z', s: null },
          { id: 1, ts: '1970-01-01T00:00:00.123456Z', s: 'null' },
        ]),
      )
    } finally {
      await connection.run(`SET TimeZone = 'UTC'`)
    }
  })
})

import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { relationSql } from '../../../framework/storage/delta/relation-sql.js'
import { latestVersion, loadSnapshot } from '../../../framework/storage/delta/snapshot.js'
import { add, copyKitTable, field, metaData, tempDir, writeCommit } from './reader-helpers.js'

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

describe('loadSnapshot errors', () => {
  it('reports a directory without _delta_log as DELTA_TABLE_NOT_FOUND', async () => {
    const dir = temp()
    const error = await loadSnapshot(dir).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'DELTA_TABLE_NOT_FOUND' })
    expect((error as Error).message).toContain(`${dir} is not a Delta table: no _delta_log/`)
    expect(await latestVersion(dir)).toBeUndefined()
    expect(await latestVersion(path.join(dir, 'missing'))).toBeUndefined()
  })

  it('reports an empty _delta_log as DELTA_TABLE_NOT_FOUND', async () => {
    const dir = temp()
    fs.mkdirSync(path.join(dir, '_delta_log'))
    fs.writeFileSync(path.join(dir, '_delta_log', 'junk.txt'), 'x')
    await expect(loadSnapshot(dir)).rejects.toMatchObject({ code: 'DELTA_TABLE_NOT_FOUND' })
    expect(await latestVersion(dir)).toBeUndefined()
  })

  it('reports a gap in commit versions as DELTA_CORRUPT, but reads versions below it', async () => {
    const table = copyKitTable('simple_table', temp())
    fs.rmSync(path.join(table, '_delta_log', '00000000000000000002.json'))
    await expect(loadSnapshot(table)).rejects.toMatchObject({ code: 'DELTA_CORRUPT' })
    await expect(loadSnapshot(table, { version: 3 })).rejects.toThrow(/commit 2 is missing/)
    expect((await loadSnapshot(table, { version: 1 })).files).toHaveLength(22)
  })

  it('names the latest version when asked for a later one', async () => {
    const table = copyKitTable('simple_table', temp())
    const error = await loadSnapshot(table, { version: 9 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'USAGE' })
    expect((error as Error).message).toContain('the latest version is 4')
    await expect(loadSnapshot(table, { version: -1 })).rejects.toMatchObject({ code: 'USAGE' })
  })

  it('refuses unknown reader features before reading any data, naming them', async () => {
    const dir = temp()
    writeCommit(dir, 0, [
      {
        protocol: {
          minReaderVersion: 3,
          minWriterVersion: 7,
          readerFeatures: ['deletionVectors', 'fancyFeature'],
        },
      },
      metaData([field('id', 'long')]),
      add('does-not-exist.parquet'),
    ])
    const error = await loadSnapshot(dir).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'DELTA_UNSUPPORTED_FEATURE' })
    expect((error as Error).message).toContain('fancyFeature')
    expect((error as Error).message).not.toContain('deletionVectors,')
  })

  it('refuses reader versions above 3 and unknown column mapping modes', async () => {
    const dir = temp()
    writeCommit(dir, 0, [
      { protocol: { minReaderVersion: 4, minWriterVersion: 7 } },
      metaData([field('id', 'long')]),
    ])
    await expect(loadSnapshot(dir)).rejects.toMatchObject({ code: 'DELTA_UNSUPPORTED_FEATURE' })
    writeCommit(dir, 0, [
      { protocol: { minReaderVersion: 2, minWriterVersion: 5 } },
      metaData([field('id', 'long')], [], { 'delta.columnMapping.mode': 'magic' }),
    ])
    await expect(loadSnapshot(dir)).rejects.toThrow(/magic/)
  })

  it('checks reader support at the time-travel version', async () => {
    const dir = temp()
    writeCommit(dir, 0, [
      { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
      metaData([field('id', 'long')]),
    ])
    writeCommit(dir, 1, [
      {
        protocol: { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['catalogManaged'] },
      },
    ])
    expect((await loadSnapshot(dir, { version: 0 })).version).toBe(0)
    await expect(loadSnapshot(dir)).rejects.toThrow(/catalogManaged/)
  })

  it('reports a log without protocol or metaData as DELTA_CORRUPT', async () => {
    const dir = temp()
    writeCommit(dir, 0, [metaData([field('id', 'long')])])
    await expect(loadSnapshot(dir)).rejects.toMatchObject({ code: 'DELTA_CORRUPT' })
  })

  it('reports a malformed commit line as DELTA_CORRUPT', async () => {
    const dir = temp()
    fs.mkdirSync(path.join(dir, '_delta_log'))
    fs.writeFileSync(path.join(dir, '_delta_log', '00000000000000000000.json'), '{"protocol":\n')
    await expect(loadSnapshot(dir)).rejects.toMatchObject({ code: 'DELTA_CORRUPT' })
  })

  it('rejects unknown columns in relationSql options', async () => {
    const snapshot = await loadSnapshot(copyKitTable('simple_table', temp()))
    expect(() => relationSql(snapshot, { columns: ['nope'] })).toThrow(/"nope" is not in the table/)
    expect(() =>
      relationSql(snapshot, { filter: [{ column: 'nope', op: '=', value: 1 }] }),
    ).toThrow(/filter column "nope"/)
  })
})

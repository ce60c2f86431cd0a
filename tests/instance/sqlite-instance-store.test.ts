import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { InstanceStore } from '../../framework/instance/instance-store.js'
import {
  openSqliteInstanceStore,
  sqliteInstanceStorePath,
} from '../../framework/instance/sqlite-instance-store.js'
import { SQLITE_SCHEMA_VERSION } from '../../framework/instance/sqlite-schema.js'
import { materialized, runRecord } from './event-fixtures.js'
import {
  describeInstanceStoreContract,
  type InstanceStoreHarness,
} from './instance-store.contract.js'

async function makeSqliteHarness(): Promise<InstanceStoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'medallion-instance-'))
  const path = sqliteInstanceStorePath(dir)
  const opened: InstanceStore[] = []
  return {
    async open(options) {
      const store = openSqliteInstanceStore(path, options)
      opened.push(store)
      return store
    },
    async dispose() {
      for (const store of opened) await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

describeInstanceStoreContract('sqlite', makeSqliteHarness)

describe('openSqliteInstanceStore', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'medallion-instance-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('creates missing folders and a WAL database at the current schema version', async () => {
    const path = sqliteInstanceStorePath(join(tempDir(), 'nested', 'data'))
    const store = openSqliteInstanceStore(path)
    await store.close()
    expect(existsSync(path)).toBe(true)
    const db = new Database(path, { readonly: true })
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    } finally {
      db.close()
    }
  })

  it('keeps runs and events when the file is opened again', async () => {
    const path = sqliteInstanceStorePath(tempDir())
    const first = openSqliteInstanceStore(path)
    await first.createRun(runRecord('r1'))
    await first.appendEvents([materialized('r1', 'silver/a', 'a1')])
    await first.close()
    const second = openSqliteInstanceStore(path)
    try {
      expect(await second.getRun('r1')).toMatchObject({ runId: 'r1' })
      expect((await second.latestMaterializations()).get('silver/a')?.dataVersion).toBe('a1')
    } finally {
      await second.close()
    }
  })

  it('refuses a file written by a newer schema version with INSTANCE_STORE_INVALID', () => {
    const path = sqliteInstanceStorePath(tempDir())
    const db = new Database(path)
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => openSqliteInstanceStore(path)).toThrow(
      expect.objectContaining({ code: 'INSTANCE_STORE_INVALID' }),
    )
  })

  it('close() can be called twice', async () => {
    const store = openSqliteInstanceStore(sqliteInstanceStorePath(tempDir()))
    await store.close()
    await expect(store.close()).resolves.toBeUndefined()
  })
})

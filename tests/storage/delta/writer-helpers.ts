import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import type { Action, AddAction, RemoveAction } from '../../../framework/storage/delta/actions.js'
import { DeltaTable } from '../../../framework/storage/delta/delta-table.js'
import { relationSql } from '../../../framework/storage/delta/relation-sql.js'

/** A temp dir, a DuckDB connection and a table at `<dir>/table`; `close()` releases all of it. */
export interface WriterHarness {
  readonly dir: string
  readonly table: DeltaTable
  readonly connection: DuckDBConnection
  /** Rows of the latest snapshot (or `version`), read through the reader, as JSON-safe objects sorted by `orderBy`. */
  rows(orderBy?: string, version?: number): Promise<Record<string, unknown>[]>
  /** Actions of commit `version`. */
  log(version: number): Action[]
  close(): void
}

export async function writerHarness(): Promise<WriterHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delta-writer-'))
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const table = new DeltaTable(path.join(dir, 'table'))
  return {
    dir,
    table,
    connection,
    async rows(orderBy = 'all', version) {
      const snapshot = await table.snapshot(version === undefined ? {} : { version })
      const reader = await connection.runAndReadAll(
        `SELECT * FROM ${relationSql(snapshot)} ORDER BY ${orderBy}`,
      )
      return reader.getRowObjectsJson() as Record<string, unknown>[]
    },
    log(version) {
      const file = path.join(
        table.tableDir,
        '_delta_log',
        `${String(version).padStart(20, '0')}.json`,
      )
      return fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Action)
    },
    close() {
      connection.closeSync()
      instance.closeSync()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The add actions of a commit. */
export function addsOf(actions: readonly Action[]): AddAction[] {
  return actions.flatMap((a) => ('add' in a ? [a.add] : []))
}

/** The remove actions of a commit. */
export function removesOf(actions: readonly Action[]): RemoveAction[] {
  return actions.flatMap((a) => ('remove' in a ? [a.remove] : []))
}

/** The commitInfo of a commit. */
export function commitInfoOf(actions: readonly Action[]): Record<string, unknown> {
  const found = actions.find((a) => 'commitInfo' in a)
  if (found === undefined || !('commitInfo' in found)) throw new Error('commit has no commitInfo')
  return found.commitInfo
}

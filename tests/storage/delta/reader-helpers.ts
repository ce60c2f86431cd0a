import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { commitFileName } from '../../../framework/storage/delta/log-listing.js'

export const KIT = '/work/shared/delta-conformance/tables'

/** A fresh temp dir; `cleanup()` removes it. */
export function tempDir(prefix = 'delta-reader-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Copies a kit table into `dir` and returns the copy's path. */
export function copyKitTable(name: string, dir: string): string {
  const target = path.join(dir, name)
  fs.cpSync(path.join(KIT, name), target, { recursive: true })
  return target
}

/** Writes commit `version` of a hand-made table: one JSON action per line. */
export function writeCommit(tableDir: string, version: number, actions: readonly object[]): void {
  fs.mkdirSync(path.join(tableDir, '_delta_log'), { recursive: true })
  const text = actions.map((a) => JSON.stringify(a)).join('\n')
  fs.writeFileSync(path.join(tableDir, '_delta_log', commitFileName(version)), `${text}\n`)
}

/** Runs statements on a throwaway DuckDB (used to write parquet fixtures). */
export async function duckdbExec(...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    for (const s of statements) await connection.run(s)
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** A `metaData` action for a hand-made table. */
export function metaData(
  fields: readonly object[],
  partitionColumns: readonly string[] = [],
  configuration: Record<string, string> = {},
): object {
  return {
    metaData: {
      id: 'test-table',
      format: { provider: 'parquet', options: {} },
      schemaString: JSON.stringify({ type: 'struct', fields }),
      partitionColumns,
      configuration,
      createdTime: 0,
    },
  }
}

/** A nullable top-level field. */
export function field(name: string, type: unknown, metadata: object = {}): object {
  return { name, type, nullable: true, metadata }
}

/** An `add` action for a file of `size` bytes. */
export function add(filePath: string, extra: object = {}): object {
  return {
    add: {
      path: filePath,
      partitionValues: {},
      size: 1,
      modificationTime: 0,
      dataChange: true,
      ...extra,
    },
  }
}

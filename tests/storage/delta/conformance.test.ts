import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { columnMappingMode, physicalName } from '../../../framework/storage/delta/column-mapping.js'
import {
  deletedRowIndexes,
  deletionVectorFile,
} from '../../../framework/storage/delta/deletion-vector.js'
import { type EncodedRow, readSnapshotRows } from '../../../framework/storage/delta/inspect.js'
import { commitFileName } from '../../../framework/storage/delta/log-listing.js'
import { SUPPORTED_READER_FEATURES } from '../../../framework/storage/delta/protocol-support.js'
import { fileMayMatch } from '../../../framework/storage/delta/pruning.js'
import {
  checkpointUsed,
  latestVersion,
  loadSnapshot,
} from '../../../framework/storage/delta/snapshot.js'
import { clearSnapshotCache } from '../../../framework/storage/delta/snapshot-cache.js'
import { encodedRowToJson } from '../../../framework/storage/delta/value-encoding.js'

// The kit is read-only; timestamp cases copy a table to a temp dir first (README "How to use it").
const KIT = '/work/shared/delta-conformance'
const manifest = JSON.parse(fs.readFileSync(path.join(KIT, 'expected.json'), 'utf8')) as Manifest

interface Manifest {
  tables: TableCase[]
}
interface TableCase {
  name: string
  dir: string
  latestVersion: number
  protocol: Record<string, unknown>
  requiresReaderSupport: string[]
  partitionColumns: string[]
  schema: unknown[]
  snapshots: SnapshotCase[]
  timeTravelByTimestamp?: {
    commitFileMtimesMs: Record<string, number>
    cases: { timestamp: string; expectedVersion: number | null }[]
  }
  skipping?: { cases: { column: string; op: '='; value: string | number; fileMayMatch: boolean }[] }
  deletionVector?: { file: string; dvFile: string; deletedRowIndexes: number[] }
  physicalNames?: Record<string, string>
  rawPartitionValues?: Record<string, string | null>[]
  skip?: unknown
}
interface SnapshotCase {
  version: number
  numFiles: number
  numRows: number
  files: string[]
  checkpointUsed: { version: number; kind: string; files: string[] } | null
  rows?: unknown[]
  rowIds?: number[]
  schema?: unknown[]
  partitionColumns?: string[]
}

/** JSON text with keys sorted at every level, so rows compare as values, not as key orders. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )
}

function multiset(rows: readonly EncodedRow[]): string[] {
  return rows.map((r) => canonical(JSON.parse(encodedRowToJson(r)))).sort()
}

let instance: DuckDBInstance
let connection: DuckDBConnection
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:')
  connection = await instance.connect()
  // INT96 timestamps (Spark's default) are naive in DuckDB; UTC makes them the right instants.
  await connection.run(`SET TimeZone = 'UTC'`)
})
afterAll(() => {
  connection.closeSync()
  instance.closeSync()
})

describe('Delta reader conformance kit', () => {
  it('has tables to check', () => {
    expect(manifest.tables.length).toBeGreaterThanOrEqual(12)
  })

  describe.each(manifest.tables.filter((t) => !t.skip))('$name', (table) => {
    const dir = path.join(KIT, table.dir)

    it('supports every reader feature the table requires', () => {
      for (const feature of table.requiresReaderSupport) {
        expect(SUPPORTED_READER_FEATURES.has(feature)).toBe(true)
      }
    })

    it('finds the latest version by listing _delta_log', async () => {
      expect(await latestVersion(dir)).toBe(table.latestVersion)
      const latest = await loadSnapshot(dir)
      expect(latest.version).toBe(table.latestVersion)
      expect(latest.protocol.minReaderVersion).toBe(table.protocol.minReaderVersion)
      expect(latest.protocol.minWriterVersion).toBe(table.protocol.minWriterVersion)
    })

    it.each(table.snapshots)('reads version $version as expected', async (expected) => {
      clearSnapshotCache() // so checkpointUsed reflects a cold replay
      const snapshot = await loadSnapshot(dir, { version: expected.version })
      expect(snapshot.version).toBe(expected.version)
      expect(snapshot.files.map((f) => f.path).sort()).toEqual([...expected.files].sort())
      expect(snapshot.files).toHaveLength(expected.numFiles)
      const used = checkpointUsed(snapshot)
      expect(used && { version: used.version, kind: used.kind, files: [...used.files] }).toEqual(
        expected.checkpointUsed,
      )
      expect(snapshot.checkpointVersion).toBe(expected.checkpointUsed?.version ?? null)
      const schema = snapshot.schema.map(({ name, type, nullable }) => ({ name, type, nullable }))
      expect(schema).toEqual(expected.schema ?? table.schema)
      expect(snapshot.partitionColumns).toEqual(expected.partitionColumns ?? table.partitionColumns)

      const { rows } = await readSnapshotRows(connection, snapshot)
      expect(rows).toHaveLength(expected.numRows)
      if (expected.rows) {
        expect(multiset(rows)).toEqual(expected.rows.map(canonical).sort())
      } else {
        expect(rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual(expected.rowIds)
      }
    })

    if (table.timeTravelByTimestamp) {
      const travel = table.timeTravelByTimestamp
      it('travels by timestamp using commit file mtimes', async () => {
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'delta-tt-'))
        try {
          fs.cpSync(dir, copy, { recursive: true })
          for (const [v, ms] of Object.entries(travel.commitFileMtimesMs)) {
            const file = path.join(copy, '_delta_log', commitFileName(Number(v)))
            fs.utimesSync(file, ms / 1000, ms / 1000)
          }
          const firstMs = Math.min(...Object.values(travel.commitFileMtimesMs))
          for (const c of travel.cases) {
            const at = new Date(c.timestamp)
            if (c.expectedVersion !== null) {
              expect((await loadSnapshot(copy, { timestamp: at })).version, c.timestamp).toBe(
                c.expectedVersion,
              )
            } else if (at.getTime() < firstMs) {
              // Our documented choice: before the first commit is an error (as Spark)…
              await expect(loadSnapshot(copy, { timestamp: at })).rejects.toMatchObject({
                code: 'USAGE',
              })
            } else {
              // …and after the latest commit is the latest version (as delta-rs).
              expect((await loadSnapshot(copy, { timestamp: at })).version).toBe(
                table.latestVersion,
              )
            }
          }
        } finally {
          fs.rmSync(copy, { recursive: true, force: true })
        }
      })
    }

    if (table.skipping) {
      const cases = table.skipping.cases
      it('skips a file exactly when its stats prove no row matches', async () => {
        const snapshot = await loadSnapshot(dir)
        for (const c of cases) {
          const filter = [{ column: c.column, op: c.op, value: c.value }]
          const file = snapshot.files[0]
          if (!file) throw new Error('the skipping table has one file')
          expect(fileMayMatch(snapshot, file, filter), JSON.stringify(c)).toBe(c.fileMayMatch)
          const { rows } = await readSnapshotRows(connection, snapshot, { filter })
          expect(rows.length, JSON.stringify(c)).toBe(c.fileMayMatch ? 1 : 0)
        }
      })
    }

    if (table.deletionVector) {
      const dv = table.deletionVector
      it('decodes the deletion vector file', async () => {
        const snapshot = await loadSnapshot(dir)
        const file = snapshot.files.find((f) => f.path === dv.file)
        if (!file?.deletionVector) throw new Error('the DV table has a file with a DV')
        expect(path.basename(deletionVectorFile(snapshot.tableDir, file.deletionVector))).toBe(
          dv.dvFile,
        )
        expect(deletedRowIndexes(snapshot.tableDir, file.deletionVector)).toEqual(
          dv.deletedRowIndexes,
        )
      })
    }

    if (table.physicalNames) {
      const names = table.physicalNames
      it('maps logical names to physical names', async () => {
        const snapshot = await loadSnapshot(dir)
        const mode = columnMappingMode(snapshot.metadata)
        for (const [logical, physical] of Object.entries(names)) {
          const field = snapshot.schema.find((f) => f.name === logical)
          if (!field) throw new Error(`no field ${logical}`)
          expect(physicalName(field, mode)).toBe(physical)
        }
      })
    }

    if (table.rawPartitionValues) {
      const raw = table.rawPartitionValues
      it('keeps raw partition values as written (null apart from "null")', async () => {
        const snapshot = await loadSnapshot(dir)
        expect(snapshot.files.map((f) => canonical(f.partitionValues)).sort()).toEqual(
          raw.map(canonical).sort(),
        )
      })
    }
  })
})

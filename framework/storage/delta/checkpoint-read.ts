import { promises as fs } from 'node:fs'
import path from 'node:path'
import { DeltaError } from '../../errors.js'
import type { LogAction } from './log-actions.js'
import { parseActionLines } from './log-actions.js'
import type { CheckpointRef } from './log-listing.js'
import { resolveDataPath } from './paths.js'
import { queryJsonColumn, withReaderConnection } from './reader-duckdb.js'
import { quoteString } from './sql-quote.js'

const ACTION_KEYS = [
  'protocol',
  'metaData',
  'txn',
  'add',
  'remove',
  'domainMetadata',
  'checkpointMetadata',
  'sidecar',
] as const

/**
 * All actions of a checkpoint, with V2 sidecars expanded. Parquet is read with DuckDB
 * (`to_json` turns `partitionValues` maps into JSON objects); JSON checkpoints are NDJSON.
 */
export async function readCheckpoint(logDir: string, ref: CheckpointRef): Promise<LogAction[]> {
  const files = ref.files.map((f) => path.join(logDir, f))
  const actions =
    ref.kind === 'uuid-json'
      ? parseActionLines(await fs.readFile(files[0] as string, 'utf8'), files[0] as string)
      : await readParquetActions(files)
  const sidecars: string[] = []
  for (const action of actions) {
    if ('sidecar' in action) sidecars.push(sidecarPath(logDir, action.sidecar.path))
  }
  if (sidecars.length === 0) return actions
  // Sidecars hold only add/remove actions (PROTOCOL.md «V2 Spec»).
  return [...actions, ...(await readParquetActions(sidecars))]
}

function sidecarPath(logDir: string, p: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(p)
    ? resolveDataPath(logDir, p)
    : path.join(logDir, '_sidecars', p)
}

async function readParquetActions(files: readonly string[]): Promise<LogAction[]> {
  const list = `[${files.map(quoteString).join(', ')}]`
  let rows: string[]
  try {
    rows = await withReaderConnection((c) =>
      queryJsonColumn(
        c,
        `select to_json(t) from read_parquet(${list}, hive_partitioning=false, union_by_name=true) t`,
      ),
    )
  } catch (cause) {
    throw new DeltaError(
      'DELTA_CORRUPT',
      `delta log: cannot read checkpoint ${files.join(', ')}. Delete the damaged checkpoint so readers replay JSON commits instead.`,
      { cause },
    )
  }
  const actions: LogAction[] = []
  for (const text of rows) {
    const row = JSON.parse(text) as Record<string, unknown>
    for (const key of ACTION_KEYS) {
      const value = row[key]
      if (value === null || value === undefined) continue
      actions.push({ [key]: key === 'add' ? withStats(value) : value } as LogAction)
    }
  }
  return actions
}

// `stats` may be absent when the writer stored only `stats_parsed` (writeStatsAsJson=false).
function withStats(add: unknown): unknown {
  const a = add as Record<string, unknown>
  if (a.stats == null && a.stats_parsed != null)
    return { ...a, stats: JSON.stringify(a.stats_parsed) }
  return a
}

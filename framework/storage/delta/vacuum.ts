import fs from 'node:fs/promises'
import path from 'node:path'
import { DeltaError } from '../../errors.js'
import { resolveDataPath } from './paths.js'
import type { Snapshot } from './snapshot-types.js'

/** Spark's default `delta.deletedFileRetentionDuration`: one week. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000

const UNIT_MS: Readonly<Record<string, number>> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
}

/** `delta.deletedFileRetentionDuration` (e.g. `interval 7 days`) in ms; the default when absent or unreadable. */
export function tombstoneRetentionMs(configuration: Readonly<Record<string, string>>): number {
  const text = configuration['delta.deletedFileRetentionDuration']
  const match = text === undefined ? null : /^\s*interval\s+(\d+)\s+([a-z]+?)s?\s*$/i.exec(text)
  const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2].toLowerCase()]
  return match === null || unit === undefined ? DEFAULT_RETENTION_MS : Number(match[1]) * unit
}

export interface VacuumOptions {
  /** Keep files younger than this; default: the table's retention (7 days). */
  readonly retentionHours?: number
  /** List what would be deleted, delete nothing. */
  readonly dryRun?: boolean
}

export interface VacuumResult {
  /** Absolute paths deleted (or that would be, on a dry run). */
  readonly files: readonly string[]
  readonly dryRun: boolean
}

/**
 * Deletes data files the table no longer references once they are older than the retention: orphans
 * of failed writes by their mtime, tombstoned files by their removal time (time travel within the
 * retention still needs them). Folders starting with `_` or `.` (the log) are never touched.
 */
export async function vacuum(
  snapshot: Snapshot,
  options: VacuumOptions = {},
): Promise<VacuumResult> {
  const retention =
    options.retentionHours === undefined
      ? tombstoneRetentionMs(snapshot.metadata.configuration)
      : options.retentionHours * 3_600_000
  if (!(retention >= 0)) {
    throw new DeltaError(
      'USAGE',
      `delta vacuum ${snapshot.tableDir}: retentionHours must be 0 or more, got ${options.retentionHours}.`,
    )
  }
  const cutoff = Date.now() - retention
  const live = new Set(snapshot.files.map((add) => resolveDataPath(snapshot.tableDir, add.path)))
  const removedAt = new Map(
    snapshot.tombstones.map((r) => [
      resolveDataPath(snapshot.tableDir, r.path),
      r.deletionTimestamp ?? 0,
    ]),
  )
  const doomed: string[] = []
  for (const file of await dataFiles(snapshot.tableDir)) {
    if (live.has(file)) continue
    const stat = await fs.stat(file)
    if (Math.max(stat.mtimeMs, removedAt.get(file) ?? 0) < cutoff) doomed.push(file)
  }
  if (options.dryRun !== true) await Promise.all(doomed.map((file) => fs.rm(file, { force: true })))
  return { files: doomed.sort(), dryRun: options.dryRun === true }
}

async function dataFiles(dir: string): Promise<string[]> {
  const files: string[] = []
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await dataFiles(full)))
    else if (entry.isFile()) files.push(full)
  }
  return files
}

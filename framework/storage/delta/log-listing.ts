import { promises as fs } from 'node:fs'
import path from 'node:path'
import { DeltaError } from '../../errors.js'

/** How a checkpoint is stored; names match expected.json's `checkpointUsed.kind`. */
export type CheckpointKind = 'classic' | 'multi-part' | 'uuid-json' | 'uuid-parquet'

/** A complete checkpoint found by listing `_delta_log`. */
export interface CheckpointRef {
  readonly version: number
  readonly kind: CheckpointKind
  /** File names inside `_delta_log`, in part order. */
  readonly files: readonly string[]
}

/** What `_delta_log` holds, by strict file-name patterns (PROTOCOL-NOTES §1). */
export interface LogListing {
  readonly logDir: string
  /** Commit version → file name. */
  readonly commits: ReadonlyMap<number, string>
  /** Complete checkpoints, oldest first. */
  readonly checkpoints: readonly CheckpointRef[]
  /** Highest commit or checkpoint version, or undefined if the log holds neither. */
  readonly latest: number | undefined
}

const COMMIT = /^(\d{20})\.json$/
const CLASSIC = /^(\d{20})\.checkpoint\.parquet$/
const MULTI_PART = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/
const UUID = /^(\d{20})\.checkpoint\.[0-9a-f-]{36}\.(json|parquet)$/

/** `_delta_log/<version, 20 digits>.json`. */
export function commitFileName(version: number): string {
  return `${String(version).padStart(20, '0')}.json`
}

/** Lists `_delta_log` without recursing; everything that does not match a pattern is ignored. */
export async function listLog(tableDir: string): Promise<LogListing> {
  const logDir = path.join(tableDir, '_delta_log')
  let names: string[]
  try {
    names = await fs.readdir(logDir)
  } catch (cause) {
    throw new DeltaError(
      'DELTA_TABLE_NOT_FOUND',
      `${tableDir} is not a Delta table: no _delta_log/ directory was found. Check the path, or write the table first.`,
      { cause },
    )
  }
  const commits = new Map<number, string>()
  const checkpoints: CheckpointRef[] = []
  const parts = new Map<string, { version: number; total: number; files: Map<number, string> }>()
  for (const name of names) {
    let m = COMMIT.exec(name)
    if (m) {
      commits.set(Number(m[1]), name)
      continue
    }
    m = CLASSIC.exec(name)
    if (m) {
      checkpoints.push({ version: Number(m[1]), kind: 'classic', files: [name] })
      continue
    }
    m = UUID.exec(name)
    if (m) {
      const kind = m[2] === 'json' ? 'uuid-json' : 'uuid-parquet'
      checkpoints.push({ version: Number(m[1]), kind, files: [name] })
      continue
    }
    m = MULTI_PART.exec(name)
    if (m) {
      const key = `${m[1]}/${m[3]}`
      const group = parts.get(key) ?? {
        version: Number(m[1]),
        total: Number(m[3]),
        files: new Map(),
      }
      group.files.set(Number(m[2]), name)
      parts.set(key, group)
    }
  }
  // A multi-part checkpoint is usable only when every part is present.
  for (const group of parts.values()) {
    const files: string[] = []
    for (let i = 1; i <= group.total; i++) {
      const file = group.files.get(i)
      if (file !== undefined) files.push(file)
    }
    if (files.length === group.total) {
      checkpoints.push({ version: group.version, kind: 'multi-part', files })
    }
  }
  checkpoints.sort((a, b) => a.version - b.version || kindRank(a.kind) - kindRank(b.kind))
  let latest: number | undefined
  for (const v of commits.keys()) latest = latest === undefined ? v : Math.max(latest, v)
  for (const c of checkpoints)
    latest = latest === undefined ? c.version : Math.max(latest, c.version)
  return { logDir, commits, checkpoints, latest }
}

// Several checkpoints can exist for one version; prefer V2 (it may hold sidecars only it lists).
function kindRank(kind: CheckpointKind): number {
  return { classic: 1, 'multi-part': 0, 'uuid-json': 2, 'uuid-parquet': 2 }[kind]
}

/** The newest complete checkpoint with version ≤ `version`. */
export function checkpointAtOrBefore(
  listing: LogListing,
  version: number,
): CheckpointRef | undefined {
  let best: CheckpointRef | undefined
  for (const c of listing.checkpoints) if (c.version <= version) best = c
  return best
}

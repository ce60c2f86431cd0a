import { promises as fs, type Stats, statSync } from 'node:fs'
import path from 'node:path'
import { DeltaError } from '../../errors.js'
import { readCheckpoint } from './checkpoint-read.js'
import { parseSchemaString } from './delta-schema.js'
import { type LogAction, parseActionLines, readActionFile } from './log-actions.js'
import {
  type CheckpointRef,
  checkpointAtOrBefore,
  commitFileName,
  type LogListing,
  listLog,
} from './log-listing.js'
import { ReplayState } from './log-replay.js'
import { assertReadable } from './protocol-support.js'
import {
  cacheLookup,
  cacheStore,
  fileSignature,
  newestCachedVersion,
  signatureOf,
} from './snapshot-cache.js'
import type { Snapshot } from './snapshot-types.js'
import { commitTimestamp, inCommitTimestampOf, versionAtTimestamp } from './time-travel.js'

/** Which version to load: the latest by default. */
export interface LoadSnapshotOptions {
  readonly version?: number
  /** Date, or ms since epoch: the greatest version committed at or before it. */
  readonly timestamp?: Date | number
}

const checkpointsUsed = new WeakMap<Snapshot, CheckpointRef | null>()

/** The checkpoint a snapshot's replay started from (null: pure JSON replay). */
export function checkpointUsed(snapshot: Snapshot): CheckpointRef | null {
  return checkpointsUsed.get(snapshot) ?? null
}

/** The latest version of the table (cached, or from a listing of `_delta_log`); undefined if there is no table. */
export async function latestVersion(tableDir: string): Promise<number | undefined> {
  const dir = path.resolve(tableDir)
  const cached = cachedLatestSnapshot(dir)
  if (cached !== undefined) return cached.version
  try {
    return (await listLog(dir)).latest
  } catch (error) {
    if (error instanceof DeltaError && error.code === 'DELTA_TABLE_NOT_FOUND') return undefined
    throw error
  }
}

/**
 * Replays the log to one version: the newest checkpoint at or before it, then the JSON commits
 * after it, which must be contiguous. Checks reader support before any data can be read.
 */
export async function loadSnapshot(
  tableDir: string,
  options: LoadSnapshotOptions = {},
): Promise<Snapshot> {
  const dir = path.resolve(tableDir)
  if (options.version === undefined && options.timestamp === undefined) {
    const cached = cachedLatestSnapshot(dir)
    if (cached !== undefined) return cached
  }
  const listing = await listLog(dir)
  const latest = listing.latest
  if (latest === undefined) {
    throw new DeltaError(
      'DELTA_TABLE_NOT_FOUND',
      `${dir} is not a Delta table: no _delta_log/ commit files were found. Write the table first.`,
    )
  }
  const version = await targetVersion(dir, listing, latest, options)
  const checkpoint = checkpointAtOrBefore(listing, version)
  const signature = await fileSignature(listing, version)
  const cached = cacheLookup(dir, version, signature)
  if (cached) return cached.snapshot

  const base = await resumable(dir, listing, checkpoint, version)
  let state: ReplayState
  let from: number
  if (base) {
    state = ReplayState.fromSnapshot(base)
    from = base.version + 1
  } else {
    state = new ReplayState()
    if (checkpoint) state.apply(await readCheckpoint(listing.logDir, checkpoint))
    from = checkpoint ? checkpoint.version + 1 : 0
  }
  for (const actions of await readCommits(dir, listing, from, version)) state.apply(actions)

  const snapshot = snapshotOf(dir, version, state, {
    timestampMs: await snapshotTimestamp(listing, version, checkpoint),
    checkpoint: base ? checkpointUsed(base) : (checkpoint ?? null),
  })
  cacheStore(dir, version, signature, snapshot)
  return snapshot
}

/**
 * Caches the snapshot a commit made (the snapshot it read, plus the actions it wrote), so that the
 * next read of the table, by this writer or by the next step, costs two stats instead of a listing
 * and a replay. Only when the commit directly follows the version read: after a lost race, the
 * winners' commits have to be read. `file` is the stat of the published commit file.
 */
export function rememberCommit(
  read: Snapshot | undefined,
  tableDir: string,
  version: number,
  text: string,
  file: Stats,
): void {
  if (version !== (read?.version ?? -1) + 1) return
  const dir = path.resolve(tableDir)
  const name = commitFileName(version)
  const actions = parseActionLines(text, name)
  const state = read ? ReplayState.fromSnapshot(read) : new ReplayState()
  state.apply(actions)
  let snapshot: Snapshot
  try {
    snapshot = snapshotOf(dir, version, state, {
      timestampMs: inCommitTimestampOf(actions) ?? Math.floor(file.mtimeMs),
      checkpoint: read ? checkpointUsed(read) : null,
    })
  } catch {
    // The commit stands; a table this reader cannot read is not cached, so the next read says why.
    return
  }
  cacheStore(dir, version, signatureOf(name, file), snapshot)
}

/** The snapshot of a replayed state; throws if it lacks protocol or metaData, or cannot be read. */
function snapshotOf(
  dir: string,
  version: number,
  state: ReplayState,
  from: { readonly timestampMs: number; readonly checkpoint: CheckpointRef | null },
): Snapshot {
  const { protocol, metadata } = state
  if (!protocol || !metadata) {
    throw new DeltaError(
      'DELTA_CORRUPT',
      `delta read ${dir}@v${version}: no ${protocol ? 'metaData' : 'protocol'} action found in the log. The table is damaged.`,
    )
  }
  assertReadable(dir, version, protocol, metadata)
  const snapshot: Snapshot = {
    tableDir: dir,
    version,
    timestampMs: from.timestampMs,
    protocol,
    metadata,
    schema: parseSchemaString(metadata.schemaString),
    partitionColumns: metadata.partitionColumns,
    files: [...state.files.values()],
    tombstones: [...state.tombstones.values()],
    transactions: state.transactions,
    transactionTimes: state.transactionTimes,
    domainMetadata: state.domains,
    checkpointVersion: from.checkpoint?.version ?? null,
  }
  checkpointsUsed.set(snapshot, from.checkpoint)
  return snapshot
}

/**
 * The newest cached snapshot of the table while it is still the latest version: its commit file is
 * the one it was read from, and the next commit does not exist. Versions are contiguous, so no later
 * commit can exist without the next one; two stats replace a listing of the whole log. They are
 * synchronous: a stat takes microseconds, less than a round trip through libuv's thread pool.
 */
export function cachedLatestSnapshot(tableDir: string): Snapshot | undefined {
  const dir = path.resolve(tableDir)
  const version = newestCachedVersion(dir, 0, Number.POSITIVE_INFINITY)
  if (version === undefined) return undefined
  const logDir = path.join(dir, '_delta_log')
  const name = commitFileName(version)
  try {
    const current = statSync(path.join(logDir, name), { throwIfNoEntry: false })
    const next = statSync(path.join(logDir, commitFileName(version + 1)), {
      throwIfNoEntry: false,
    })
    if (current === undefined || next !== undefined) return undefined
    return cacheLookup(dir, version, signatureOf(name, current))?.snapshot
  } catch {
    // Not ENOENT (permissions, I/O): the full listing reports it properly.
    return undefined
  }
}

async function targetVersion(
  dir: string,
  listing: LogListing,
  latest: number,
  options: LoadSnapshotOptions,
): Promise<number> {
  if (options.version !== undefined) {
    const v = options.version
    if (!Number.isInteger(v) || v < 0) {
      throw new DeltaError('USAGE', `delta read ${dir}: version must be an integer ≥ 0, got ${v}.`)
    }
    if (v > latest) {
      throw new DeltaError(
        'USAGE',
        `delta read ${dir}: version ${v} does not exist; the latest version is ${latest}. Ask for a version between 0 and ${latest}.`,
      )
    }
    return v
  }
  if (options.timestamp !== undefined) {
    const ms = options.timestamp instanceof Date ? options.timestamp.getTime() : options.timestamp
    if (!Number.isFinite(ms)) {
      throw new DeltaError('USAGE', `delta read ${dir}: the timestamp is not a valid date.`)
    }
    return versionAtTimestamp(dir, listing, ms)
  }
  return latest
}

/** A cached snapshot at a lower version that replay can continue from, if still valid. */
async function resumable(
  dir: string,
  listing: LogListing,
  checkpoint: CheckpointRef | undefined,
  version: number,
): Promise<Snapshot | undefined> {
  const v = newestCachedVersion(dir, checkpoint?.version ?? 0, version)
  if (v === undefined) return undefined
  return cacheLookup(dir, v, await fileSignature(listing, v))?.snapshot
}

async function readCommits(
  dir: string,
  listing: LogListing,
  from: number,
  to: number,
): Promise<LogAction[][]> {
  const out: LogAction[][] = []
  const batch = 64
  for (let start = from; start <= to; start += batch) {
    const versions: number[] = []
    for (let v = start; v <= Math.min(to, start + batch - 1); v++) versions.push(v)
    out.push(
      ...(await Promise.all(
        versions.map((v) => {
          const name = listing.commits.get(v)
          if (name === undefined) throw missingCommit(dir, listing, v, to)
          return readActionFile(path.join(listing.logDir, name))
        }),
      )),
    )
  }
  return out
}

function missingCommit(dir: string, listing: LogListing, missing: number, to: number): DeltaError {
  const available = [...listing.commits.keys()]
  const earliest = available.length > 0 ? Math.min(...available) : undefined
  if (earliest !== undefined && missing < earliest) {
    return new DeltaError(
      'USAGE',
      `delta read ${dir}: version ${to} can no longer be reconstructed; commits before ${earliest} were cleaned up and no checkpoint at or before ${to} exists. Ask for version ${earliest} or later.`,
    )
  }
  return new DeltaError(
    'DELTA_CORRUPT',
    `delta read ${dir}: commit ${missing} is missing from _delta_log (versions must be contiguous up to ${to}). The table log is damaged; restore the missing commit file.`,
  )
}

async function snapshotTimestamp(
  listing: LogListing,
  version: number,
  checkpoint: CheckpointRef | undefined,
): Promise<number> {
  if (listing.commits.has(version)) return commitTimestamp(listing, version)
  // Only a checkpoint remains for this version (older commits were cleaned up).
  const file = checkpoint?.files[0]
  if (!file) return 0
  return Math.floor((await fs.stat(path.join(listing.logDir, file))).mtimeMs)
}

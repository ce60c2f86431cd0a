import { promises as fs } from 'node:fs'
import path from 'node:path'
import { DeltaError } from '../../errors.js'
import { type LogAction, readActionFile } from './log-actions.js'
import type { LogListing } from './log-listing.js'

/**
 * Commit time of each commit file in the listing, ms since epoch: `commitInfo.inCommitTimestamp`
 * when the commit carries one (in-commit timestamps), else the file's mtime.
 * Like Spark, times are forced to increase: if ts(v) ≤ ts(v-1), ts(v) = ts(v-1) + 1.
 */
export async function commitTimestamps(listing: LogListing): Promise<Map<number, number>> {
  const versions = [...listing.commits.keys()].sort((a, b) => a - b)
  const latest = versions.at(-1)
  const ict = latest !== undefined && (await inCommitTimestamp(listing, latest)) !== undefined
  const raw = await Promise.all(
    versions.map(async (v) => {
      const fromCommit = ict ? await inCommitTimestamp(listing, v) : undefined
      if (fromCommit !== undefined) return fromCommit
      const stat = await fs.stat(path.join(listing.logDir, listing.commits.get(v) as string))
      return Math.floor(stat.mtimeMs)
    }),
  )
  const out = new Map<number, number>()
  let previous = Number.NEGATIVE_INFINITY
  versions.forEach((v, i) => {
    const ts = Math.max(raw[i] as number, previous + 1)
    out.set(v, ts)
    previous = ts
  })
  return out
}

/** The commit time of one version (no monotonic adjustment): ICT if present, else file mtime. */
export async function commitTimestamp(listing: LogListing, version: number): Promise<number> {
  const ict = await inCommitTimestamp(listing, version)
  if (ict !== undefined) return ict
  const stat = await fs.stat(path.join(listing.logDir, listing.commits.get(version) as string))
  return Math.floor(stat.mtimeMs)
}

async function inCommitTimestamp(
  listing: LogListing,
  version: number,
): Promise<number | undefined> {
  const name = listing.commits.get(version)
  if (name === undefined) return undefined
  return inCommitTimestampOf(await readActionFile(path.join(listing.logDir, name)))
}

/** The in-commit timestamp among a commit's actions, if it carries one. */
export function inCommitTimestampOf(actions: readonly LogAction[]): number | undefined {
  // Spark writes commitInfo first when in-commit timestamps are on (PROTOCOL.md «In-Commit Timestamps»).
  for (const action of actions) {
    if ('commitInfo' in action) {
      const ts = action.commitInfo.inCommitTimestamp
      return typeof ts === 'number' ? ts : undefined
    }
  }
  return undefined
}

/**
 * The greatest version whose commit time is ≤ `timestampMs` (inclusive).
 * A time after the latest commit gives the latest version (as delta-rs does); a time before
 * the first available commit is an error (as Spark does): no state of the table existed then.
 */
export async function versionAtTimestamp(
  tableDir: string,
  listing: LogListing,
  timestampMs: number,
): Promise<number> {
  const times = await commitTimestamps(listing)
  let found: number | undefined
  for (const [v, ts] of times) if (ts <= timestampMs) found = v
  if (found === undefined) {
    const first = [...times.entries()][0]
    const when = first
      ? ` (version ${first[0]} was committed at ${new Date(first[1]).toISOString()})`
      : ''
    throw new DeltaError(
      'USAGE',
      `delta read ${tableDir}: no version exists at ${new Date(timestampMs).toISOString()}; it is before the first available commit${when}. Use a later timestamp.`,
    )
  }
  return found
}

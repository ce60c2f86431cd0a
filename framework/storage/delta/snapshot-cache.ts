import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { LogListing } from './log-listing.js'
import type { Snapshot } from './snapshot-types.js'

interface Entry {
  readonly signature: string
  readonly snapshot: Snapshot
}

// Parsed snapshots by (table dir, version). Small: a snapshot of a big table holds every add.
const MAX_ENTRIES = 16
const entries = new Map<string, Entry>()

/**
 * Identity of a version's commit (or checkpoint) file: path, size and mtime. A table that is
 * dropped and rewritten reuses version numbers, so the version alone is not a safe cache key.
 */
export async function fileSignature(listing: LogListing, version: number): Promise<string> {
  const name =
    listing.commits.get(version) ?? listing.checkpoints.find((c) => c.version === version)?.files[0]
  if (name === undefined) return 'missing'
  try {
    return signatureOf(name, await fs.stat(path.join(listing.logDir, name)))
  } catch {
    return 'missing'
  }
}

/** The signature of log file `name` from its stat (a writer has it from the file it just wrote). */
export function signatureOf(
  name: string,
  stat: { readonly size: number; readonly mtimeMs: number; readonly ino: number },
): string {
  return `${name}:${stat.size}:${stat.mtimeMs}:${stat.ino}`
}

/** A cached snapshot whose signature still matches, or undefined. */
export function cacheLookup(dir: string, version: number, signature: string): Entry | undefined {
  const key = `${dir}\u0000${version}`
  const entry = entries.get(key)
  if (!entry || entry.signature !== signature || signature === 'missing') return undefined
  // Refresh recency (Map keeps insertion order).
  entries.delete(key)
  entries.set(key, entry)
  return entry
}

/** Remembers a snapshot, evicting the least recently used one beyond the limit. */
export function cacheStore(
  dir: string,
  version: number,
  signature: string,
  snapshot: Snapshot,
): void {
  if (signature === 'missing') return
  entries.set(`${dir}\u0000${version}`, { signature, snapshot })
  while (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next().value
    if (oldest === undefined) break
    entries.delete(oldest)
  }
}

/** The highest cached version v of `dir` with from ≤ v < below, without validating it. */
export function newestCachedVersion(dir: string, from: number, below: number): number | undefined {
  let best: number | undefined
  for (const entry of entries.values()) {
    const v = entry.snapshot.version
    if (
      entry.snapshot.tableDir === dir &&
      v >= from &&
      v < below &&
      (best === undefined || v > best)
    ) {
      best = v
    }
  }
  return best
}

/** Forgets every cached snapshot (tests, and callers that rewrite tables in place). */
export function clearSnapshotCache(): void {
  entries.clear()
}

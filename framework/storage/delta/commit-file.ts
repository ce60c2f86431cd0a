import { randomUUID } from 'node:crypto'
import {
  closeSync,
  fstatSync,
  fsync as fsyncCallback,
  linkSync,
  mkdirSync,
  openSync,
  type Stats,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { DeltaError } from '../../errors.js'
import type { Action } from './actions.js'
import { commitFileName } from './log-listing.js'

/** `_delta_log` folder of a table. */
export function logDir(tableDir: string): string {
  return path.join(tableDir, '_delta_log')
}

/** Path of commit `version`: `_delta_log/<20-digit version>.json`. */
export function commitPath(tableDir: string, version: number): string {
  return path.join(logDir(tableDir), commitFileName(version))
}

/** NDJSON text of a commit: one single-key action a line. */
export function serializeActions(actions: readonly Action[]): string {
  return `${actions.map((action) => JSON.stringify(action)).join('\n')}\n`
}

/**
 * Writes commit `version` if no one else has: the published file's stat (for the snapshot cache's
 * signature), or undefined when the version is taken. It is published only once `filesOnDisk`
 * (the fsync of the data files it adds) has settled; its own fsync runs meanwhile.
 * The text goes to a temp file first, then `link()` publishes it atomically. `rename()` would silently
 * replace a concurrent winner, and `open(final, 'wx')` would expose a half-written commit to readers.
 * Only the fsync, which waits for the disk, goes through libuv's thread pool: the other calls take
 * microseconds, less than a round trip there (where they queue behind DuckDB's queries, which run
 * on the same threads), and a commit made six of them.
 */
export async function putCommitIfAbsent(
  tableDir: string,
  version: number,
  text: string,
  filesOnDisk: Promise<void>,
): Promise<Stats | undefined> {
  // A hidden name matches none of the listing patterns, so readers never see a temp file (Spark's
  // log stores write theirs the same way, next to the commits).
  const tmp = path.join(logDir(tableDir), `.${commitFileName(version)}.${randomUUID()}.tmp`)
  const fd = openTemp(tableDir, tmp)
  let written: Stats
  try {
    writeFileSync(fd, text, 'utf8')
    // Both settle before the fd is closed: a failed data fsync must not close it under our own.
    const synced = await Promise.allSettled([fsync(fd), filesOnDisk])
    for (const result of synced) if (result.status === 'rejected') throw result.reason
    // A hard link is the same inode: size and mtime stay those of the temp file.
    written = fstatSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(tmp, commitPath(tableDir, version))
    return written
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined
    throw new DeltaError(
      'IO_WRITE_FAILED',
      `delta commit: cannot publish version ${version} in ${tableDir}. Check that the folder is writable.`,
      {
        cause: error,
      },
    )
  } finally {
    try {
      unlinkSync(tmp)
    } catch {
      // A temp file left behind is harmless: readers skip hidden names.
    }
  }
}

const fsync = promisify(fsyncCallback)

// Log folders known to exist: most commits go to a table committed to before, and mkdir costs as much as the write.
const logDirs = new Set<string>()

/**
 * Creates the table's folder and its `_delta_log/` as needed, in one call (data files go in the table
 * folder before the first commit). True when it created `_delta_log/`: the table has no log yet, and
 * there is nothing to list. Synchronous like the commit's small calls: the asynchronous mkdir -p
 * takes a trip through the thread pool per folder, queued behind DuckDB's queries, which run there too.
 */
export function createLogDir(tableDir: string): boolean {
  const dir = logDir(tableDir)
  const first = mkdirSync(dir, { recursive: true })
  logDirs.add(dir)
  return first !== undefined
}

/** Creates `tmp` exclusively, making the log folder first when it is new (or was deleted with its table). */
function openTemp(tableDir: string, tmp: string): number {
  if (logDirs.has(logDir(tableDir))) {
    try {
      return openSync(tmp, 'wx')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  createLogDir(tableDir)
  return openSync(tmp, 'wx')
}

/** The actions of one commit file, for conflict checks against commits that won a race. */
export async function readCommitActions(tableDir: string, version: number): Promise<Action[]> {
  const file = commitPath(tableDir, version)
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    throw new DeltaError(
      'DELTA_CORRUPT',
      `delta commit: cannot read ${file}. The log may have been cleaned up while we wrote; retry.`,
      {
        cause: error,
      },
    )
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Action)
}

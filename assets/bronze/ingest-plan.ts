import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { AssetOutput, SourceRef } from '../../framework/index.js'
import { rawFileError } from './file-problems.js'
import type { RawFile } from './stage-file.js'

/** A raw file that is new or changed since it was last ingested. */
export interface PendingFile extends RawFile {
  /** The txn version to commit with: the file's mtime in whole milliseconds. */
  readonly version: number
}

/** Which files of a source need ingesting, and how many are skipped unread. */
export interface IngestPlan {
  readonly pending: PendingFile[]
  readonly unchanged: number
}

/**
 * A file's path relative to the data directory (`raw/feature_usage_events/2024-01-02.jsonl`), found
 * from the source's own relative path. It names the file in lineage columns and txn ids, so moving
 * the data directory does not make every file look new.
 */
export function relativePath(file: string, sourcePath: string): string {
  const marker = `${path.sep}${path.normalize(sourcePath)}`
  const at = file.lastIndexOf(marker)
  return at === -1
    ? path.basename(file)
    : file
        .slice(at + 1)
        .split(path.sep)
        .join('/')
}

/**
 * Compares each file's fingerprint with the txn version committed for it (`appliedTxn`), reading
 * nothing but `stat`. The fingerprint is the mtime: a rewrite moves it forward, and the storage skips
 * a txn whose version is not above the last one, so it has to grow. A file put back with an older
 * mtime gets `last + 1`; it is then re-ingested on every run (correct, only slower) until it changes.
 */
export async function planIngest(
  output: AssetOutput,
  source: SourceRef,
  sourcePath: string,
): Promise<IngestPlan> {
  const pending: PendingFile[] = []
  let unchanged = 0
  for (const file of source.files) {
    const relative = relativePath(file, sourcePath)
    const mtime = await stat(file).then(
      (s) => Math.trunc(s.mtimeMs),
      () => undefined,
    )
    if (mtime === undefined) {
      throw rawFileError(
        relative,
        1,
        'the file is missing (it was listed when the source was observed)',
        'Restore the file, or run again to re-observe the source',
      )
    }
    const applied = await output.appliedTxn(relative)
    if (applied === mtime) {
      unchanged += 1
      continue
    }
    const version = applied !== undefined && applied > mtime ? applied + 1 : mtime
    pending.push({ path: file, relative, version, seen: applied !== undefined })
  }
  return { pending, unchanged }
}

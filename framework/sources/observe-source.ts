import type { Dirent, Stats } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { AssetKey } from '../definitions/asset-key.js'
import type { SourceDefinition } from '../definitions/types.js'
import { FrameworkError } from '../errors.js'
import { sha256 } from '../util/hash.js'

/** A source's files as they stand now, and the fingerprint assets record as its data version. */
export interface SourceObservation {
  readonly key: AssetKey
  /** Absolute paths, sorted. */
  readonly files: readonly string[]
  readonly bytes: number
  readonly dataVersion: string
}

/**
 * Observes a source: lists its files and fingerprints them.
 *
 * The fingerprint hashes (path relative to the data directory, size, mtime) of each file, from
 * `stat` only. Reading content would make `medallion status` cost as much as ingesting the data
 * (raw folders reach gigabytes), while a rewrite of a raw file always moves its mtime; the rare
 * `touch` without a change costs one needless re-run, which incremental assets make cheap.
 *
 * A folder source is read recursively (date-partitioned raw folders nest), keeping files whose
 * name (not path) matches `pattern`; hidden files (`.`-prefixed) are ignored, as editors and
 * copy tools leave them behind.
 */
export async function observeSource(
  dataDir: string,
  source: SourceDefinition,
): Promise<SourceObservation> {
  const root = path.resolve(dataDir, source.path)
  const rootStats = await statOrUndefined(root)
  if (rootStats === undefined) {
    throw new FrameworkError(
      'SOURCE_MISSING',
      `observe source "${source.key}": ${root} does not exist. Generate the raw data (\`npm run generate-data\`) or fix the source's path ("${source.path}", relative to ${dataDir}).`,
      { hint: 'npm run generate-data' },
    )
  }
  const files = rootStats.isDirectory() ? await listFolder(root, source.pattern) : [root]
  const stats = await Promise.all(files.map((file) => stat(file)))
  let bytes = 0
  const parts: string[] = []
  files.forEach((file, i) => {
    const fileStats = stats[i] as Stats
    bytes += fileStats.size
    parts.push(`${path.relative(dataDir, file)}\t${fileStats.size}\t${fileStats.mtimeMs}`)
  })
  return { key: source.key, files, bytes, dataVersion: sha256(parts.join('\n')) }
}

/**
 * Observes several sources; a missing one is reported in `errors` instead of failing the others,
 * so a run can still materialize what does not read it.
 */
export async function observeSources(
  dataDir: string,
  sources: readonly SourceDefinition[],
): Promise<{
  observations: Map<AssetKey, SourceObservation>
  errors: Map<AssetKey, FrameworkError>
}> {
  const observations = new Map<AssetKey, SourceObservation>()
  const errors = new Map<AssetKey, FrameworkError>()
  const settled = await Promise.allSettled(sources.map((source) => observeSource(dataDir, source)))
  settled.forEach((result, i) => {
    const key = (sources[i] as SourceDefinition).key
    if (result.status === 'fulfilled') observations.set(key, result.value)
    else errors.set(key, asFrameworkError(key, result.reason))
  })
  return { observations, errors }
}

function asFrameworkError(key: AssetKey, error: unknown): FrameworkError {
  if (error instanceof FrameworkError) return error
  return new FrameworkError(
    'SOURCE_MISSING',
    `observe source "${key}": its files could not be read (${error instanceof Error ? error.message : String(error)}). Check the files' permissions.`,
    { cause: error },
  )
}

async function listFolder(root: string, pattern: RegExp | undefined): Promise<string[]> {
  const entries: Dirent[] = await readdir(root, { recursive: true, withFileTypes: true })
  const files: string[] = []
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue
    // A /g or /y pattern keeps lastIndex between test() calls; reset it so every name is matched alike.
    if (pattern !== undefined) pattern.lastIndex = 0
    if (pattern !== undefined && !pattern.test(entry.name)) continue
    files.push(path.join(entry.parentPath, entry.name))
  }
  return files.sort()
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

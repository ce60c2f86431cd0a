import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'

/**
 * A short hash of each file's path, size and modification time: it changes when a file is edited,
 * added or removed, without reading any of them (stat calls only, so checking stays cheap).
 * @param {readonly string[]} files absolute paths
 */
export function statFingerprint(files) {
  const hash = createHash('sha256')
  for (const file of [...files].sort()) {
    // A file deleted since it was listed (an editor's save) still changes the fingerprint.
    const stat = statSync(file, { throwIfNoEntry: false })
    hash.update(`${file}\0${stat?.size ?? 'missing'}\0${stat?.mtimeMs ?? ''}\n`)
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * Each file's size and modification time, to tell later whether it changed.
 * @param {readonly string[]} files absolute paths
 * @returns {Array<[string, number, number]>}
 */
export function statStamps(files) {
  return files.map((file) => {
    const stat = statSync(file)
    return [file, stat.size, stat.mtimeMs]
  })
}

/**
 * True when every file still has the size and modification time it had (a missing file counts as
 * changed).
 * @param {ReadonlyArray<readonly [string, number, number]>} stamps
 */
export function stampsUnchanged(stamps) {
  return stamps.every(([file, size, mtimeMs]) => {
    const stat = statSync(file, { throwIfNoEntry: false })
    return stat !== undefined && stat.size === size && stat.mtimeMs === mtimeMs
  })
}

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DeltaError } from '../../errors.js'

/**
 * The local file path of an `add.path` (or DV/sidecar path): a URI, so it is decoded first
 * (`%25`→`%`, `%20`→space, `+` stays `+`). Relative paths resolve against `baseDir`.
 */
export function resolveDataPath(baseDir: string, uriPath: string): string {
  if (/^file:/i.test(uriPath)) {
    // `file:/x` (Spark) and `file:///x` are both absolute; fileURLToPath decodes them.
    return fileURLToPath(uriPath.replace(/^file:\/*/i, 'file:///'))
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(uriPath)) {
    throw new DeltaError(
      'DELTA_UNSUPPORTED_FEATURE',
      `delta log: the file ${uriPath} is not on the local file system. Only local tables are supported.`,
    )
  }
  return path.join(baseDir, decodeURIComponent(uriPath))
}

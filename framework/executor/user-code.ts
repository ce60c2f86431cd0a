import type { AssetKey } from '../definitions/asset-key.js'
import { errorMessage, isFrameworkError, UserCodeError } from '../errors.js'

/** Which user function is running, to name it in the error. */
export type UserCodeSite =
  | { readonly kind: 'materialize'; readonly key: AssetKey }
  | { readonly kind: 'check'; readonly key: AssetKey; readonly check: string }

/**
 * Runs user code inside an error boundary (Dagster's `user_code_error_boundary`): whatever it
 * throws, including framework errors raised by calls it made (a failed write of its SQL is
 * IO_WRITE_FAILED), comes out as USER_CODE_FAILED naming the asset and how to retry only it, with
 * the original error as `cause` so its own code and stack are not lost.
 */
export async function runUserCode<T>(site: UserCodeSite, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw userCodeError(site, error)
  }
}

export function userCodeError(site: UserCodeSite, error: unknown): UserCodeError {
  const inner = errorMessage(error).replace(/\.?\s*$/, '')
  const innerHint = isFrameworkError(error) ? error.hint : undefined
  if (site.kind === 'materialize') {
    const retry = `medallion materialize --select key:${site.key}`
    // A framework error already says what to fix, and it is often the input (a bad raw line, a
    // missing file), not the asset: "fix the asset" would send the reader to the wrong place.
    const fix = isFrameworkError(error) ? 'Once that is fixed, run' : 'Fix the asset, then run'
    return new UserCodeError(
      'USER_CODE_FAILED',
      `materialize "${site.key}": ${inner}. ${fix} \`${retry}\` to retry only this asset.`,
      { cause: error, hint: innerHint ?? retry },
    )
  }
  const retry = `medallion check --select key:${site.key}`
  return new UserCodeError(
    'USER_CODE_FAILED',
    `check "${site.key}:${site.check}": evaluate threw: ${inner}. Fix the check, then run \`${retry}\` to run only this asset's checks.`,
    { cause: error, hint: innerHint ?? retry },
  )
}

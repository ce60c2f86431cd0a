import { assertUnreachable } from '../errors.js'
import type { StaleCause } from './stale-types.js'

/** Human text for a cause, for the CLI and the UI (the `message` of each cause is this text). */
export function describeCause(cause: DistributiveOmit<StaleCause, 'message'>): string {
  switch (cause.category) {
    case 'missing':
      return `${cause.key} has never been materialized`
    case 'code':
      return `code version changed from "${cause.from}" to "${cause.to}"`
    case 'data':
      return cause.builtFrom === null
        ? `upstream ${cause.dependency} was not an input when this was built`
        : `upstream ${cause.dependency} has newer data (built from ${short(cause.builtFrom)}, now ${short(cause.current)})`
    case 'source':
      return cause.builtFrom === null
        ? `source ${cause.source} was not an input when this was built`
        : `source ${cause.source} changed (files fingerprint ${short(cause.builtFrom)} → ${short(cause.current)})`
    case 'dependency': {
      const head = `upstream ${cause.dependency} is ${cause.dependencyStatus}`
      if (cause.rootCause === cause.dependency) return head
      // The path is stored downstream-first; print it the way data flows, root first.
      return `${head}, because of ${cause.rootCause} (${[...cause.path].reverse().join(' → ')})`
    }
    default:
      return assertUnreachable(cause)
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

function short(version: string): string {
  return version.slice(0, 8)
}

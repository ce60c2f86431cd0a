import type { AssetKey } from '../../definitions/asset-key.js'
import type { CheckDefinition } from '../../definitions/types.js'
import type { CheckEvaluationEvent } from '../../events/event-types.js'
import type { CheckSummary } from '../schemas.js'

/**
 * Counts the latest evaluation of each of an asset's checks. A failed check counts as `warn` or
 * `failed` by its severity at the time it ran, as the UI colors them.
 */
export function summarizeChecks(
  key: AssetKey,
  checks: readonly CheckDefinition[],
  latest: ReadonlyMap<string, CheckEvaluationEvent>,
): CheckSummary {
  const summary = {
    total: checks.length,
    passed: 0,
    warn: 0,
    failed: 0,
    errored: 0,
    notEvaluated: 0,
  }
  for (const check of checks) {
    const evaluation = latest.get(`${key}:${check.name}`)
    if (evaluation === undefined) summary.notEvaluated += 1
    else if (evaluation.status === 'passed') summary.passed += 1
    else if (evaluation.status === 'errored') summary.errored += 1
    else if (evaluation.severity === 'warn') summary.warn += 1
    else summary.failed += 1
  }
  return summary
}

import { assertUnreachable } from '../errors.js'
import type { RunEvent } from '../events/event-types.js'
import type { RunResult } from '../executor/run-result.js'
import { color, type Output } from './output.js'

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`

/** Live progress of a run, one line per step event; only shown on a terminal. */
export function progressLine(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'step_started':
      return color.dim(
        `… ${event.key}${event.worker === undefined ? '' : ` on ${event.worker}`}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`,
      )
    case 'step_waiting':
      return color.yellow(`⏳ ${event.message}`)
    case 'asset_materialized':
      return `${color.green('✔')} ${event.key} ${color.dim(`${event.rowCount} rows, ${seconds(event.durationMs)}`)}`
    case 'check_evaluated':
      return event.status === 'passed'
        ? color.dim(`  ✔ check ${event.check}`)
        : color.yellow(`  ✘ check ${event.check} ${event.status}: ${event.message ?? ''}`)
    case 'step_failed':
      return color.red(
        `✘ ${event.key}: ${event.error.message}${event.willRetry ? ' (will retry)' : ''}`,
      )
    case 'log':
      // Warnings are news on a terminal (a lost worker, no worker listening); the rest is in `logs`.
      return event.level === 'warn' || event.level === 'error'
        ? color.yellow(`⚠ ${event.key === undefined ? '' : `${event.key}: `}${event.message}`)
        : undefined
    case 'step_skipped':
    case 'run_started':
    case 'run_finished':
    case 'source_observed':
      return undefined
    default:
      return assertUnreachable(event)
  }
}

/**
 * An asset's one-line `summary` metadata (`ctx.addMetadata({ summary })`), which the closing report
 * prints under the asset: the place for the number a pipeline exists to produce.
 */
export function summaryOf(event: RunEvent): string | undefined {
  return event.type === 'asset_materialized' && typeof event.metadata.summary === 'string'
    ? event.metadata.summary
    : undefined
}

/** The closing report: one line per asset (and its summary), then the run's status. */
export function printRunResult(
  out: Output,
  result: RunResult,
  summaries: ReadonlyMap<string, string> = new Map(),
): void {
  out.data(result)
  for (const asset of result.assets) {
    const checks = result.checks.filter((check) => check.key === asset.key)
    const failedChecks = checks.filter((check) => check.status !== 'passed')
    const checkText =
      checks.length === 0
        ? ''
        : ` · checks ${checks.length - failedChecks.length}/${checks.length} passed${failedChecks.length > 0 ? ` (${failedChecks.map((c) => `${c.check} ${c.status}`).join(', ')})` : ''}`
    switch (asset.outcome) {
      case 'materialized':
        out.line(
          `${color.green('materialized')} ${asset.key} in ${seconds(asset.durationMs)}${checkText}`,
        )
        if (summaries.has(asset.key)) out.line(`    ${color.bold(summaries.get(asset.key) ?? '')}`)
        break
      case 'failed':
        out.line(
          `${color.red('failed')}       ${asset.key}: ${asset.error?.message ?? asset.message ?? ''}`,
        )
        if (asset.error?.hint !== undefined) out.line(`               hint: ${asset.error.hint}`)
        break
      case 'skipped':
      case 'canceled':
        out.line(`${color.yellow(asset.outcome.padEnd(12))} ${asset.key}: ${asset.message ?? ''}`)
        break
      default:
        assertUnreachable(asset.outcome)
    }
  }
  const paint = result.status === 'success' ? color.green : color.red
  out.line(paint(`run ${result.runId} ${result.status} in ${seconds(result.durationMs)}`))
}

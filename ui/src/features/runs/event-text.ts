import type { RunEvent } from '../../../../framework/api/schemas.js'
import { formatCount, formatDuration } from '../../lib/format.js'

/** How a log line looks: severity for its color, and one readable sentence. */
export interface EventLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'success'
  readonly text: string
}

/** One sentence per event type, for the run log. */
export function eventLine(event: RunEvent): EventLine {
  switch (event.type) {
    case 'run_started':
      return {
        level: 'info',
        text: `Run started: ${event.keys.length} assets (select ${event.selection})`,
      }
    case 'run_finished':
      return {
        level:
          event.status === 'success' ? 'success' : event.status === 'failure' ? 'error' : 'warn',
        text: `Run ${event.status} after ${formatDuration(event.durationMs)}`,
      }
    case 'step_started':
      return {
        level: 'info',
        text: `Started${event.worker === undefined ? '' : ` on worker ${event.worker}`}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`,
      }
    case 'step_waiting':
      return { level: 'warn', text: event.message }
    case 'step_failed':
      return {
        level: 'error',
        text: `${event.error.code}: ${event.error.message}${event.willRetry ? ' — will retry' : ''}${event.error.hint ? ` (${event.error.hint})` : ''}`,
      }
    case 'step_skipped':
      return {
        level: 'warn',
        text: `Skipped (${event.reason.replaceAll('_', ' ')}): ${event.message}`,
      }
    case 'asset_materialized':
      return {
        level: 'success',
        text: `Materialized ${formatCount(event.rowCount)} rows in ${formatDuration(event.durationMs)}${event.storageVersion === null ? '' : ` (Delta v${event.storageVersion})`}`,
      }
    case 'source_observed':
      return {
        level: 'info',
        text: `Observed ${event.fileCount} files, ${formatCount(event.bytes)} bytes`,
      }
    case 'check_evaluated': {
      const level =
        event.status === 'passed'
          ? 'success'
          : event.status === 'errored' || event.severity === 'error'
            ? 'error'
            : 'warn'
      return {
        level,
        text: `Check ${event.check} ${event.status}${event.message ? `: ${event.message}` : ''}`,
      }
    }
    case 'log':
      return { level: event.level, text: event.message }
  }
}

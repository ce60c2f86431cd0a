import {
  type AutomationCondition,
  allOf,
  anyOf,
  missing,
  newUpstreamData,
  not,
  upstreamInProgress,
  upstreamStale,
  withLabel,
} from './condition.js'
import { validateCron } from './cron.js'

export interface CronOptions {
  /** IANA time zone the expression is read in (default UTC). */
  readonly timezone?: string
}

/**
 * Keeps the asset up to date with its upstreams: materializes it when it is missing or an upstream
 * has new data, but waits while an upstream is being materialized or is itself stale (so it is
 * built once from the finished upstream, not once per upstream). Upstreams requested in the same
 * tick count as new data, so one run carries a change from bronze to gold.
 */
export function eager(): AutomationCondition {
  return withLabel(
    allOf(anyOf(missing(), newUpstreamData()), not(upstreamInProgress()), not(upstreamStale())),
    'eager',
  )
}

/**
 * Once per tick of `cron` (e.g. '@daily', '0 6 * * 1-5'), as soon as every upstream asset has been
 * materialized since that tick. Sources count as updated: they are observed, not scheduled.
 */
export function onCron(cron: string, options: CronOptions = {}): AutomationCondition {
  const timezone = options.timezone ?? 'UTC'
  return withLabel(
    allOf(cronTickPassed(cron, options), allUpstreamsUpdatedSinceCron(cron, options)),
    `on cron ${cron}${timezone === 'UTC' ? '' : ` (${timezone})`}`,
  )
}

/** Materializes the asset once when it is missing, after its upstreams are present and fresh. */
export function onMissing(): AutomationCondition {
  return withLabel(allOf(missing(), not(upstreamInProgress()), not(upstreamStale())), 'on missing')
}

/** A tick of `cron` passed since the asset was last requested for one. */
export function cronTickPassed(cron: string, options: CronOptions = {}): AutomationCondition {
  const timezone = options.timezone ?? 'UTC'
  validateCron(cron, timezone, 'cronTickPassed')
  return Object.freeze({ type: 'cron_tick_passed', cron, timezone })
}

/** Every upstream asset was materialized (or is requested now) since the latest tick of `cron`. */
export function allUpstreamsUpdatedSinceCron(
  cron: string,
  options: CronOptions = {},
): AutomationCondition {
  const timezone = options.timezone ?? 'UTC'
  validateCron(cron, timezone, 'allUpstreamsUpdatedSinceCron')
  return Object.freeze({ type: 'all_upstreams_updated_since_cron', cron, timezone })
}

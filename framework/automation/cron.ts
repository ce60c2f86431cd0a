import { createRequire } from 'node:module'
import type { CronExpressionParser } from 'cron-parser'
import { DefinitionError } from '../errors.js'

/**
 * The nicknames cron-parser accepts (tests/automation/cron-nicknames.test.ts holds it to that):
 * valid without parsing, so a project that only uses them (`onCron('@daily')`) is defined
 * without loading cron-parser and luxon, which cost a CLI start ~30 ms.
 */
export const CRON_NICKNAMES: ReadonlySet<string> = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@hourly',
  '@minutely',
  '@secondly',
  '@weekdays',
  '@weekends',
])

let parser: typeof CronExpressionParser | undefined

/** cron-parser, loaded on first use (a CommonJS package: require() is synchronous). */
function cronParser(): typeof CronExpressionParser {
  parser ??= (createRequire(import.meta.url)('cron-parser') as typeof import('cron-parser'))
    .CronExpressionParser
  return parser
}

/**
 * The newest tick of `cron` at or before `now` in `timezone` (IANA name), or undefined if it has
 * none. cron-parser's `prev()` is strictly before its start, hence the millisecond added.
 */
export function latestCronTick(cron: string, timezone: string, now: Date): Date | undefined {
  const expression = cronParser().parse(cron, {
    currentDate: new Date(now.getTime() + 1),
    tz: timezone,
  })
  return expression.hasPrev() ? expression.prev().toDate() : undefined
}

/** The first tick of `cron` after `now`, or undefined if it has none. */
export function nextCronTick(cron: string, timezone: string, now: Date): Date | undefined {
  const expression = cronParser().parse(cron, { currentDate: now, tz: timezone })
  return expression.hasNext() ? expression.next().toDate() : undefined
}

/** Throws DEFINITION_INVALID unless `cron` parses and `timezone` is a time zone Node knows. */
export function validateCron(cron: string, timezone: string, where: string): void {
  try {
    // UTC, the default, is always known; asking Intl costs loading its time zone data.
    if (timezone !== 'UTC') new Intl.DateTimeFormat('en-US', { timeZone: timezone })
  } catch {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      `${where}: unknown time zone "${timezone}". Use an IANA name such as "UTC" or "Europe/Paris".`,
    )
  }
  if (CRON_NICKNAMES.has(cron)) return
  try {
    cronParser().parse(cron, { tz: timezone })
  } catch (error) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      `${where}: "${cron}" is not a cron expression (${error instanceof Error ? error.message : String(error)}). Use five fields ("0 6 * * *": 06:00 daily) or a nickname (@hourly, @daily, @weekly, @monthly).`,
      { cause: error },
    )
  }
}

import { CronExpressionParser } from 'cron-parser'
import { DefinitionError } from '../errors.js'

/**
 * The newest tick of `cron` at or before `now` in `timezone` (IANA name), or undefined if it has
 * none. cron-parser's `prev()` is strictly before its start, hence the millisecond added.
 */
export function latestCronTick(cron: string, timezone: string, now: Date): Date | undefined {
  const expression = CronExpressionParser.parse(cron, {
    currentDate: new Date(now.getTime() + 1),
    tz: timezone,
  })
  return expression.hasPrev() ? expression.prev().toDate() : undefined
}

/** The first tick of `cron` after `now`, or undefined if it has none. */
export function nextCronTick(cron: string, timezone: string, now: Date): Date | undefined {
  const expression = CronExpressionParser.parse(cron, { currentDate: now, tz: timezone })
  return expression.hasNext() ? expression.next().toDate() : undefined
}

/** Throws DEFINITION_INVALID unless `cron` parses and `timezone` is a time zone Node knows. */
export function validateCron(cron: string, timezone: string, where: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
  } catch {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      `${where}: unknown time zone "${timezone}". Use an IANA name such as "UTC" or "Europe/Paris".`,
    )
  }
  try {
    CronExpressionParser.parse(cron, { tz: timezone })
  } catch (error) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      `${where}: "${cron}" is not a cron expression (${error instanceof Error ? error.message : String(error)}). Use five fields ("0 6 * * *": 06:00 daily) or a nickname (@hourly, @daily, @weekly, @monthly).`,
      { cause: error },
    )
  }
}

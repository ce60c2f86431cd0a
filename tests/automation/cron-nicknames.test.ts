import { CronExpressionParser } from 'cron-parser'
import { describe, expect, it } from 'vitest'
import { CRON_NICKNAMES, nextCronTick } from '../../framework/automation/cron.js'
import { onCron } from '../../framework/automation/policies.js'

// validateCron accepts these nicknames without parsing them: each must be one cron-parser knows.
describe('cron nicknames', () => {
  it.each([...CRON_NICKNAMES])('cron-parser parses %s', (nickname) => {
    expect(() => CronExpressionParser.parse(nickname, { tz: 'UTC' })).not.toThrow()
    expect(nextCronTick(nickname, 'UTC', new Date('2026-03-02T05:00:00.000Z'))).toBeInstanceOf(Date)
  })

  it('still rejects a misspelt nickname, and a nickname in an unknown time zone', () => {
    expect(() => onCron('@dialy')).toThrow(expect.objectContaining({ code: 'DEFINITION_INVALID' }))
    expect(() => onCron('@daily', { timezone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'DEFINITION_INVALID' }),
    )
  })
})

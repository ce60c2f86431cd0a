import { describe, expect, it } from 'vitest'
import type { StepSummary } from '../../framework/api/schemas.js'
import { cohortRows, liftPoints } from '../../ui/src/features/insights/insight-data.js'
import { eventLine } from '../../ui/src/features/runs/event-text.js'
import { timelineBars } from '../../ui/src/features/runs/timeline.js'

const step = (key: string, startedAt: string | null, finishedAt: string | null): StepSummary => ({
  key,
  status: finishedAt ? 'materialized' : startedAt ? 'running' : 'pending',
  startedAt,
  finishedAt,
  durationMs: null,
  attempts: 1,
  worker: null,
  workers: [],
  rowCount: null,
  message: null,
  checks: [],
})
const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString()

describe('timelineBars', () => {
  it('places finished, running and pending steps on the run time axis', () => {
    const steps = [step('a', t(0), t(5)), step('b', t(5), null), step('c', null, null)]
    const { bars, spanMs } = timelineBars(steps, t(0), null, Date.parse(t(10)))
    expect(spanMs).toBe(10_000)
    expect(bars[0]).toMatchObject({ start: 0, width: 0.5, open: false })
    expect(bars[1]).toMatchObject({ start: 0.5, width: 0.5, open: true })
    expect(bars[2]).toMatchObject({ width: 0 })
  })

  it('ends open bars at the run end once the run is over', () => {
    const { bars } = timelineBars([step('a', t(0), null)], t(0), t(4), Date.parse(t(60)))
    expect(bars[0]).toMatchObject({ start: 0, width: 1 })
  })
})

describe('eventLine', () => {
  it('says why a step failed, with the error code and hint', () => {
    const line = eventLine({
      type: 'step_failed',
      runId: 'r',
      at: t(0),
      key: 'silver/x',
      attempt: 1,
      willRetry: false,
      error: { code: 'USER_CODE_FAILED', message: 'boom', hint: 'fix it' },
    })
    expect(line).toEqual({ level: 'error', text: 'USER_CODE_FAILED: boom (fix it)' })
  })

  it('names the queue worker a step started on, and the attempt after the first', () => {
    const started = { type: 'step_started', runId: 'r', at: t(0), key: 'k/x' } as const
    expect(eventLine({ ...started, attempt: 1 }).text).toBe('Started')
    expect(eventLine({ ...started, attempt: 2, worker: 'w-2' }).text).toBe(
      'Started on worker w-2 (attempt 2)',
    )
  })

  it('colors a failed warn check as a warning and a failed error check as an error', () => {
    const base = {
      type: 'check_evaluated',
      runId: 'r',
      at: t(0),
      key: 'k/x',
      check: 'c',
      blocking: false,
      status: 'failed',
      metadata: {},
      durationMs: 1,
    } as const
    expect(eventLine({ ...base, severity: 'warn' }).level).toBe('warn')
    expect(eventLine({ ...base, severity: 'error' }).level).toBe('error')
  })
})

describe('insight data', () => {
  it('pivots conversion rates by feature, leaving out empty cohorts', () => {
    const row = (cohort: 'used_before_conversion' | 'not_available', rate: number | null) => ({
      feature_name: 'f',
      cohort,
      total_users: 10,
      converted_users: 1,
      conversion_rate: rate,
      avg_days_to_convert: null,
      avg_mrr: null,
    })
    expect(cohortRows([row('used_before_conversion', 0.25), row('not_available', null)])).toEqual([
      { feature: 'f', used_before_conversion: 25 },
    ])
  })

  it('turns a rate difference and its CI into a point with error bar distances', () => {
    const lift = (name: string, diff: number | null, low: number, high: number, l: number) => ({
      feature_name: name,
      adopters: 10,
      adopter_rate: 0.2,
      non_adopters: 10,
      non_adopter_rate: 0.1,
      lift: l,
      rate_difference: diff,
      ci_low: low,
      ci_high: high,
      p_value: 0.1,
    })
    const points = liftPoints([
      lift('a', 0.05, -0.01, 0.11, 1.5),
      lift('b', 0.1, 0.02, 0.18, 2),
      lift('c', null, 0, 0, 1),
    ])
    expect(points.map((p) => p.feature)).toEqual(['b', 'a'])
    expect(points[0]).toMatchObject({ difference: 10, interval: [8, 8], significant: true })
    expect(points[1]).toMatchObject({ difference: 5, interval: [6, 6], significant: false })
  })
})

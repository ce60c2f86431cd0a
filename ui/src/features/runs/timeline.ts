import type { StepSummary } from '../../../../framework/api/schemas.js'

/** One bar of the Gantt chart, as fractions (0..1) of the run's time span. */
export interface TimelineBar {
  readonly key: string
  readonly status: StepSummary['status']
  readonly start: number
  readonly width: number
  /** Still going: the bar grows with the clock. */
  readonly open: boolean
}

/**
 * Places each step on the run's time axis: from the run's start (or its first step) to its end,
 * or to `now` while it runs. Steps that never started get no bar (width 0 at the axis' end).
 */
export function timelineBars(
  steps: readonly StepSummary[],
  runStartedAt: string | null,
  runFinishedAt: string | null,
  now: number,
): { bars: TimelineBar[]; spanMs: number; startMs: number } {
  const starts = steps.flatMap((s) => (s.startedAt ? [Date.parse(s.startedAt)] : []))
  const startMs = runStartedAt ? Date.parse(runStartedAt) : Math.min(...starts, now)
  const ends = steps.flatMap((s) => (s.finishedAt ? [Date.parse(s.finishedAt)] : []))
  const endMs = runFinishedAt ? Date.parse(runFinishedAt) : Math.max(now, ...ends)
  // At least one second, so a run of instant steps still draws visible bars.
  const spanMs = Math.max(endMs - startMs, 1000)
  const bars = steps.map((step): TimelineBar => {
    if (!step.startedAt)
      return { key: step.key, status: step.status, start: 1, width: 0, open: false }
    const from = Date.parse(step.startedAt) - startMs
    const open = step.finishedAt === null
    const to =
      (open ? (runFinishedAt ? endMs : now) : Date.parse(step.finishedAt as string)) - startMs
    const start = clamp(from / spanMs)
    return {
      key: step.key,
      status: step.status,
      start,
      width: Math.max(clamp(to / spanMs) - start, 0.004),
      open,
    }
  })
  return { bars, spanMs, startMs }
}

const clamp = (value: number) => Math.min(Math.max(value, 0), 1)

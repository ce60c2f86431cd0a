import { FrameworkError } from '../../framework/errors.js'
import { parseDate } from './dates.js'

/** What `generateData` is asked to produce. Every field has a default. */
export interface GenerateOptions {
  /** Users who sign up during the period (default 5000). */
  readonly users?: number
  /** Length of the period in days (default 180). */
  readonly days?: number
  /** First day of the period, `YYYY-MM-DD` (default 2024-01-01). */
  readonly start?: string
  /** Seed of every random draw; the same options write the same bytes (default 42). */
  readonly seed?: number
  /** How many times as often `real_time_collab` adopters convert (default 1.23). */
  readonly collabLift?: number
  /** Add malformed records, duplicates and late-arriving events (default false). */
  readonly dirty?: boolean
  /** Output folder (default `data/raw` under the current directory). */
  readonly out?: string
  /** Usage events as a folder of daily files (default true) or as one `feature_usage_events.jsonl`. */
  readonly eventsPerFileDay?: boolean
}

/** Options with every default filled in and checked. */
export interface ResolvedOptions {
  readonly users: number
  readonly days: number
  readonly start: string
  readonly startMs: number
  readonly seed: number
  readonly collabLift: number
  readonly dirty: boolean
  readonly out: string
  readonly eventsPerFileDay: boolean
}

/** The defaults the spec names. */
export const DEFAULT_OPTIONS = {
  users: 5000,
  days: 180,
  start: '2024-01-01',
  seed: 42,
  collabLift: 1.23,
  dirty: false,
  out: 'data/raw',
  eventsPerFileDay: true,
} as const

function usage(message: string, hint: string): FrameworkError {
  return new FrameworkError('USAGE', `generate-data: ${message}. ${hint}`, { hint })
}

function positiveInt(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw usage(
      `--${name} must be a whole number from 1 to ${max}, got ${value}`,
      `Pass e.g. --${name} ${DEFAULT_OPTIONS[name as 'users' | 'days']}.`,
    )
  }
  return value
}

/** Fills defaults and rejects values the generator cannot honour (FrameworkError `USAGE`). */
export function resolveOptions(options: GenerateOptions = {}): ResolvedOptions {
  const start = options.start ?? DEFAULT_OPTIONS.start
  const startMs = parseDate(start)
  if (Number.isNaN(startMs)) {
    throw usage(
      `--start must be a real date as YYYY-MM-DD, got "${start}"`,
      'Pass e.g. --start 2024-01-01.',
    )
  }
  const seed = options.seed ?? DEFAULT_OPTIONS.seed
  if (!Number.isInteger(seed)) {
    throw usage(`--seed must be a whole number, got ${seed}`, 'Pass e.g. --seed 42.')
  }
  const collabLift = options.collabLift ?? DEFAULT_OPTIONS.collabLift
  // Conversion probabilities are base × lifts; above 4 the product could pass 1 and stop being a lift.
  if (!(collabLift > 0 && collabLift <= 4)) {
    throw usage(
      `--collab-lift must be above 0 and at most 4, got ${collabLift}`,
      'Pass e.g. --collab-lift 1.23.',
    )
  }
  return {
    users: positiveInt('users', options.users ?? DEFAULT_OPTIONS.users, 10_000_000),
    days: positiveInt('days', options.days ?? DEFAULT_OPTIONS.days, 3650),
    start,
    startMs,
    seed,
    collabLift,
    dirty: options.dirty ?? DEFAULT_OPTIONS.dirty,
    out: options.out ?? DEFAULT_OPTIONS.out,
    eventsPerFileDay: options.eventsPerFileDay ?? DEFAULT_OPTIONS.eventsPerFileDay,
  }
}

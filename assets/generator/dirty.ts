import type { Rng } from './prng.js'

/** Shares of records that `--dirty` adds on top of the clean data. */
export const DIRTY_RATES = {
  /** Extra records that bronze must quarantine. */
  invalid: 0.012,
  /** Exact copies of a record (usage events: same event_id). */
  duplicate: 0.008,
  /** Usage events moved into a later day's file. */
  late: 0.005,
} as const

/** The ways a record is broken; bronze quarantines each of them. */
export const BAD_KINDS = [
  'not_json',
  'missing_field',
  'null_user_id',
  'wrong_type',
  'bad_date',
] as const
export type BadKind = (typeof BAD_KINDS)[number]

/** The JSON Lines sources that get bad records. */
export type LineSource = 'user_signups' | 'feature_usage_events' | 'conversions'

interface Recipe {
  /** A required field left out. */
  readonly missing: string
  /** A date or timestamp field and values that look like one but do not parse. */
  readonly dateField: string
  readonly badDates: readonly string[]
  /** A field and values of a type it can never have. */
  readonly wrongType: readonly (readonly [string, unknown])[]
}

const RECIPES: Record<LineSource, Recipe> = {
  user_signups: {
    missing: 'signup_date',
    dateField: 'signup_date',
    badDates: ['2024-02-30', '2024-13-01', 'not-a-date'],
    wrongType: [
      ['company_size', { min: 11, max: 50 }],
      ['email', true],
    ],
  },
  feature_usage_events: {
    missing: 'event_timestamp',
    dateField: 'event_timestamp',
    badDates: ['2024-02-30T10:00:00Z', '2024-01-05T25:61:00Z', 'last tuesday'],
    wrongType: [
      ['event_timestamp', true],
      ['feature_id', ['f_001']],
    ],
  },
  conversions: {
    missing: 'plan',
    dateField: 'conversion_date',
    badDates: ['2024-02-30', '2024-13-01', 'soon'],
    wrongType: [
      ['mrr', 'abc'],
      ['days_to_convert', 'abc'],
    ],
  },
}

/**
 * A broken copy of a valid record. The copy keeps real ids and dates, so a pipeline that wrongly let
 * it through would at worst repeat a fact, never invent a conversion or an earlier first use.
 */
export function badLine(
  source: LineSource,
  record: Readonly<Record<string, unknown>>,
  kind: BadKind,
  rng: Rng,
): string {
  const recipe = RECIPES[source]
  const copy: Record<string, unknown> = { ...record }
  switch (kind) {
    case 'not_json': {
      const text = JSON.stringify(copy)
      return text.slice(0, Math.floor(text.length / 2))
    }
    case 'missing_field':
      delete copy[recipe.missing]
      break
    case 'null_user_id':
      copy.user_id = null
      break
    case 'wrong_type': {
      const [field, value] = rng.pick(recipe.wrongType)
      copy[field] = value
      break
    }
    case 'bad_date':
      copy[recipe.dateField] = rng.pick(recipe.badDates)
      break
  }
  return JSON.stringify(copy)
}

/** Counts of what `--dirty` added, by kind. */
export interface DirtyCounts {
  invalid: Record<BadKind, number>
  duplicates: number
  late: number
}

/** Zero counts to add to. */
export function emptyDirtyCounts(): DirtyCounts {
  const invalid = Object.fromEntries(BAD_KINDS.map((k) => [k, 0])) as Record<BadKind, number>
  return { invalid, duplicates: 0, late: 0 }
}

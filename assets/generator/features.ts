import { dayToDate } from './dates.js'
import type { ResolvedOptions } from './options.js'

/** When a version ships: `before` days before the start, or at a share `at` of the period. */
type ReleaseWhen = { readonly before: number } | { readonly at: number }

interface VersionSpec {
  readonly version: string
  readonly when: ReleaseWhen
  /** Written only when set, so the optional field is exercised both ways. */
  readonly isEnabled?: boolean
}

interface FeatureSpec {
  readonly id: string
  readonly name: string
  readonly versions: readonly VersionSpec[]
  /** Chance a user adopts the feature within the activation window, given it is available. */
  readonly adoption: number
  /** Planted conversion lift for users who adopt within the window; `collab` takes `--collab-lift`. */
  readonly lift: number | 'collab'
  /** Chance an adopter uses the feature on a day they are active. */
  readonly dailyUse: number
  readonly eventTypes: readonly string[]
}

/** A feature as the generator uses it: days are counted from the start (negative = before it). */
export interface Feature {
  readonly index: number
  readonly id: string
  readonly name: string
  readonly releaseDay: number
  /** First day the feature is disabled, or +Infinity. No usage on or after it. */
  readonly disabledDay: number
  readonly adoption: number
  readonly lift: number
  readonly dailyUse: number
  readonly eventTypes: readonly string[]
  readonly versions: readonly { version: string; day: number; isEnabled?: boolean }[]
}

/** The feature that carries the planted effect, and the one planted with none. */
export const COLLAB_FEATURE = 'real_time_collab'
export const NO_EFFECT_FEATURE = 'dark_mode'

// Adoption is drawn independently per feature, and every lift is a separate factor, so no feature
// confounds another's measured lift. Lifts other than collab's are small on purpose.
const CATALOG: readonly FeatureSpec[] = [
  {
    id: 'f_001',
    name: COLLAB_FEATURE,
    adoption: 0.35,
    lift: 'collab',
    dailyUse: 0.5,
    eventTypes: ['session_started', 'cursor_shared', 'comment_added'],
    versions: [
      { version: '1.0', when: { before: 120 } },
      { version: '1.1', when: { at: 0.2 } },
      { version: '2.0', when: { at: 0.55 }, isEnabled: true },
    ],
  },
  {
    id: 'f_002',
    name: NO_EFFECT_FEATURE,
    adoption: 0.45,
    lift: 1.0,
    dailyUse: 0.6,
    eventTypes: ['theme_switched', 'theme_applied'],
    versions: [
      { version: '1.0', when: { before: 200 }, isEnabled: true },
      { version: '1.1', when: { at: 0.35 } },
    ],
  },
  {
    id: 'f_003',
    name: 'dashboards',
    adoption: 0.5,
    lift: 1.08,
    dailyUse: 0.5,
    eventTypes: ['dashboard_viewed', 'widget_added', 'dashboard_shared'],
    versions: [
      { version: '1.0', when: { before: 300 } },
      { version: '2.0', when: { before: 40 } },
      { version: '2.1', when: { at: 0.4 } },
      { version: '3.0', when: { at: 0.8 } },
    ],
  },
  {
    id: 'f_004',
    name: 'integrations',
    adoption: 0.25,
    lift: 1.12,
    dailyUse: 0.3,
    eventTypes: ['integration_connected', 'sync_run'],
    versions: [{ version: '1.0', when: { before: 150 } }],
  },
  {
    id: 'f_005',
    name: 'api_access',
    adoption: 0.15,
    lift: 1.05,
    dailyUse: 0.4,
    eventTypes: ['api_key_created', 'api_call'],
    versions: [
      { version: '1.0', when: { before: 365 } },
      { version: '1.1', when: { at: 0.1 } },
    ],
  },
  {
    id: 'f_006',
    name: 'ai_assistant',
    adoption: 0.3,
    lift: 1.05,
    dailyUse: 0.4,
    eventTypes: ['prompt_sent', 'suggestion_accepted'],
    versions: [
      { version: '0.9', when: { at: 0.25 } },
      { version: '1.0', when: { at: 0.6 }, isEnabled: true },
    ],
  },
  {
    id: 'f_007',
    name: 'templates',
    adoption: 0.4,
    lift: 1.04,
    dailyUse: 0.35,
    eventTypes: ['template_browsed', 'template_applied'],
    versions: [{ version: '1.0', when: { at: 0.08 } }],
  },
  // Sunset mid-period: its current state is disabled, so the gold tables leave it out.
  {
    id: 'f_008',
    name: 'legacy_reports',
    adoption: 0.2,
    lift: 0.95,
    dailyUse: 0.3,
    eventTypes: ['report_exported'],
    versions: [
      { version: '1.0', when: { before: 500 } },
      { version: '1.1', when: { at: 0.5 }, isEnabled: false },
    ],
  },
]

function releaseDay(when: ReleaseWhen, days: number): number {
  // Releases during the period land on day 1 or later, so each is a real change after the start.
  return 'before' in when ? -when.before : Math.max(1, Math.round(when.at * days))
}

/** The feature catalog placed on this run's calendar. */
export function buildFeatures(options: ResolvedOptions): Feature[] {
  return CATALOG.map((spec, index) => {
    const versions = spec.versions.map((v) => ({
      version: v.version,
      day: releaseDay(v.when, options.days),
      ...(v.isEnabled === undefined ? {} : { isEnabled: v.isEnabled }),
    }))
    const disabled = versions.find((v) => v.isEnabled === false)
    return {
      index,
      id: spec.id,
      name: spec.name,
      releaseDay: versions[0]?.day ?? 0,
      disabledDay: disabled === undefined ? Number.POSITIVE_INFINITY : disabled.day,
      adoption: spec.adoption,
      lift: spec.lift === 'collab' ? options.collabLift : spec.lift,
      dailyUse: spec.dailyUse,
      eventTypes: spec.eventTypes,
      versions,
    }
  })
}

/** One object per feature version, as `feature_releases.json` holds them. */
export function releaseRecords(
  features: readonly Feature[],
  options: ResolvedOptions,
): Record<string, unknown>[] {
  return features.flatMap((f) =>
    f.versions.map((v) => ({
      feature_id: f.id,
      feature_name: f.name,
      release_date: dayToDate(options.startMs, v.day),
      version: v.version,
      ...(v.isEnabled === undefined ? {} : { is_enabled: v.isEnabled }),
    })),
  )
}

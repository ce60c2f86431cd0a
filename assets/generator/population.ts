import type { Feature } from './features.js'
import type { ResolvedOptions } from './options.js'
import { createRng, type Rng } from './prng.js'

/** The activation window of the spec: first use within this many days of signup counts as adoption. */
export const ACTIVATION_WINDOW_DAYS = 14
/** Conversion probability of a user who adopts nothing with an effect. */
export const BASE_CONVERSION = 0.16
/** Share of converters who convert before the trial ends (day 14). */
const EARLY_CONVERSION_SHARE = 0.06
/** Chance that a user who did not adopt a feature in the window starts using it later. */
const LATE_ADOPTION = 0.2
const TZ_OFFSETS = [0, 60, 120, -300, -240, -480, 330, 540]
const TZ_WEIGHTS = [55, 10, 6, 10, 6, 6, 4, 3]

/** Each user's plan, decided up front; events are then played out day by day. Days count from the start. */
export interface Population {
  readonly count: number
  readonly featureCount: number
  /** In signup order. */
  readonly ids: string[]
  readonly signupDay: Int32Array
  readonly lastActiveDay: Int32Array
  /** Day of the first conversion, or -1. It may lie after the period; then it is not written. */
  readonly conversionDay: Int32Array
  /** Day of a later plan upgrade, or -1. */
  readonly upgradeDay: Int32Array
  /** UTC offset in minutes the user's events are written in. */
  readonly tzOffset: Int16Array
  /** Chance the user is active on a given day, before the per-phase factor. */
  readonly activity: Float32Array
  /** `firstUse[user * featureCount + feature]`: day of first use, or -1 for never. */
  readonly firstUse: Int32Array
}

function drawSignupDays(rng: Rng, count: number, days: number, startMs: number): Int32Array {
  // Growing sign-ups with quieter weekends, drawn by inverse CDF and sorted so ids follow signup order.
  const cumulative = new Float64Array(days)
  let total = 0
  for (let d = 0; d < days; d++) {
    const weekday = new Date(startMs + d * 86_400_000).getUTCDay()
    total += (1 + (0.8 * d) / days) * (weekday === 0 || weekday === 6 ? 0.6 : 1)
    cumulative[d] = total
  }
  const out = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    const r = rng.next() * total
    let lo = 0
    let hi = days - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] as number) > r) hi = mid
      else lo = mid + 1
    }
    out[i] = lo
  }
  return out.sort()
}

/**
 * The generative model. For each feature available in the user's window, adoption is an independent
 * coin; conversion probability is BASE_CONVERSION times the lift of every feature adopted. Only then
 * are the conversion day and the adoption days placed, adoption always on or before the cutoff
 * min(signup + 14, conversion). So "used by cutoff" is exactly the planted treatment, and the measured
 * lift matches the planted one (no reverse causation from early converters having less time).
 */
export function buildPopulation(
  options: ResolvedOptions,
  features: readonly Feature[],
): Population {
  const rng = createRng(options.seed, 'population')
  const count = options.users
  const fc = features.length
  const width = Math.max(6, String(count).length)
  const signupDay = drawSignupDays(rng, count, options.days, options.startMs)
  const pop: Population = {
    count,
    featureCount: fc,
    ids: Array.from({ length: count }, (_, i) => `u_${String(i + 1).padStart(width, '0')}`),
    signupDay,
    lastActiveDay: new Int32Array(count),
    conversionDay: new Int32Array(count).fill(-1),
    upgradeDay: new Int32Array(count).fill(-1),
    tzOffset: new Int16Array(count),
    activity: new Float32Array(count),
    firstUse: new Int32Array(count * fc).fill(-1),
  }
  const adopted = new Float64Array(fc)
  for (let i = 0; i < count; i++) {
    const s = signupDay[i] as number
    let p = BASE_CONVERSION
    for (const f of features) {
      const available = f.releaseDay <= s + ACTIVATION_WINDOW_DAYS && f.disabledDay > s
      // -1 = not adopted in the window; otherwise the position within the window, front-loaded.
      adopted[f.index] = available && rng.chance(f.adoption) ? rng.next() ** 2 : -1
      if ((adopted[f.index] as number) >= 0) p *= f.lift
    }
    let conv = -1
    if (rng.chance(p)) {
      conv = rng.chance(EARLY_CONVERSION_SHARE)
        ? s + rng.int(3, ACTIVATION_WINDOW_DAYS - 1)
        : s + ACTIVATION_WINDOW_DAYS + (rng.chance(0.4) ? rng.int(0, 1) : 2 + rng.expDays(15))
      if (rng.chance(0.1)) pop.upgradeDay[i] = conv + 30 + rng.int(0, 60)
    }
    pop.conversionDay[i] = conv
    const cutoff =
      conv >= 0 ? Math.min(s + ACTIVATION_WINDOW_DAYS, conv) : s + ACTIVATION_WINDOW_DAYS
    let last = conv >= 0 ? conv + 30 + rng.expDays(150) : s + 5 + rng.expDays(12)
    for (const f of features) {
      const lo = Math.max(s, f.releaseDay)
      const hi = Math.min(cutoff, f.disabledDay - 1)
      const position = adopted[f.index] as number
      let day = -1
      if (position >= 0 && lo <= hi) day = lo + Math.floor(position * (hi - lo + 1))
      else if (rng.chance(LATE_ADOPTION)) {
        const late = Math.max(cutoff + 1, f.releaseDay) + rng.expDays(20)
        if (late <= last && late < f.disabledDay) day = late
      }
      pop.firstUse[i * fc + f.index] = day
      if (day > last) last = day
    }
    pop.lastActiveDay[i] = last
    pop.tzOffset[i] = TZ_OFFSETS[rng.weighted(TZ_WEIGHTS)] as number
    pop.activity[i] = 0.6 + rng.next() * 0.8
  }
  return pop
}

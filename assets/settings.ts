import { FrameworkError } from '../framework/index.js'

/** Days after signup in which feature use counts as activation (the spec's W). */
export const DEFAULT_ACTIVATION_WINDOW_DAYS = 14

/**
 * The activation window W, read from `MEDALLION_ACTIVATION_WINDOW_DAYS` when set. Read at
 * materialization time (not import time), so a test or a run can change it without reloading.
 */
export function activationWindowDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MEDALLION_ACTIVATION_WINDOW_DAYS
  if (raw === undefined || raw.trim() === '') return DEFAULT_ACTIVATION_WINDOW_DAYS
  const days = Number(raw)
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new FrameworkError(
      'USAGE',
      `settings: MEDALLION_ACTIVATION_WINDOW_DAYS must be a whole number of days from 1 to 365, got "${raw}". Unset it to use the default of ${DEFAULT_ACTIVATION_WINDOW_DAYS}.`,
    )
  }
  return days
}

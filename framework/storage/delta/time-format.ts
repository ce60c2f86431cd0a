const MICROS_PER_DAY = 86_400_000_000n

/**
 * `2020-01-01T08:09:10.001000` (+ `Z` when `utc`) from microseconds since the epoch, computed
 * without Date so the host time zone and millisecond rounding cannot leak in.
 */
export function formatMicros(micros: bigint, utc: boolean): string {
  let days = micros / MICROS_PER_DAY
  let rest = micros % MICROS_PER_DAY
  if (rest < 0n) {
    rest += MICROS_PER_DAY
    days -= 1n
  }
  const date = new Date(Number(days) * 86_400_000).toISOString().slice(0, 10)
  const seconds = rest / 1_000_000n
  const fraction = String(rest % 1_000_000n).padStart(6, '0')
  const hh = String(seconds / 3600n).padStart(2, '0')
  const mm = String((seconds / 60n) % 60n).padStart(2, '0')
  const ss = String(seconds % 60n).padStart(2, '0')
  return `${date}T${hh}:${mm}:${ss}.${fraction}${utc ? 'Z' : ''}`
}

const DAY_MS = 86_400_000

/** Milliseconds of midnight UTC of a `YYYY-MM-DD` date, or NaN when it is not a real date. */
export function parseDate(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return Number.NaN
  const ms = Date.parse(`${text}T00:00:00Z`)
  // Date.parse rolls 2024-02-30 over to March; a real date formats back to itself.
  return Number.isNaN(ms) || formatDate(ms) !== text ? Number.NaN : ms
}

/** The `YYYY-MM-DD` of a UTC instant. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** The `YYYY-MM-DD` of day `day` counted from `startMs` (day 0 is the start). */
export function dayToDate(startMs: number, day: number): string {
  return formatDate(startMs + day * DAY_MS)
}

/** The start of day `day` in milliseconds. */
export function dayStartMs(startMs: number, day: number): number {
  return startMs + day * DAY_MS
}

const dateCache = new Map<number, string>()
function cachedDate(day: number): string {
  let text = dateCache.get(day)
  if (text === undefined) {
    text = formatDate(day * DAY_MS)
    dateCache.set(day, text)
  }
  return text
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/**
 * ISO 8601 text of an instant as seen at a UTC offset: `2024-01-05T13:45:12Z` for offset 0,
 * `2024-01-05T15:45:12+02:00` for +120 minutes. Both name the same instant.
 */
export function formatTimestamp(ms: number, offsetMinutes: number): string {
  const local = ms + offsetMinutes * 60_000
  const day = Math.floor(local / DAY_MS)
  // Whole seconds only; the date part is cached because a run touches few distinct days.
  const seconds = Math.floor((local - day * DAY_MS) / 1000)
  const text =
    `${cachedDate(day)}T${pad2(Math.floor(seconds / 3600))}:` +
    `${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`
  if (offsetMinutes === 0) return `${text}Z`
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${text}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
}

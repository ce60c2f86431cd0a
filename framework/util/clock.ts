/** The current time as an ISO-8601 UTC string, the format of every `at` in events and runs. */
export function nowIso(): string {
  return new Date().toISOString()
}

import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The non-blank lines of a JSON Lines file. */
export function readLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
}

/** JSON.parse, or undefined when the text is not JSON. */
export function tryParse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** Daily event files of a raw folder, by file date. */
export function eventFiles(raw: string): { date: string; lines: string[] }[] {
  const dir = join(raw, 'feature_usage_events')
  return readdirSync(dir)
    .sort()
    .map((name) => ({ date: name.replace('.jsonl', ''), lines: readLines(join(dir, name)) }))
}

/** sha256 over every file's relative path and bytes: equal hashes mean byte-identical outputs. */
export function hashTree(dir: string): string {
  const hash = createHash('sha256')
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const rel = join(sub, entry.name)
      if (entry.isDirectory()) walk(rel)
      else hash.update(rel).update(readFileSync(join(dir, rel)))
    }
  }
  walk('')
  return hash.digest('hex')
}

export const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** True for a real calendar date as YYYY-MM-DD (Date.parse would roll 2024-02-30 over to March). */
export function isRealDate(text: unknown): text is string {
  if (typeof text !== 'string' || !ISO_DATE.test(text)) return false
  const ms = Date.parse(`${text}T00:00:00Z`)
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text
}

/** The UTC date of an ISO 8601 instant with Z or an offset, or undefined when it is not a real one. */
export function utcDate(timestamp: unknown): string | undefined {
  if (typeof timestamp !== 'string') return undefined
  const m = ISO_INSTANT.exec(timestamp)
  if (
    m === null ||
    !isRealDate(m[1]) ||
    Number(m[2]) > 23 ||
    Number(m[3]) > 59 ||
    Number(m[4]) > 59
  )
    return undefined
  return new Date(Date.parse(timestamp)).toISOString().slice(0, 10)
}

import { distance } from 'fastest-levenshtein'

/** Slips that keep a key recognisable: `silver.user_dim`, `Silver/User-Dim`, `silver:user_dim`. */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[.:\\ ]/g, '/')
    .replace(/-/g, '_')
}

/**
 * The known names closest to `input`, best first, for "Did you mean …?" in error messages.
 * Separator and case slips rank first, then a bare name that matches a key's name part
 * (`user_dim` for `silver/user_dim`), then a part of a name (`gold/impact`), then small edit
 * distances.
 */
export function closestMatches(input: string, known: Iterable<string>, limit = 3): string[] {
  const normalized = normalize(input)
  // Loose enough for a typo or two, tight enough that long keys don't all look alike.
  const maxDistance = Math.max(2, Math.floor(input.length / 5))
  const namePart = normalized.slice(normalized.lastIndexOf('/') + 1)
  const scored: { name: string; score: number }[] = []
  for (const name of known) {
    if (name === input) continue
    const candidate = normalize(name)
    let score: number
    if (candidate === normalized) score = 0
    else if (!normalized.includes('/') && candidate.endsWith(`/${normalized}`)) score = 1
    else if (namePart.length >= 4 && candidate.slice(candidate.indexOf('/') + 1).includes(namePart))
      score = 1.5
    else {
      const d = distance(normalized, candidate)
      if (d > maxDistance) continue
      score = 1 + d
    }
    scored.push({ name, score })
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return scored.slice(0, limit).map((s) => s.name)
}

/** ` Did you mean "x"?` (with a leading space), or an empty string when nothing is close. */
export function didYouMean(input: string, known: Iterable<string>): string {
  const matches = closestMatches(input, known)
  if (matches.length === 0) return ''
  if (matches.length === 1) return ` Did you mean "${matches[0]}"?`
  return ` Did you mean one of ${matches.map((m) => `"${m}"`).join(', ')}?`
}

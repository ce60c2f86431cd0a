/** The URL as it may be printed in messages: its password replaced by `***`. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    // An URL that does not parse may still hold a secret: print none of it.
    return '<unparsable URL>'
  }
}

import { FrameworkError } from '../errors.js'

/** Hosts only this machine can reach. */
export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
  )
}

/**
 * Refuses to expose the API beyond this machine without a token: anyone who reaches it can
 * launch runs and read every table.
 */
export function assertSafeBinding(host: string, token: string | undefined): void {
  if (isLoopback(host) || (token !== undefined && token !== '')) return
  throw new FrameworkError(
    'USAGE',
    `dev: binding to ${host} would let other machines launch runs and read every table, and no token is set.`,
    {
      hint: 'Pass --token <secret> (or set MEDALLION_TOKEN), or bind to 127.0.0.1 (the default).',
    },
  )
}

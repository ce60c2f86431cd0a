import { timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { HttpError } from './errors.js'

/**
 * Requires `Authorization: Bearer <token>` on every request it guards. `?token=` is accepted too
 * because EventSource cannot set headers; prefer the header everywhere else (URLs end up in logs).
 */
export function requireToken(token: string): MiddlewareHandler {
  const expected = Buffer.from(token)
  return async (c, next) => {
    const header = c.req.header('authorization')
    const given = header?.startsWith('Bearer ')
      ? header.slice('Bearer '.length)
      : c.req.query('token')
    if (given === undefined || !sameToken(Buffer.from(given), expected)) {
      throw new HttpError(
        'UNAUTHORIZED',
        `${c.req.method} ${c.req.path}: missing or wrong token. This server requires one.`,
        'Send `Authorization: Bearer <token>` (or `?token=<token>` for EventSource), with the token given to `medallion dev --token` or MEDALLION_TOKEN.',
      )
    }
    await next()
  }
}

// Constant time, so the token cannot be guessed byte by byte from response times.
function sameToken(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected)
}

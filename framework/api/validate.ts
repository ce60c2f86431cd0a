import { HttpError } from './errors.js'

interface IssueLike {
  readonly path: readonly PropertyKey[]
  readonly message: string
}

type ValidationResult =
  | { readonly success: true; readonly target: string }
  | {
      readonly success: false
      readonly error: { readonly issues: readonly IssueLike[] }
      readonly target: string
    }

/**
 * zValidator hook: a request that does not match its schema becomes a 400 in the API's own error
 * shape (`{ error: { code: 'BAD_REQUEST', message, hint } }`) instead of zod's raw issue list.
 */
export function invalidRequest(result: ValidationResult): void {
  if (result.success) return
  const where = result.target === 'json' ? 'request body' : `${result.target} parameter`
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    return path === '' ? issue.message : `"${path}": ${issue.message}`
  })
  throw new HttpError(
    'BAD_REQUEST',
    `${where}: ${problems.join('; ')}.`,
    'Fix the request as described and send it again (see framework/api/schemas.ts for each endpoint).',
  )
}

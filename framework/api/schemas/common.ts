import * as z from 'zod'

/** `layer/name`; in URL paths it is sent `encodeURIComponent`-encoded (`silver%2Fuser_dim`). */
export const AssetKeyText = z.string().regex(/^[a-z][a-z0-9_]*\/[a-z_][a-z0-9_]*$/)

/** Every error response: `{ error: { code, message, hint } }` (`column` for selection errors). */
export const ApiErrorBody = z.object({
  error: z.object({
    /** A FrameworkError code (`SELECTION_SYNTAX`, `RUN_NOT_FOUND`, …), or NOT_FOUND/UNAUTHORIZED/INTERNAL/BAD_REQUEST. */
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    /** 1-based column of the bad spot in a selection expression. */
    column: z.number().int().optional(),
  }),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBody>

export const StaleStatus = z.enum(['missing', 'stale', 'fresh'])
export type StaleStatus = z.infer<typeof StaleStatus>

/** Why an asset is not fresh (mirrors framework/staleness/stale-types.ts); `message` is display text. */
export const StaleCause = z.discriminatedUnion('category', [
  z.object({ category: z.literal('missing'), key: z.string(), message: z.string() }),
  z.object({
    category: z.literal('code'),
    key: z.string(),
    from: z.string(),
    to: z.string(),
    message: z.string(),
  }),
  z.object({
    category: z.literal('data'),
    key: z.string(),
    dependency: z.string(),
    builtFrom: z.string().nullable(),
    current: z.string(),
    message: z.string(),
  }),
  z.object({
    category: z.literal('source'),
    key: z.string(),
    source: z.string(),
    builtFrom: z.string().nullable(),
    current: z.string(),
    message: z.string(),
  }),
  z.object({
    category: z.literal('dependency'),
    key: z.string(),
    dependency: z.string(),
    dependencyStatus: z.enum(['stale', 'missing']),
    rootCause: z.string(),
    path: z.array(z.string()),
    message: z.string(),
  }),
])
export type StaleCause = z.infer<typeof StaleCause>

export const Column = z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })
export type Column = z.infer<typeof Column>

/** A table's rows with JSON-safe values (BIGINT and DECIMAL as strings, dates as ISO text). */
export const Rows = z.array(z.record(z.string(), z.unknown()))

/** `?limit=` on list endpoints: 1..1000. */
export const limitParam = (fallback: number) =>
  z.coerce.number().int().min(1).max(1000).default(fallback)

export const LimitQuery = z.object({ limit: limitParam(50) })

/** `?select=`: a selection expression (docs/selection.md); omitted means everything. */
export const SelectQuery = z.object({ select: z.string().min(1).optional() })

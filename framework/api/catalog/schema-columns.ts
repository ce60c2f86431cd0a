import type * as z from 'zod'
import type { Column } from '../schemas.js'

/** Wrappers that say nothing about the stored type, only about presence. */
const NULLABLE_WRAPPERS = new Set([
  'optional',
  'nullable',
  'nullish',
  'default',
  'prefault',
  'catch',
])

interface DefLike {
  readonly type: string
  readonly innerType?: { readonly _zod: { readonly def: DefLike } }
  readonly in?: { readonly _zod: { readonly def: DefLike } }
}

/**
 * Columns as an asset's zod schema declares them, for assets never materialized. Types are zod's
 * names (`string`, `number`, `date`, …): the stored DuckDB types are known only after a write.
 */
export function schemaColumns(schema: z.ZodObject): Column[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    let def = (field as unknown as { _zod: { def: DefLike } })._zod.def
    let nullable = false
    for (;;) {
      if (NULLABLE_WRAPPERS.has(def.type) && def.innerType !== undefined) {
        nullable = nullable || def.type !== 'default'
        def = def.innerType._zod.def
      } else if (def.type === 'pipe' && def.in !== undefined) {
        def = def.in._zod.def
      } else break
    }
    return { name, type: def.type, nullable }
  })
}

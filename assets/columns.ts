import * as z from 'zod'

/**
 * The DuckDB type each column of a pipeline schema must have. Zod alone cannot tell DATE from
 * TIMESTAMPTZ or DECIMAL(10,2) from DOUBLE, and the spec is exact about them, so every column is
 * built here and carries its SQL type for the `schema_matches` checks.
 */
export const sqlTypes = z.registry<{ sqlType: string }>()

function typed<T extends z.ZodType>(schema: T, sqlType: string): T {
  sqlTypes.add(schema, { sqlType })
  return schema
}

/** Column builders: each returns a zod type tagged with the DuckDB type the table must have. */
export const col = {
  varchar: () => typed(z.string(), 'VARCHAR'),
  date: () => typed(z.date(), 'DATE'),
  timestamptz: () => typed(z.date(), 'TIMESTAMP WITH TIME ZONE'),
  money: () => typed(z.number(), 'DECIMAL(10,2)'),
  integer: () => typed(z.number().int(), 'INTEGER'),
  double: () => typed(z.number(), 'DOUBLE'),
  boolean: () => typed(z.boolean(), 'BOOLEAN'),
}

/** A column's declared SQL type and nullability, read back from a schema built with `col`. */
export interface DeclaredColumn {
  readonly name: string
  readonly sqlType: string
  readonly nullable: boolean
}

/** The columns of a schema built with `col`, in declaration order. */
export function declaredColumns(schema: z.ZodObject): DeclaredColumn[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const nullable = field instanceof z.ZodNullable
    const inner = nullable ? (field as z.ZodNullable).unwrap() : field
    const sqlType = sqlTypes.get(inner as z.ZodType)?.sqlType
    if (sqlType === undefined) {
      throw new TypeError(
        `declaredColumns: column "${name}" was not built with col.*(), so its SQL type is unknown. Build it with col (assets/columns.ts).`,
      )
    }
    return { name, sqlType, nullable }
  })
}

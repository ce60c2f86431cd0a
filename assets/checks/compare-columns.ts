/** A column by name and DuckDB type. */
export interface NamedColumn {
  readonly name: string
  readonly sqlType: string
}

/** DuckDB spells some types two ways; compare the canonical spelling. */
function canonical(type: string): string {
  const upper = type.toUpperCase().trim()
  if (upper === 'TIMESTAMPTZ') return 'TIMESTAMP WITH TIME ZONE'
  if (upper === 'INT' || upper === 'INT4') return 'INTEGER'
  if (upper === 'FLOAT8') return 'DOUBLE'
  if (upper === 'STRING' || upper === 'TEXT') return 'VARCHAR'
  return upper
}

/** What differs between declared and stored columns, one sentence per problem (empty if none). */
export function compareColumns(
  declared: readonly NamedColumn[],
  stored: readonly NamedColumn[],
): string[] {
  const problems: string[] = []
  const storedByName = new Map(stored.map((c) => [c.name, c]))
  const declaredNames = new Set(declared.map((c) => c.name))
  for (const column of declared) {
    const found = storedByName.get(column.name)
    if (found === undefined) problems.push(`column "${column.name}" is missing`)
    else if (canonical(found.sqlType) !== canonical(column.sqlType)) {
      problems.push(`column "${column.name}" is ${found.sqlType}, declared ${column.sqlType}`)
    }
  }
  for (const column of stored) {
    if (!declaredNames.has(column.name)) problems.push(`column "${column.name}" is not declared`)
  }
  if (problems.length === 0) {
    const order = stored.map((c) => c.name).join(', ')
    if (order !== declared.map((c) => c.name).join(', ')) {
      problems.push(
        `columns are in the order (${order}), declared (${declared.map((c) => c.name).join(', ')})`,
      )
    }
  }
  return problems
}

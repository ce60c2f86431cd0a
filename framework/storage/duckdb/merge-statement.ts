import type { MergeSpec } from '../../definitions/types.js'
import { quote } from './file-attachments.js'

/** DuckDB `MERGE INTO` for a MergeSpec; the aliases `target` and `source` are what `on` refers to. */
export function mergeStatement(table: string, spec: MergeSpec): string {
  const clauses: string[] = []
  for (const clause of spec.whenMatched ?? []) {
    const condition = clause.condition === undefined ? '' : ` AND ${clause.condition.text}`
    if (clause.action === 'delete') {
      clauses.push(`WHEN MATCHED${condition} THEN DELETE`)
    } else {
      const set = Object.entries(clause.set).map(
        ([column, value]) => `${quote(column)} = ${value.text}`,
      )
      clauses.push(`WHEN MATCHED${condition} THEN UPDATE SET ${set.join(', ')}`)
    }
  }
  for (const clause of spec.whenNotMatched ?? []) {
    const condition = clause.condition === undefined ? '' : ` AND ${clause.condition.text}`
    if (clause.values === undefined) {
      clauses.push(`WHEN NOT MATCHED${condition} THEN INSERT BY NAME`)
    } else {
      const columns = Object.keys(clause.values).map(quote)
      const values = Object.values(clause.values).map((value) => value.text)
      clauses.push(
        `WHEN NOT MATCHED${condition} THEN INSERT (${columns.join(', ')}) VALUES (${values.join(', ')})`,
      )
    }
  }
  return `MERGE INTO ${table} AS target USING (${spec.source.text}) AS source ON ${spec.on.text} ${clauses.join(' ')}`
}

import { type SqlFragment, sql } from '../../framework/index.js'

/** How a raw JSON field is checked and typed. */
export type FieldKind = 'string' | 'date' | 'timestamptz' | 'money' | 'integer' | 'boolean'

/** A field of a raw record: required unless it has a default (used when missing or null). */
export interface FieldSpec {
  readonly name: string
  readonly kind: FieldKind
  readonly default?: SqlFragment
}

const DATE_TEXT = '^\\d{4}-\\d{2}-\\d{2}$'
// ISO 8601 with an explicit offset or Z: a timestamp without one is ambiguous, so it is rejected.
const TIMESTAMP_TEXT =
  '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)$'

const SQL_TYPE: Record<FieldKind, string> = {
  string: 'VARCHAR',
  date: 'DATE',
  timestamptz: 'TIMESTAMPTZ',
  money: 'DECIMAL(10,2)',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
}

const EXPECTED: Record<FieldKind, string> = {
  string: 'a string',
  date: 'a date string (YYYY-MM-DD)',
  timestamptz: 'an ISO 8601 timestamp string with an offset or Z',
  money: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
}

/** JSON types (as `json_type` names them) a field of each kind may have. */
const JSON_TYPES: Record<FieldKind, string> = {
  string: "('VARCHAR')",
  date: "('VARCHAR')",
  timestamptz: "('VARCHAR')",
  money: "('BIGINT', 'UBIGINT', 'DOUBLE')",
  integer: "('BIGINT', 'UBIGINT')",
  boolean: "('BOOLEAN')",
}

/** `j[i]`: the field's JSON value from the list `json_extract(line, [paths])` built by the parser. */
const value = (i: number) => sql.raw(`j[${i + 1}]`)
const text = (i: number) => sql`(${value(i)} ->> '$')`

/** The typed value of field i (NULL when it is invalid; the reason says why). */
export function typedValue(field: FieldSpec, i: number): SqlFragment {
  const cast = sql`try_cast(${text(i)} AS ${sql.raw(SQL_TYPE[field.kind])})`
  if (field.default === undefined) return cast
  return sql`coalesce(${cast}, ${field.default})`
}

/**
 * CASE branches that give the first thing wrong with field i, in order: missing, null, wrong JSON
 * type, text that is not a valid value of the kind (a date that does not exist, a number out of range).
 */
export function fieldReasons(field: FieldSpec, i: number): SqlFragment {
  const name = sql.literal(field.name)
  const expected = sql.literal(`field "${field.name}" must be ${EXPECTED[field.kind]}, got `)
  const absent =
    field.default === undefined
      ? sql`
      WHEN ${value(i)} IS NULL THEN 'required field "' || ${name} || '" is missing'
      WHEN json_type(${value(i)}) = 'NULL' THEN 'required field "' || ${name} || '" is null'`
      : sql``
  const present =
    field.default === undefined
      ? sql``
      : sql`${value(i)} IS NOT NULL AND json_type(${value(i)}) <> 'NULL' AND `
  const pattern =
    field.kind === 'date' ? DATE_TEXT : field.kind === 'timestamptz' ? TIMESTAMP_TEXT : undefined
  const badText =
    pattern === undefined
      ? sql``
      : sql`
      WHEN ${present}NOT regexp_full_match(${text(i)}, ${sql.literal(pattern)}) THEN ${expected} || left(${value(i)}::VARCHAR, 60)`
  return sql`${absent}
      WHEN ${present}json_type(${value(i)}) NOT IN ${sql.raw(JSON_TYPES[field.kind])} THEN ${expected} || left(${value(i)}::VARCHAR, 60)${badText}
      WHEN ${present}${typedValue(field, i)} IS NULL THEN ${expected} || left(${value(i)}::VARCHAR, 60)`
}

/**
 * `(reason, typed columns…)` of a record held in the column `record` (JSON text): reason is NULL for
 * a valid record. The record is parsed once (`json_extract` with every path) and only when valid.
 */
export function parseRecord(fields: readonly FieldSpec[]): SqlFragment {
  const paths = sql.join(fields.map((f) => sql.literal(`$."${f.name}"`)))
  const reasons = sql.join(
    fields.map((f, i) => fieldReasons(f, i)),
    '',
  )
  const columns = sql.join(
    fields.map((f, i) => sql`${typedValue(f, i)} AS ${sql.identifier(f.name)}`),
  )
  return sql`
    SELECT * EXCLUDE (j) REPLACE (
      CASE
        WHEN NOT json_valid(record) THEN 'not valid JSON'
        WHEN json_type(record) <> 'OBJECT' THEN 'not a JSON object'${reasons}
      END AS reason)
    FROM (
      SELECT *, NULL::VARCHAR AS reason, ${columns}
      FROM (
        SELECT *, CASE WHEN json_valid(record) AND json_type(record) = 'OBJECT'
                       THEN json_extract(record, [${paths}]) END AS j
        FROM records
      )
    )`
}

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

// JSON's insignificant whitespace: space, tab, line feed, carriage return.
const JSON_SPACE = sql.raw(`' ' || chr(9) || chr(10) || chr(13)`)

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

/**
 * Per-field columns the parser computes once and the reasons read: `_v<i>` the field's JSON value
 * (from the list `json_extract(record, [paths])`), `_t<i>` its JSON type, `_s<i>` its text,
 * `_c<i>` the text cast to the field's type (NULL when invalid). Each is a column of an inner
 * SELECT, computed once per record and read by both the reasons and the typed columns.
 */
const column = (prefix: string, i: number) => sql.identifier(`_${prefix}${i + 1}`)

/** The typed value of field i (NULL when it is invalid; the reason says why). */
export function typedValue(field: FieldSpec, i: number): SqlFragment {
  if (field.default === undefined) return column('c', i)
  return sql`coalesce(${column('c', i)}, ${field.default})`
}

/**
 * CASE branches that give the first thing wrong with field i, in order: missing, null, wrong JSON
 * type, text that is not a valid value of the kind (a date that does not exist, a number out of range).
 */
export function fieldReasons(field: FieldSpec, i: number): SqlFragment {
  const [v, t, s, c] = [column('v', i), column('t', i), column('s', i), column('c', i)]
  const name = sql.literal(field.name)
  const expected = sql.literal(`field "${field.name}" must be ${EXPECTED[field.kind]}, got `)
  const absent =
    field.default === undefined
      ? sql`
      WHEN ${v} IS NULL THEN 'required field "' || ${name} || '" is missing'
      WHEN ${t} = 'NULL' THEN 'required field "' || ${name} || '" is null'`
      : sql``
  // A defaulted field that is missing or null takes its default: only a present value can be wrong.
  const present =
    field.default === undefined ? sql`` : sql`${v} IS NOT NULL AND ${t} <> 'NULL' AND `
  const pattern =
    field.kind === 'date' ? DATE_TEXT : field.kind === 'timestamptz' ? TIMESTAMP_TEXT : undefined
  const badText =
    pattern === undefined
      ? sql``
      : sql`
      WHEN ${present}NOT regexp_full_match(${s}, ${sql.literal(pattern)}) THEN ${expected} || left(${v}::VARCHAR, 60)`
  return sql`${absent}
      WHEN ${present}${t} NOT IN ${sql.raw(JSON_TYPES[field.kind])} THEN ${expected} || left(${v}::VARCHAR, 60)${badText}
      WHEN ${present}${c} IS NULL THEN ${expected} || left(${v}::VARCHAR, 60)`
}

/**
 * `(reason, typed columns…)` of a record held in the column `record` (JSON text): reason is NULL for
 * a valid record. Each record is parsed twice at most: `json_valid`, then one `json_extract` with
 * every path (an object is valid JSON whose first character is `{`). The record text is kept only
 * for invalid records (the quarantine needs it; valid rows would only carry it around).
 */
export function parseRecord(fields: readonly FieldSpec[]): SqlFragment {
  const paths = sql.join(fields.map((f) => sql.literal(`$."${f.name}"`)))
  const values = sql.join(fields.map((_, i) => sql`j[${i + 1}] AS ${column('v', i)}`))
  const texts = sql.join(
    fields.map(
      (_, i) =>
        sql`json_type(${column('v', i)}) AS ${column('t', i)}, (${column('v', i)} ->> '$') AS ${column('s', i)}`,
    ),
  )
  const casts = sql.join(
    fields.map(
      (f, i) =>
        sql`try_cast(${column('s', i)} AS ${sql.raw(SQL_TYPE[f.kind])}) AS ${column('c', i)}`,
    ),
  )
  const reasons = sql.join(
    fields.map((f, i) => fieldReasons(f, i)),
    '',
  )
  const columns = sql.join(
    fields.map((f, i) => sql`${typedValue(f, i)} AS ${sql.identifier(f.name)}`),
  )
  return sql`
    SELECT CASE WHEN reason IS NULL THEN NULL ELSE record END AS record, _file, _source_line,
           reason, ${columns}
    FROM (
      SELECT *, CASE
        WHEN NOT valid THEN 'not valid JSON'
        WHEN j IS NULL THEN 'not a JSON object'${reasons}
      END AS reason
      FROM (
        SELECT *, ${casts}
        FROM (
          SELECT *, ${texts}
          FROM (
            SELECT *, ${values}
            FROM (
              SELECT *, CASE WHEN valid AND starts_with(ltrim(record, ${JSON_SPACE}), '{')
                             THEN json_extract(record, [${paths}]) END AS j
              FROM (SELECT *, json_valid(record) AS valid FROM records)
            )
          )
        )
      )
    )`
}

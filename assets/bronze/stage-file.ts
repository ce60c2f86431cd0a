import { readFileSync } from 'node:fs'
import { type SqlFragment, sql } from '../../framework/index.js'
import { firstNonUtf8Line, jsonErrorLine, rawFileError } from './file-problems.js'
import { type FieldSpec, parseRecord } from './record-fields.js'

/** How records sit in a raw file. */
export type RawFormat = 'jsonl' | 'json-array'

/** Runs SQL and returns rows as plain objects (`ctx.query`). */
export type QueryFn = <T = Record<string, unknown>>(query: SqlFragment) => Promise<T[]>

/** One raw file to ingest: its absolute path and its path relative to the data directory. */
export interface RawFile {
  readonly path: string
  readonly relative: string
  /** True when an earlier version of the file was ingested. */
  readonly seen: boolean
}

/**
 * A staged record names its file by `_file`, the file's position in the list that was staged (see
 * `stagedFileName`): a number, where the path would cost some 50 bytes per record held in memory.
 */
type NumberedFile = RawFile & { readonly number: number }

/** What staging found in a file: records (non-blank lines or array elements) and the bad ones. */
export interface StagedCounts {
  readonly records: number
  readonly quarantined: number
}

const WHITESPACE = sql.raw(`' ' || chr(9) || chr(13)`)
const NO_RECORDS = sql`SELECT NULL::VARCHAR AS record, NULL::INTEGER AS _file, NULL::INTEGER AS _source_line WHERE false`

/** Creates the empty staging table `stage` with the parsed columns of `fields`. */
export async function createStage(
  query: QueryFn,
  stage: SqlFragment,
  fields: readonly FieldSpec[],
) {
  await query(
    sql`CREATE OR REPLACE TEMP TABLE ${stage} AS WITH records AS (${NO_RECORDS}) ${parseRecord(fields)}`,
  )
}

/**
 * Parses every record of `files` into `stage` (valid rows have a NULL reason) and counts each file's
 * records. Throws, naming the file and line, at the first file (in order) that as a whole cannot be
 * read: not UTF-8, not JSON at all, or emptied since it was last ingested. JSON Lines files are all
 * parsed in one statement (DuckDB reads them in parallel; one statement per file costs more than
 * parsing a day's events); if it fails, they are redone file by file to find and name the culprit.
 */
export async function stageFiles(
  query: QueryFn,
  stage: SqlFragment,
  files: readonly RawFile[],
  format: RawFormat,
  fields: readonly FieldSpec[],
): Promise<StagedCounts[]> {
  const numbered = files.map((file, number) => ({ ...file, number }))
  if (format === 'json-array' || numbered.length <= 1) {
    const counts: StagedCounts[] = []
    for (const file of numbered) counts.push(await stageFile(query, stage, file, format, fields))
    return counts
  }
  try {
    await query(
      sql`INSERT INTO ${stage} WITH records AS (${jsonlRecords(numbered)}) ${parseRecord(fields)}`,
    )
  } catch {
    // A failed INSERT leaves nothing behind, so the files can be staged again one by one.
    const counts: StagedCounts[] = []
    for (const file of numbered) counts.push(await stageFile(query, stage, file, format, fields))
    return counts
  }
  const found = await countFiles(query, stage, numbered)
  return numbered.map((file) => checkCounts(file, format, found.get(file.number)))
}

/** Stages one file of a list (see `stageFiles`). */
async function stageFile(
  query: QueryFn,
  stage: SqlFragment,
  file: NumberedFile,
  format: RawFormat,
  fields: readonly FieldSpec[],
): Promise<StagedCounts> {
  const records = format === 'jsonl' ? jsonlRecords([file]) : await arrayRecords(query, file)
  try {
    await query(sql`INSERT INTO ${stage} WITH records AS (${records}) ${parseRecord(fields)}`)
  } catch (error) {
    throw readError(file, error)
  }
  const found = await countFiles(query, stage, [file])
  return checkCounts(file, format, found.get(file.number))
}

interface FileCounts {
  readonly records: number
  readonly bad_json: number
  readonly first_bad: number | null
  readonly quarantined: number
}

async function countFiles(
  query: QueryFn,
  stage: SqlFragment,
  files: readonly NumberedFile[],
): Promise<Map<number, FileCounts>> {
  const numbers = sql.join(files.map((f) => f.number))
  const rows = await query<FileCounts & { file: number }>(sql`
    SELECT _file AS file, count(*)::INTEGER AS records,
           (count(*) FILTER (reason IN ('not valid JSON', 'not a JSON object')))::INTEGER AS bad_json,
           min(_source_line) FILTER (reason IN ('not valid JSON', 'not a JSON object')) AS first_bad,
           (count(*) FILTER (reason IS NOT NULL))::INTEGER AS quarantined
    FROM ${stage} WHERE _file IN (${numbers}) GROUP BY _file`)
  return new Map(rows.map((row) => [row.file, row]))
}

/** The staged records' file, `_file`, as its path relative to the data directory. */
export function stagedFileName(files: readonly RawFile[]): SqlFragment {
  const names = sql.join(files.map((f) => sql.literal(f.relative)))
  return sql`CAST([${names}] AS VARCHAR[])[_file + 1]`
}

/** The staged records of `some` of the staged `files`. */
export function stagedFrom(files: readonly RawFile[], some: readonly RawFile[]): SqlFragment {
  const chosen = new Set(some.map((file) => file.relative))
  const numbers = files.flatMap((file, number) => (chosen.has(file.relative) ? [number] : []))
  return numbers.length === 0 ? sql`false` : sql`_file IN (${sql.join(numbers)})`
}

/** A file's counts, or the file-level problem they reveal. */
function checkCounts(
  file: RawFile,
  format: RawFormat,
  counts: FileCounts | undefined,
): StagedCounts {
  if (counts === undefined || counts.records === 0) {
    // A new empty file is a period with nothing in it (no conversions yet). A file that held
    // records when last ingested and is now empty is a truncated export: ingesting it would
    // delete its rows, so stop.
    if (!file.seen) return { records: 0, quarantined: 0 }
    throw rawFileError(
      file.relative,
      1,
      'the file is empty, but it held records when it was last ingested',
      'This is usually a failed or truncated export: restore the file from its source, then run again',
    )
  }
  if (counts.bad_json === counts.records) {
    throw rawFileError(
      file.relative,
      counts.first_bad ?? 1,
      `none of its ${counts.records} records is a JSON object, so this is not a ${format === 'jsonl' ? 'JSON Lines' : 'JSON'} file`,
      'Check that the right file was exported to this path, then run again',
    )
  }
  return { records: counts.records, quarantined: counts.quarantined }
}

/**
 * Non-blank lines of JSON Lines files as `(record, _file, _source_line)`, numbered from 1 as editors
 * number them.
 */
function jsonlRecords(files: readonly NumberedFile[]): SqlFragment {
  const paths = sql.join(files.map((f) => sql.literal(f.path)))
  // Numbered per file, before its lines are unnested: a join would hold every file's text in a hash table.
  const numbers = sql.join(
    files.map((f) => sql`WHEN ${sql.literal(f.path)} THEN ${f.number}`),
    ' ',
  )
  // Trimming copies a string: only lines that need it are trimmed (the first line may start with a
  // BOM, a CRLF file's lines end in CR), and a line is only trimmed to test for blank when it starts
  // with white space.
  return sql`
    SELECT CASE WHEN n = 1 THEN ltrim(rtrim(line, chr(13)), chr(65279))
                WHEN suffix(line, chr(13)) THEN rtrim(line, chr(13))
                ELSE line END AS record,
           _file, n::INTEGER AS _source_line
    FROM (SELECT (CASE filename ${numbers} END)::INTEGER AS _file, unnest(lines) AS line,
                 generate_subscripts(lines, 1) AS n
          FROM (SELECT filename, string_split(content, chr(10)) AS lines FROM read_text([${paths}])))
    WHERE line <> '' AND (ascii(line) NOT IN (32, 9, 13) OR trim(line, ${WHITESPACE}) <> '')`
}

/**
 * Elements of a file holding one JSON array. An element's `_source_line` is its position in the
 * array (1 = first element), not a line of the file: pretty-printed or not, it finds the record.
 */
async function arrayRecords(query: QueryFn, file: NumberedFile): Promise<SqlFragment> {
  let shape: { valid: boolean; type: string | null; blank: boolean } | undefined
  try {
    ;[shape] = await query(sql`
      SELECT json_valid(content) AS valid,
             CASE WHEN json_valid(content) THEN json_type(content) END AS type,
             trim(content, ${WHITESPACE} || chr(10)) = '' AS blank
      FROM read_text(${sql.literal(file.path)})`)
  } catch (error) {
    throw readError(file, error)
  }
  if (shape === undefined || shape.blank) {
    throw rawFileError(
      file.relative,
      1,
      'the file is empty',
      'Restore the file from its source: it must hold one JSON array of records',
    )
  }
  if (!shape.valid) {
    const at = jsonErrorLine(readFileSync(file.path, 'utf8'))
    throw rawFileError(
      file.relative,
      at?.line ?? 1,
      `the file is not valid JSON (${at?.message ?? 'parse error'})`,
      'Fix the JSON at that line (or re-export the file), then run again',
    )
  }
  if (shape.type !== 'ARRAY') {
    throw rawFileError(
      file.relative,
      1,
      `the file holds a JSON ${shape.type?.toLowerCase()}, not an array`,
      'Export the records as one JSON array ([{...}, {...}])',
    )
  }
  return sql`
    SELECT unnest(elements)::VARCHAR AS record, ${file.number}::INTEGER AS _file,
           generate_subscripts(elements, 1)::INTEGER AS _source_line
    FROM (SELECT json_extract(content, '$[*]') AS elements FROM read_text(${sql.literal(file.path)}))`
}

function readError(file: RawFile, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  if (!/UTF-8/i.test(message)) return error instanceof Error ? error : new Error(message)
  const line = firstNonUtf8Line(file.path) ?? 1
  return rawFileError(
    file.relative,
    line,
    'the file is not UTF-8 text',
    'Re-export it as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), then run again',
    error,
  )
}

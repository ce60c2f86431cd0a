import { randomUUID } from 'node:crypto'
import {
  type AssetDeps,
  type AssetOutput,
  type MaterializeContext,
  type SourceRef,
  type SqlFragment,
  sql,
} from '../../framework/index.js'
import { type PendingFile, planIngest } from './ingest-plan.js'
import type { FieldSpec } from './record-fields.js'
import {
  createStage,
  type RawFile,
  type RawFormat,
  type StagedCounts,
  stagedFileName,
  stagedFrom,
  stageFiles,
} from './stage-file.js'

/** How one bronze asset reads its source's files, whatever they are. */
export interface BronzeFormat {
  /** The source's path relative to the data directory (its `path`). */
  readonly sourcePath: string
  readonly format: RawFormat
  readonly fields: readonly FieldSpec[]
  /** Columns computed from the parsed fields, placed after them (e.g. event_date). */
  readonly derived?: SqlFragment
}

/** How one bronze asset reads its source. */
export interface BronzeIngest extends BronzeFormat {
  readonly source: SourceRef
}

/** A staging table and the files staged into it, in order (`stageFiles`). */
export interface Staged {
  readonly stage: SqlFragment
  readonly files: readonly RawFile[]
}

/**
 * Ingests the new and changed files of a source: every record lands in bronze or, with its reason,
 * in the `quarantine` companion; unchanged files are not read. All files are parsed into a staging
 * table first, so a file-level problem throws before any table moves. Then each table takes one
 * commit per kind of change (new files appended, changed files replaced), carrying one txn
 * `(relative path, mtime)` per file, so a re-run after a crash redoes only what is missing.
 */
export async function ingestFiles<D extends AssetDeps>(
  ctx: MaterializeContext<D>,
  spec: BronzeIngest,
) {
  const quarantine = ctx.companion('quarantine')
  const manifest = ctx.companion('ingested_files')
  const plan = await planIngest(ctx.output, spec.source, spec.sourcePath)
  const ingestedAt = sql`${sql.literal(new Date())}::TIMESTAMPTZ`
  const stage = sql.identifier(`_stage_${randomUUID().replaceAll('-', '')}`)
  const query = ctx.query.bind(ctx) as <T>(q: SqlFragment) => Promise<T[]>
  await createStage(query, stage, spec.fields)
  try {
    const counts = await stageFiles(query, stage, plan.pending, spec.format, spec.fields)
    for (const [i, file] of plan.pending.entries()) {
      if (counts[i]?.records === 0)
        ctx.log.warn(`${file.relative} line 1: the file is empty; nothing to ingest from it`)
    }
    const staged: Staged = { stage, files: plan.pending }
    const rows = (files: readonly PendingFile[]) =>
      landedRows(staged, spec, ingestedAt, stagedFrom(plan.pending, files))
    const bad = (files: readonly PendingFile[]) =>
      quarantinedRows(staged, ingestedAt, stagedFrom(plan.pending, files))

    // Quarantine first (companions are written before the asset's own table).
    const quarantined = counts.reduce((n, c) => n + c.quarantined, 0)
    await writeQuarantine(quarantine, plan.pending, quarantined, bad)
    const fresh = plan.pending.filter((f) => !f.seen)
    const changed = plan.pending.filter((f) => f.seen)
    if (fresh.length > 0) await ctx.output.append(rows(fresh), { txns: txnsOf(fresh) })
    if (changed.length > 0) {
      await ctx.output.replaceWhere(rows(changed), ofFiles('_source_file', changed), {
        txns: txnsOf(changed),
      })
    }
    await ensureTable(ctx.output, rows([]))
    await ensureTable(quarantine, bad([]))
    await writeManifest(manifest, plan.pending, counts, ingestedAt)
    const samples = await query<{ at: string }>(sql`
      SELECT ${stagedFileName(plan.pending)} || ' line ' || _source_line || ': ' || reason AS at
      FROM ${stage} WHERE reason IS NOT NULL ORDER BY _file, _source_line LIMIT 5`)
    report(
      ctx,
      plan.pending.length,
      plan.unchanged,
      counts,
      samples.map((s) => s.at),
    )
  } finally {
    await query(sql`DROP TABLE IF EXISTS ${stage}`)
  }
}

/**
 * The bronze rows of the staged records matching `where`: typed fields, derived columns, lineage.
 * Not sorted: each row names its file and line, nothing reads bronze in file order, and sorting
 * every landed row would cost time and, at millions of events, gigabytes of memory.
 */
export function landedRows(
  staged: Staged,
  spec: Pick<BronzeFormat, 'fields' | 'derived'>,
  ingestedAt: SqlFragment,
  where: SqlFragment,
): SqlFragment {
  const fieldColumns = sql.join(spec.fields.map((f) => sql.identifier(f.name)))
  const derived = spec.derived === undefined ? sql`` : sql`, ${spec.derived}`
  return sql`
    SELECT ${fieldColumns}${derived}, ${ingestedAt} AS ingestion_timestamp,
           ${stagedFileName(staged.files)} AS _source_file, _source_line
    FROM ${staged.stage} WHERE reason IS NULL AND ${where}`
}

/** The quarantine rows of the staged records matching `where`: file, line, raw text and reason. */
export function quarantinedRows(
  staged: Staged,
  ingestedAt: SqlFragment,
  where: SqlFragment,
): SqlFragment {
  return sql`
    SELECT ${stagedFileName(staged.files)} AS source_file, _source_line AS line_number,
           record AS raw_text, reason, ${ingestedAt} AS ingestion_timestamp
    FROM ${staged.stage} WHERE reason IS NOT NULL AND ${where} ORDER BY _file, _source_line`
}

/** `column IN (<relative paths>)`: the rows of these files. */
function ofFiles(column: string, files: readonly PendingFile[]): SqlFragment {
  return sql`${sql.identifier(column)} IN (${sql.join(files.map((f) => sql.literal(f.relative)))})`
}

function txnsOf(files: readonly PendingFile[]) {
  return files.map((f) => ({ appId: f.relative, version: f.version }))
}

/**
 * One quarantine commit for every pending file. When an earlier run may have left rows of one of
 * them (its txn is there: the file changed, or a crash struck before bronze committed), the files'
 * rows are replaced; otherwise new bad records are appended, and a run without any writes nothing.
 */
async function writeQuarantine(
  quarantine: AssetOutput,
  pending: readonly PendingFile[],
  quarantined: number,
  bad: (files: readonly PendingFile[]) => SqlFragment,
): Promise<void> {
  if (pending.length === 0) return
  let seen = false
  for (const file of pending) {
    if ((await quarantine.appliedTxn(file.relative)) !== undefined) {
      seen = true
      break
    }
  }
  const txns = { txns: txnsOf(pending) }
  if (seen) {
    await quarantine.replaceWhere(bad(pending), ofFiles('source_file', pending), txns)
  } else if (quarantined > 0) {
    await quarantine.append(bad(pending), txns)
  }
}

/** Creates the table, empty, if nothing was ever written to it (readers and checks need it). */
async function ensureTable(output: AssetOutput, empty: SqlFragment): Promise<void> {
  if ((await output.current()) === undefined) await output.overwrite(empty)
}

/**
 * One row per raw file ingested: records found, landed and quarantined. The accounting check
 * compares it to the tables, so a record lost between parsing and committing is caught.
 */
async function writeManifest(
  manifest: AssetOutput,
  files: readonly { relative: string; version: number }[],
  counts: readonly StagedCounts[],
  ingestedAt: SqlFragment,
): Promise<void> {
  const rows = manifestRows(files, counts, ingestedAt)
  if ((await manifest.current()) === undefined) {
    await manifest.overwrite(rows)
  } else if (files.length > 0) {
    const names = sql.join(files.map((f) => sql.literal(f.relative)))
    await manifest.replaceWhere(rows, sql`source_file IN (${names})`)
  }
}

/** The manifest rows of `files`: (source_file, file_version, records, landed, quarantined, ingestion_timestamp). */
export function manifestRows(
  files: readonly { relative: string; version: number }[],
  counts: readonly StagedCounts[],
  ingestedAt: SqlFragment,
): SqlFragment {
  const values = files.map((file, i) => {
    const c = counts[i] ?? { records: 0, quarantined: 0 }
    return sql`(${sql.literal(file.relative)}, ${file.version}::BIGINT, ${c.records}::INTEGER, ${c.records - c.quarantined}::INTEGER, ${c.quarantined}::INTEGER)`
  })
  const empty = sql`(NULL::VARCHAR, NULL::BIGINT, NULL::INTEGER, NULL::INTEGER, NULL::INTEGER)`
  return sql`
    SELECT *, ${ingestedAt} AS ingestion_timestamp
    FROM (VALUES ${sql.join(values.length > 0 ? values : [empty])}) AS t(source_file, file_version, records, landed, quarantined)
    WHERE source_file IS NOT NULL`
}

function report<D extends AssetDeps>(
  ctx: MaterializeContext<D>,
  ingested: number,
  unchanged: number,
  counts: readonly StagedCounts[],
  samples: readonly string[],
): void {
  const records = counts.reduce((n, c) => n + c.records, 0)
  const quarantined = counts.reduce((n, c) => n + c.quarantined, 0)
  ctx.addMetadata({
    files_ingested: ingested,
    files_unchanged: unchanged,
    records,
    landed: records - quarantined,
    quarantined,
  })
  if (quarantined > 0) {
    ctx.log.warn(
      `${quarantined} of ${records} records quarantined, e.g. ${samples.join('; ')}. The quarantine table holds each one with its file, line, text and reason.`,
      { first: samples },
    )
  }
}

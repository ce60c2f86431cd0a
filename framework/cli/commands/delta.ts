import { DuckDBInstance } from '@duckdb/node-api'
import { FrameworkError } from '../../errors.js'
import { DeltaTable } from '../../storage/delta/delta-table.js'
import { deltaHistory, deltaRead, encodedRowToJson } from '../../storage/delta/inspect.js'
import { createOutput } from '../output.js'
import type { GlobalOptions } from '../workspace.js'

export async function deltaHistoryCommand(
  globals: GlobalOptions,
  tableDir: string,
): Promise<number> {
  const out = createOutput(globals.json)
  const history = await deltaHistory(tableDir)
  out.data(history)
  for (const entry of history) {
    const metrics =
      entry.operationMetrics === null ? '' : ` ${JSON.stringify(entry.operationMetrics)}`
    out.line(
      `v${entry.version}  ${new Date(entry.timestampMs).toISOString()}  ${entry.operation ?? '(no commitInfo)'}  +${entry.filesAdded}/-${entry.filesRemoved} files${metrics}`,
    )
  }
  return 0
}

interface ReadFlags {
  readonly version?: string
  readonly timestamp?: string
  readonly limit: string
}

/** Rows as JSON lines in the conformance kit's value encoding with --json, else a short preview. */
export async function deltaReadCommand(
  globals: GlobalOptions,
  tableDir: string,
  flags: ReadFlags,
): Promise<number> {
  if (flags.version !== undefined && flags.timestamp !== undefined) {
    throw new FrameworkError('USAGE', 'delta read: give --version or --timestamp, not both.')
  }
  const timestamp = flags.timestamp === undefined ? undefined : Date.parse(flags.timestamp)
  if (timestamp !== undefined && Number.isNaN(timestamp)) {
    throw new FrameworkError(
      'USAGE',
      `delta read: --timestamp "${flags.timestamp}" is not a date.`,
      {
        hint: 'Use ISO 8601, e.g. 2026-11-27T10:00:00Z.',
      },
    )
  }
  const { snapshot, rows } = await deltaRead(tableDir, {
    ...(flags.version === undefined ? {} : { version: wholeNumber(flags.version, '--version') }),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(globals.json ? {} : { limit: wholeNumber(flags.limit, '--limit') }),
  })
  if (globals.json) {
    for (const row of rows) process.stdout.write(`${encodedRowToJson(row)}\n`)
    return 0
  }
  process.stdout.write(`version ${snapshot.version}: ${snapshot.files.length} files\n`)
  for (const row of rows) process.stdout.write(`${encodedRowToJson(row)}\n`)
  return 0
}

export async function deltaVacuumCommand(
  globals: GlobalOptions,
  tableDir: string,
  flags: { retentionHours: string; dryRun: boolean },
): Promise<number> {
  const out = createOutput(globals.json)
  const result = await new DeltaTable(tableDir).vacuum({
    retentionHours: Number(flags.retentionHours),
    dryRun: flags.dryRun,
  })
  out.data(result)
  out.line(`${result.dryRun ? 'would delete' : 'deleted'} ${result.files.length} file(s)`)
  for (const file of result.files) out.line(`  ${file}`)
  return 0
}

export async function deltaOptimizeCommand(
  globals: GlobalOptions,
  tableDir: string,
): Promise<number> {
  const out = createOutput(globals.json)
  const duckdb = await DuckDBInstance.create(':memory:')
  const connection = await duckdb.connect()
  try {
    const result = await new DeltaTable(tableDir).optimize(connection)
    out.data(result)
    out.line(result.changed ? `optimized: now version ${result.version}` : 'nothing to compact')
    return 0
  } finally {
    connection.closeSync()
    duckdb.closeSync()
  }
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) {
    throw new FrameworkError('USAGE', `delta read: ${flag} must be a whole number, got "${value}".`)
  }
  return n
}

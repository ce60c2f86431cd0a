import type { AssetKey } from '../../framework/definitions/asset-key.js'
import type {
  CheckEvaluationEvent,
  MaterializationEvent,
  RunEvent,
  SourceObservationEvent,
} from '../../framework/events/event-types.js'
import type { RunRecord } from '../../framework/instance/instance-store.js'

/** A fixed, strictly increasing clock for events, so tests never depend on the wall clock. */
let tick = 0
function at(): string {
  tick += 1
  return new Date(Date.UTC(2026, 0, 1) + tick * 1000).toISOString()
}

export function runRecord(runId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId,
    status: 'queued',
    selection: '*',
    keys: ['silver/a', 'gold/b'],
    launchedBy: 'test',
    createdAt: at(),
    startedAt: null,
    finishedAt: null,
    ...overrides,
  }
}

export function materialized(
  runId: string,
  key: AssetKey,
  dataVersion: string,
): MaterializationEvent {
  return {
    type: 'asset_materialized',
    runId,
    at: at(),
    key,
    dataVersion,
    codeVersion: '1',
    inputVersions: { 'bronze/raw': 'v0' },
    rowCount: 3,
    columns: [{ name: 'id', type: 'INTEGER', nullable: false }],
    durationMs: 12,
    storageVersion: null,
    location: `${key}.duckdb`,
    metadata: { note: dataVersion },
  }
}

export function observed(
  runId: string,
  key: AssetKey,
  dataVersion: string,
): SourceObservationEvent {
  return { type: 'source_observed', runId, at: at(), key, dataVersion, fileCount: 2, bytes: 100 }
}

export function evaluated(
  runId: string,
  key: AssetKey,
  check: string,
  status: CheckEvaluationEvent['status'],
): CheckEvaluationEvent {
  return {
    type: 'check_evaluated',
    runId,
    at: at(),
    key,
    check,
    severity: 'error',
    blocking: true,
    status,
    metadata: {},
    durationMs: 1,
  }
}

export function started(runId: string): RunEvent {
  return { type: 'run_started', runId, at: at(), selection: '*', keys: ['silver/a'] }
}

export function logged(runId: string, message: string): RunEvent {
  return { type: 'log', runId, at: at(), level: 'info', message }
}

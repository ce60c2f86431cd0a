import * as z from 'zod'
import { CheckStatus } from '../../events/event-types.js'
import { Column, limitParam, Rows, StaleCause, StaleStatus } from './common.js'

/** Latest evaluation of each check of an asset, counted: `warn` = failed with severity warn. */
export const CheckSummary = z.object({
  total: z.number().int(),
  passed: z.number().int(),
  warn: z.number().int(),
  failed: z.number().int(),
  errored: z.number().int(),
  notEvaluated: z.number().int(),
})
export type CheckSummary = z.infer<typeof CheckSummary>

/** One asset or source as lists and graph nodes show it (GET /api/assets, /api/lineage). */
export const AssetSummary = z.object({
  key: z.string(),
  type: z.enum(['asset', 'source']),
  group: z.string(),
  description: z.string(),
  kinds: z.array(z.string()),
  tags: z.record(z.string(), z.string()),
  owners: z.array(z.string()),
  /** Storage of an asset's table; null for sources. */
  storage: z.enum(['delta', 'duckdb']).nullable(),
  /** Direct upstream keys. */
  deps: z.array(z.string()),
  /** Sources are always `fresh` unless their files are missing (then `sourceError` says why). */
  status: StaleStatus,
  causes: z.array(StaleCause),
  /** A step of this asset runs now (a run of this server, or a lock held by another process). */
  running: z.boolean(),
  lastMaterializedAt: z.string().nullable(),
  rowCount: z.number().nullable(),
  checks: CheckSummary,
  /** Sources only: why their files could not be observed. */
  sourceError: z.string().nullable(),
  /**
   * Assets with an automation policy: `on` when the daemon may request them, `off` when they or
   * the whole instance are switched off; null without a policy (and for sources).
   */
  automation: z.enum(['on', 'off']).nullable(),
})
export type AssetSummary = z.infer<typeof AssetSummary>

/** GET /api/assets[?select=expr]: in topological order (upstream first). */
export const AssetsResponse = z.object({ assets: z.array(AssetSummary) })
export type AssetsResponse = z.infer<typeof AssetsResponse>

/**
 * GET /api/lineage[?select=expr]: the whole graph; `selected` lists the keys the expression picks
 * (null without `select`), so the UI can highlight them or keep only them and their edges.
 */
export const LineageResponse = z.object({
  nodes: z.array(AssetSummary),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
  selected: z.array(z.string()).nullable(),
})
export type LineageResponse = z.infer<typeof LineageResponse>

/** A materialization as stored (GET /api/assets/:key `latest`). */
export const MaterializationInfo = z.object({
  runId: z.string(),
  at: z.string(),
  dataVersion: z.string(),
  codeVersion: z.string(),
  inputVersions: z.record(z.string(), z.string()),
  rowCount: z.number(),
  durationMs: z.number(),
  storageVersion: z.number().nullable(),
  location: z.string(),
  metadata: z.record(z.string(), z.unknown()),
})
export type MaterializationInfo = z.infer<typeof MaterializationInfo>

/** GET /api/assets/:key. */
export const AssetDetail = AssetSummary.extend({
  /** Null for sources. */
  codeVersion: z.string().nullable(),
  /** Sources: the file or folder under data/; assets: where the table lives. */
  location: z.string(),
  partitionBy: z.array(z.string()),
  columns: z.array(Column),
  /** Where `columns` come from: the latest materialization's table, else the declared zod schema. */
  columnsFrom: z.enum(['materialization', 'schema', 'none']),
  upstream: z.array(z.string()),
  downstream: z.array(z.string()),
  latest: MaterializationInfo.nullable(),
  /** Has effective_from/effective_to/is_current columns or tag scd=2: /as-of works. */
  scd2: z.boolean(),
  /** Delta tables support /versions and time travel in /preview. */
  timeTravel: z.boolean(),
})
export type AssetDetail = z.infer<typeof AssetDetail>

/** GET /api/assets/:key/materializations?limit= (newest first). */
export const MaterializationsResponse = z.object({
  key: z.string(),
  materializations: z.array(
    z.object({
      at: z.string(),
      runId: z.string(),
      rowCount: z.number(),
      durationMs: z.number(),
      dataVersion: z.string(),
      codeVersion: z.string(),
      storageVersion: z.number().nullable(),
    }),
  ),
})
export type MaterializationsResponse = z.infer<typeof MaterializationsResponse>

export const CheckEvaluation = z.object({
  runId: z.string(),
  at: z.string(),
  status: CheckStatus,
  severity: z.enum(['warn', 'error']),
  blocking: z.boolean(),
  message: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()),
  durationMs: z.number(),
})
export type CheckEvaluation = z.infer<typeof CheckEvaluation>

/** GET /api/assets/:key/checks: each defined check with its latest evaluation (null: never run). */
export const ChecksResponse = z.object({
  key: z.string(),
  checks: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      severity: z.enum(['warn', 'error']),
      blocking: z.boolean(),
      latest: CheckEvaluation.nullable(),
    }),
  ),
})
export type ChecksResponse = z.infer<typeof ChecksResponse>

/** GET /api/assets/:key/checks/:name/history?limit= (newest first). */
export const CheckHistoryResponse = z.object({
  key: z.string(),
  check: z.string(),
  evaluations: z.array(CheckEvaluation),
})
export type CheckHistoryResponse = z.infer<typeof CheckHistoryResponse>

/** `?limit=&version=` or `?limit=&timestamp=` (time travel: Delta tables only, not both at once). */
export const PreviewQuery = z
  .object({
    limit: limitParam(50),
    version: z.coerce.number().int().min(0).optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => q.version === undefined || q.timestamp === undefined, {
    message: 'pass either version or timestamp, not both',
  })
export type PreviewQuery = z.infer<typeof PreviewQuery>

/** GET /api/assets/:key/preview: the first rows; `version` is the Delta version read (null: DuckDB). */
export const PreviewResponse = z.object({
  key: z.string(),
  columns: z.array(Column),
  rows: Rows,
  limit: z.number().int(),
  version: z.number().int().nullable(),
})
export type PreviewResponse = z.infer<typeof PreviewResponse>

/** GET /api/assets/:key/versions: Delta commits, newest first. */
export const VersionsResponse = z.object({
  key: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      timestamp: z.string().nullable(),
      operation: z.string().nullable(),
      operationParameters: z.record(z.string(), z.unknown()),
      metrics: z.record(z.string(), z.unknown()),
    }),
  ),
})
export type VersionsResponse = z.infer<typeof VersionsResponse>

export const AsOfQuery = z.object({
  date: z.iso.date(),
  limit: limitParam(1000),
})
export type AsOfQuery = z.infer<typeof AsOfQuery>

/** GET /api/assets/:key/as-of?date=: SCD2 rows valid that day (effective_from <= d < effective_to). */
export const AsOfResponse = z.object({
  key: z.string(),
  date: z.string(),
  columns: z.array(Column),
  rows: Rows,
})
export type AsOfResponse = z.infer<typeof AsOfResponse>

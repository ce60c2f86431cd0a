/**
 * Medallion's public API: what a project's `assets/` (or another repository) imports.
 * Everything else under `framework/` is internal and free to change.
 */

// Automation: when the daemon materializes an asset (docs/automation.md)
export type {
  AutomationCondition,
  ObservationPolicy,
} from './automation/condition.js'
export {
  allOf,
  anyOf,
  codeVersionChanged,
  inProgress,
  missing,
  newSourceFiles,
  newUpstreamData,
  not,
  observeEvery,
  upstreamInProgress,
  upstreamStale,
  withLabel,
} from './automation/condition.js'
export type { Daemon, DaemonOptions, DaemonState } from './automation/daemon.js'
export { startDaemon } from './automation/daemon.js'
export type { CronOptions } from './automation/policies.js'
export {
  allUpstreamsUpdatedSinceCron,
  cronTickPassed,
  eager,
  onCron,
  onMissing,
} from './automation/policies.js'
// Configuration: medallion.config.ts (docs/configuration.md)
export type { MedallionConfig, MedallionConfigInput } from './config/config-schema.js'
export { defineConfig } from './config/config-schema.js'
export type { AssetKey } from './definitions/asset-key.js'
// Declaring assets, sources and checks
export { assetRef, defineAsset } from './definitions/define-asset.js'
export type { CheckSpec } from './definitions/define-check.js'
export { defineCheck, fail, pass } from './definitions/define-check.js'
export { defineDefinitions } from './definitions/define-definitions.js'
export type { SourceSpec } from './definitions/define-source.js'
export { defineSource } from './definitions/define-source.js'
export type { Definitions } from './definitions/definitions.js'
export type { SqlValue, TableRef } from './definitions/sql.js'
export { SqlFragment, sql } from './definitions/sql.js'
export type {
  AnyAsset,
  AssetDefinition,
  AssetDeps,
  AssetOutput,
  AssetReference,
  AssetSpec,
  CheckContext,
  CheckDefinition,
  CheckResult,
  CheckSeverity,
  InputsOf,
  MaterializeContext,
  MergeSpec,
  Metadata,
  MetadataValue,
  RetryPolicy,
  RowOf,
  SourceDefinition,
  SourceRef,
  StorageKind,
  WriteOptions,
  WriteResult,
} from './definitions/types.js'
export type { ErrorCode } from './errors.js'
// Errors
export {
  DefinitionError,
  DeltaError,
  FrameworkError,
  isFrameworkError,
  UserCodeError,
} from './errors.js'
export type { RunEvent } from './events/event-types.js'
// Running: open a data directory, look at staleness, materialize, check
export { runChecks } from './executor/run-checks.js'
export type { AssetOutcome, CheckOutcome, RunResult } from './executor/run-result.js'
export type { Instance } from './instance/instance.js'
export type { InstanceStore, RunRecord } from './instance/instance-store.js'
export type { OpenInstanceOptions } from './instance/open-instance.js'
export { openInstance } from './instance/open-instance.js'
export { selectAssets } from './selection/select-assets.js'
export type { AssetStatus, StatusSnapshot } from './services/asset-status.js'
export { currentStatus } from './services/asset-status.js'
export type { MaterializeOptions } from './services/materialize.js'
export { materialize } from './services/materialize.js'
export type { AssetStaleness, StaleCause, StaleStatus } from './staleness/stale-types.js'

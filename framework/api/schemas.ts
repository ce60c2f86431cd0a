/**
 * Request and response schemas of the HTTP API, shared with the UI (import types with
 * `import type`; the schemas themselves depend only on zod). One section per resource.
 */

export { RunEvent, RunStatus } from '../events/event-types.js'
export {
  AsOfQuery,
  AsOfResponse,
  AssetDetail,
  AssetSummary,
  AssetsResponse,
  CheckEvaluation,
  CheckHistoryResponse,
  CheckSummary,
  ChecksResponse,
  LineageResponse,
  MaterializationInfo,
  MaterializationsResponse,
  PreviewQuery,
  PreviewResponse,
  VersionsResponse,
} from './schemas/assets.js'
export {
  AssetAutomation,
  AssetAutomationResponse,
  AutomationEvaluation,
  AutomationResponse,
  AutomationSwitchBody,
  AutomationSwitchResponse,
  AutomationTick,
  ConditionNode,
  DaemonStatus,
  EvaluationOutcome,
  TickDetailResponse,
  TickIdParam,
  TicksQuery,
  TicksResponse,
} from './schemas/automation.js'
export {
  ApiErrorBody,
  AssetKeyText,
  Column,
  LimitQuery,
  Rows,
  SelectQuery,
  StaleCause,
  StaleStatus,
} from './schemas/common.js'
export {
  ConversionByCohort,
  FeatureLift,
  HealthResponse,
  InsightsResponse,
} from './schemas/insights.js'
export {
  CancelRunResponse,
  LaunchRunBody,
  LaunchRunResponse,
  MaterializeAssetBody,
  RunDetail,
  RunEventsQuery,
  RunEventsResponse,
  RunStreamEnd,
  RunSummary,
  RunsQuery,
  RunsResponse,
  StepStatus,
  StepSummary,
  StoredRunEvent,
} from './schemas/runs.js'

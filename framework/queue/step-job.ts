import path from 'node:path'
import * as z from 'zod'
import type { AssetKey } from '../definitions/asset-key.js'
import type { AnyAsset } from '../definitions/types.js'
import { FrameworkError } from '../errors.js'
import { CheckStatus } from '../events/event-types.js'
import type { AssetStepEnv, AssetStepOutcome } from '../executor/asset-step.js'
import type { SourceObservation } from '../sources/observe-source.js'

const errorInfo = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
})

/**
 * What a worker needs to run one asset step, beyond the project it has loaded itself: the facts
 * the coordinator gathered before submitting it. Paths are relative to the data directory, which
 * each machine may mount elsewhere.
 */
export const StepJob = z.object({
  runId: z.string(),
  key: z.string(),
  /** The coordinator's code version of the asset: a worker running other code refuses the step. */
  codeVersion: z.string(),
  /** Data version of each upstream asset the step reads, as the coordinator knows it. */
  inputVersions: z.record(z.string(), z.string()),
  /** The run's observation of each source the step reads. */
  sources: z.record(
    z.string(),
    z.object({ files: z.array(z.string()), bytes: z.number(), dataVersion: z.string() }),
  ),
  /** Sources the run could not observe, with the error a step reading them fails with. */
  sourceErrors: z.record(z.string(), errorInfo),
  lockWait: z.enum(['wait', 'fail']),
  lockPollMs: z.number(),
})
export type StepJob = z.infer<typeof StepJob>

/** A step's outcome as the worker sends it back. */
export const StepJobResult = z.object({
  status: z.enum(['materialized', 'failed', 'canceled']),
  attempts: z.number(),
  durationMs: z.number(),
  dataVersion: z.string().optional(),
  error: errorInfo.optional(),
  checks: z.array(
    z.object({
      key: z.string(),
      check: z.string(),
      status: CheckStatus,
      severity: z.enum(['warn', 'error']),
      blocking: z.boolean(),
      message: z.string().optional(),
      durationMs: z.number(),
    }),
  ),
  blockedBy: z.string().optional(),
})
export type StepJobResult = z.infer<typeof StepJobResult>

/** The job for `asset`'s step, from the coordinator's run environment. */
export function stepJob(env: AssetStepEnv, asset: AnyAsset, dataDir: string): StepJob {
  const inputVersions: Record<string, string> = {}
  const sources: StepJob['sources'] = {}
  const sourceErrors: StepJob['sourceErrors'] = {}
  for (const { key } of Object.values(asset.deps)) {
    const observation = env.observations.get(key)
    const sourceError = env.sourceErrors.get(key)
    const version = env.versionOf(key)
    if (observation !== undefined) {
      sources[key] = {
        files: observation.files.map((file) => path.relative(dataDir, file)),
        bytes: observation.bytes,
        dataVersion: observation.dataVersion,
      }
    } else if (sourceError !== undefined) sourceErrors[key] = errorInfoOf(sourceError)
    else if (version !== undefined) inputVersions[key] = version
  }
  return {
    runId: env.runId,
    key: asset.key,
    codeVersion: asset.codeVersion,
    inputVersions,
    sources,
    sourceErrors,
    lockWait: env.lockWait,
    lockPollMs: env.lockPollMs,
  }
}

/** The parts of a step's environment that come with its job, resolved on the worker's machine. */
export function jobInputs(job: StepJob, dataDir: string) {
  const observations = new Map<AssetKey, SourceObservation>()
  for (const [key, source] of Object.entries(job.sources)) {
    observations.set(key as AssetKey, {
      key: key as AssetKey,
      files: source.files.map((file) => path.resolve(dataDir, file)),
      bytes: source.bytes,
      dataVersion: source.dataVersion,
    })
  }
  const sourceErrors = new Map<AssetKey, FrameworkError>()
  for (const [key, error] of Object.entries(job.sourceErrors)) {
    sourceErrors.set(key as AssetKey, frameworkErrorOf(error))
  }
  return {
    observations,
    sourceErrors,
    versionOf: (key: AssetKey) => job.inputVersions[key],
  }
}

export function toJobResult(outcome: AssetStepOutcome): StepJobResult {
  const { error, ...rest } = outcome
  return {
    ...rest,
    checks: [...outcome.checks],
    ...(error === undefined ? {} : { error: errorInfoOf(error) }),
  }
}

export function fromJobResult(result: StepJobResult): AssetStepOutcome {
  const { dataVersion, blockedBy, error } = result
  return {
    status: result.status,
    attempts: result.attempts,
    durationMs: result.durationMs,
    checks: result.checks.map(({ key, message, ...check }) => ({
      ...check,
      key: key as AssetKey,
      ...(message === undefined ? {} : { message }),
    })),
    ...(dataVersion === undefined ? {} : { dataVersion }),
    ...(blockedBy === undefined ? {} : { blockedBy }),
    ...(error === undefined ? {} : { error: frameworkErrorOf(error) }),
  }
}

function errorInfoOf(error: FrameworkError): z.infer<typeof errorInfo> {
  return {
    code: error.code,
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  }
}

function frameworkErrorOf(error: z.infer<typeof errorInfo>): FrameworkError {
  return new FrameworkError(
    error.code as FrameworkError['code'],
    error.message,
    error.hint === undefined ? {} : { hint: error.hint },
  )
}

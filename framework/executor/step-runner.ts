import type { AnyAsset } from '../definitions/types.js'
import { type AssetStepEnv, type AssetStepOutcome, runAssetStep } from './asset-step.js'

/** Where a run's asset steps execute: in the launching process, or on queue workers. */
export interface StepRunner {
  /** Steps a run submits at once when its caller sets no concurrency. */
  readonly defaultConcurrency: number
  /** Called as a run starts: throws when steps cannot execute at all (the queue is unreachable). */
  prepare(): Promise<void>
  /** One asset step (materialize, retrying per its policy, then its checks); never throws. */
  run(env: AssetStepEnv, asset: AnyAsset): Promise<AssetStepOutcome>
  /** Called once a run has no step left: forget what was kept about it (long-lived processes). */
  endRun(runId: string): void
  /** Lets go of the runner's connections; called by `Instance.close()`. */
  close(): Promise<void>
}

/** Steps run in this process, four at a time unless the run says otherwise. */
export const inProcessSteps: StepRunner = {
  defaultConcurrency: 4,
  async prepare() {},
  run: runAssetStep,
  endRun() {},
  async close() {},
}

import type { AssetKey } from '../definitions/asset-key.js'
import type {
  AutomationTick,
  LeaseHolder,
  NewAutomationTick,
  StoredEvaluation,
} from './automation-records.js'

type MaybePromise<T> = T | Promise<T>

/** A store's automation records: synchronous in SQLite, asynchronous in PostgreSQL. */
export interface AutomationRecords {
  recordTick(
    tick: NewAutomationTick,
    evaluations: readonly { key: AssetKey; body: string }[],
  ): MaybePromise<number>
  listTicks(options: { limit?: number; beforeId?: number }): MaybePromise<AutomationTick[]>
  evaluations(options: {
    asOfTickId?: number
    keys?: readonly AssetKey[]
  }): MaybePromise<Map<AssetKey, StoredEvaluation>>
  evaluationHistory(key: AssetKey, limit: number | undefined): MaybePromise<StoredEvaluation[]>
  pruneTicks(keep: number): MaybePromise<void>
  cursors(keys: readonly AssetKey[] | undefined): MaybePromise<Map<AssetKey, string>>
  setCursors(cursors: ReadonlyMap<AssetKey, string>): MaybePromise<void>
  tryAcquireLease(name: string, owner: string, ttlMs: number): MaybePromise<LeaseHolder | undefined>
  releaseLease(name: string, owner: string): MaybePromise<void>
}

/**
 * The automation part of `InstanceStore`, forwarded to the store's records: one copy for every
 * store instead of the same nine methods in each.
 */
export abstract class AutomationMethods {
  protected abstract readonly automation: AutomationRecords

  async recordAutomationTick(
    tick: NewAutomationTick,
    evaluations: readonly { key: AssetKey; body: string }[],
  ): Promise<number> {
    return this.automation.recordTick(tick, evaluations)
  }

  async listAutomationTicks(
    options: { limit?: number; beforeId?: number } = {},
  ): Promise<AutomationTick[]> {
    return this.automation.listTicks(options)
  }

  async automationEvaluations(
    options: { asOfTickId?: number; keys?: readonly AssetKey[] } = {},
  ): Promise<Map<AssetKey, StoredEvaluation>> {
    return this.automation.evaluations(options)
  }

  async automationEvaluationHistory(key: AssetKey, limit?: number): Promise<StoredEvaluation[]> {
    return this.automation.evaluationHistory(key, limit)
  }

  async pruneAutomationTicks(keep: number): Promise<void> {
    await this.automation.pruneTicks(keep)
  }

  async automationCursors(keys?: readonly AssetKey[]): Promise<Map<AssetKey, string>> {
    return this.automation.cursors(keys)
  }

  async setAutomationCursors(cursors: ReadonlyMap<AssetKey, string>): Promise<void> {
    await this.automation.setCursors(cursors)
  }

  async tryAcquireLease(
    name: string,
    owner: string,
    ttlMs: number,
  ): Promise<LeaseHolder | undefined> {
    return this.automation.tryAcquireLease(name, owner, ttlMs)
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.automation.releaseLease(name, owner)
  }
}

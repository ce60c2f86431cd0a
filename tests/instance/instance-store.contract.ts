import { afterEach, beforeEach, describe } from 'vitest'
import type { InstanceStore } from '../../framework/instance/instance-store.js'
import type { LockOptions } from '../../framework/instance/lock-policy.js'
import { automationContract } from './contract/automation.js'
import { eventLogContract } from './contract/event-log.js'
import { locksContract } from './contract/locks.js'
import { runsContract } from './contract/runs.js'

/** One backing database (a SQLite file, a PostgreSQL schema) that tests open stores on. */
export interface InstanceStoreHarness {
  /** A new store on the shared data, as another process would open it; options shape its locks. */
  open(options?: LockOptions): Promise<InstanceStore>
  /** Closes every store it opened and deletes the data. */
  dispose(): Promise<void>
}

/** What each part of the suite gets: the harness, and a store already opened on it. */
export interface ContractContext {
  readonly harness: InstanceStoreHarness
  readonly store: InstanceStore
}

/**
 * The behaviour every InstanceStore must have, run against each backend (Kysely's pattern):
 * `describeInstanceStoreContract('sqlite', makeSqliteHarness)`.
 */
export function describeInstanceStoreContract(
  name: string,
  setup: () => Promise<InstanceStoreHarness>,
): void {
  describe(`${name}: InstanceStore contract`, () => {
    let harness: InstanceStoreHarness | undefined
    let store: InstanceStore | undefined
    const context = (): ContractContext => {
      if (harness === undefined || store === undefined) throw new Error('harness not set up')
      return { harness, store }
    }
    beforeEach(async () => {
      harness = await setup()
      store = await harness.open()
    })
    // Dispose even when a test fails, or one failure leaves files behind for every later test.
    afterEach(async () => {
      await harness?.dispose()
      harness = undefined
      store = undefined
    })

    describe('runs', () => runsContract(context))
    describe('event log', () => eventLogContract(context))
    describe('locks and values', () => locksContract(context))
    describe('automation ticks, cursors and leases', () => automationContract(context))
  })
}

import type {
  AddAction,
  DeletionVectorDescriptor,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
} from './actions.js'
import type { LogAction } from './log-actions.js'
import type { Snapshot } from './snapshot-types.js'

/** The logical file key (path, dvId) of PROTOCOL.md «Action Reconciliation». */
export function fileKey(filePath: string, dv: DeletionVectorDescriptor | null | undefined): string {
  if (!dv) return filePath
  const offset = dv.offset === undefined || dv.offset === null ? '' : `@${dv.offset}`
  return `${filePath}\u0000${dv.storageType}${dv.pathOrInlineDv}${offset}`
}

/** Mutable table state while replaying a checkpoint and then commits in version order. */
export class ReplayState {
  protocol: ProtocolAction | undefined
  metadata: MetadataAction | undefined
  readonly files = new Map<string, AddAction>()
  readonly tombstones = new Map<string, RemoveAction>()
  readonly transactions = new Map<string, number>()
  readonly transactionTimes = new Map<string, number>()
  readonly domains = new Map<string, DomainMetadataAction>()

  /** Resumes from an earlier snapshot of the same table (incremental replay). */
  static fromSnapshot(snapshot: Snapshot): ReplayState {
    const state = new ReplayState()
    state.protocol = snapshot.protocol
    state.metadata = snapshot.metadata
    for (const add of snapshot.files) state.files.set(fileKey(add.path, add.deletionVector), add)
    for (const rm of snapshot.tombstones)
      state.tombstones.set(fileKey(rm.path, rm.deletionVector), rm)
    for (const [appId, v] of snapshot.transactions) state.transactions.set(appId, v)
    for (const [appId, t] of snapshot.transactionTimes) state.transactionTimes.set(appId, t)
    for (const [domain, d] of snapshot.domainMetadata) state.domains.set(domain, d)
    return state
  }

  /**
   * Applies one commit's (or a checkpoint's) actions. The newest action per key wins; within a
   * commit no key appears twice, so the order inside it does not matter. Unknown actions are ignored.
   */
  apply(actions: readonly LogAction[]): void {
    for (const action of actions) {
      if ('add' in action) {
        const key = fileKey(action.add.path, action.add.deletionVector)
        this.files.set(key, action.add)
        this.tombstones.delete(key)
      } else if ('remove' in action) {
        const key = fileKey(action.remove.path, action.remove.deletionVector)
        this.files.delete(key)
        this.tombstones.set(key, action.remove)
      } else if ('metaData' in action) {
        this.metadata = action.metaData
      } else if ('protocol' in action) {
        this.protocol = action.protocol
      } else if ('txn' in action) {
        const { appId, version, lastUpdated } = action.txn
        this.transactions.set(appId, version)
        // lastUpdated is optional, and checkpoints read back with a null for a missing one.
        if (typeof lastUpdated === 'number') this.transactionTimes.set(appId, lastUpdated)
        else this.transactionTimes.delete(appId)
      } else if ('domainMetadata' in action) {
        const d = action.domainMetadata
        if (d.removed) this.domains.delete(d.domain)
        else this.domains.set(d.domain, d)
      }
    }
  }
}

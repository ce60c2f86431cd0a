import type {
  AddAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
} from './actions.js'

/** A top-level or nested field of a Delta schema (Spark StructType JSON, parsed). */
export interface DeltaField {
  readonly name: string
  /** A primitive type name (`long`, `decimal(10,2)`, `timestamp`…) or a nested type object. */
  readonly type: DeltaType
  readonly nullable: boolean
  readonly metadata: Readonly<Record<string, unknown>>
}

export type DeltaType =
  | string
  | { readonly type: 'struct'; readonly fields: readonly DeltaField[] }
  | { readonly type: 'array'; readonly elementType: DeltaType; readonly containsNull: boolean }
  | {
      readonly type: 'map'
      readonly keyType: DeltaType
      readonly valueType: DeltaType
      readonly valueContainsNull: boolean
    }

/** The state of a Delta table at one version, after log replay. */
export interface Snapshot {
  /** Absolute path of the table root. */
  readonly tableDir: string
  readonly version: number
  /** Commit time of this version (file mtime, or in-commit timestamp when enabled), ms since epoch. */
  readonly timestampMs: number
  readonly protocol: ProtocolAction
  readonly metadata: MetadataAction
  readonly schema: readonly DeltaField[]
  readonly partitionColumns: readonly string[]
  /** Live files (the table's data), paths exactly as written in the log. */
  readonly files: readonly AddAction[]
  /** Tombstones still in the log; only VACUUM needs them. */
  readonly tombstones: readonly RemoveAction[]
  /** Latest txn version per appId (idempotent writes). */
  readonly transactions: ReadonlyMap<string, number>
  /** `lastUpdated` (ms since epoch) of each txn whose latest action has one. */
  readonly transactionTimes: ReadonlyMap<string, number>
  readonly domainMetadata: ReadonlyMap<string, DomainMetadataAction>
  /** Version of the checkpoint replay started from, or null for a pure JSON replay. */
  readonly checkpointVersion: number | null
}

/**
 * Delta transaction log actions, as they appear in `_delta_log/*.json` (one action a line) and in
 * checkpoints. Field names follow PROTOCOL.md; unknown fields are kept on read and ignored.
 */
export interface ProtocolAction {
  readonly minReaderVersion: number
  readonly minWriterVersion: number
  readonly readerFeatures?: readonly string[]
  readonly writerFeatures?: readonly string[]
}

export interface MetadataAction {
  readonly id: string
  readonly name?: string | null
  readonly description?: string | null
  readonly format: { readonly provider: string; readonly options: Readonly<Record<string, string>> }
  /** A Spark StructType as JSON text. */
  readonly schemaString: string
  readonly partitionColumns: readonly string[]
  readonly createdTime?: number | null
  readonly configuration: Readonly<Record<string, string>>
}

export interface DeletionVectorDescriptor {
  readonly storageType: 'u' | 'i' | 'p'
  readonly pathOrInlineDv: string
  readonly offset?: number
  readonly sizeInBytes: number
  readonly cardinality: number
}

export interface AddAction {
  /** URI-encoded path relative to the table root (or an absolute URI), exactly as written. */
  readonly path: string
  readonly partitionValues: Readonly<Record<string, string | null>>
  readonly size: number
  readonly modificationTime: number
  readonly dataChange: boolean
  /** JSON text: {numRecords, minValues, maxValues, nullCount, tightBounds?}. */
  readonly stats?: string | null
  readonly tags?: Readonly<Record<string, string>> | null
  readonly deletionVector?: DeletionVectorDescriptor | null
  readonly baseRowId?: number | null
  readonly defaultRowCommitVersion?: number | null
}

export interface RemoveAction {
  readonly path: string
  readonly deletionTimestamp?: number | null
  readonly dataChange: boolean
  readonly extendedFileMetadata?: boolean
  readonly partitionValues?: Readonly<Record<string, string | null>> | null
  readonly size?: number | null
  readonly stats?: string | null
  readonly deletionVector?: DeletionVectorDescriptor | null
}

export interface TxnAction {
  readonly appId: string
  readonly version: number
  readonly lastUpdated?: number
}

export interface DomainMetadataAction {
  readonly domain: string
  readonly configuration: string
  readonly removed: boolean
}

export type CommitInfoAction = Readonly<Record<string, unknown>> & {
  readonly timestamp?: number
  readonly operation?: string
}

/** One line of a commit file: exactly one of these keys is set. */
export type Action =
  | { readonly protocol: ProtocolAction }
  | { readonly metaData: MetadataAction }
  | { readonly add: AddAction }
  | { readonly remove: RemoveAction }
  | { readonly txn: TxnAction }
  | { readonly domainMetadata: DomainMetadataAction }
  | { readonly commitInfo: CommitInfoAction }

/** Per-file statistics as stored in `add.stats`. */
export interface FileStats {
  readonly numRecords: number
  readonly minValues: Readonly<Record<string, unknown>>
  readonly maxValues: Readonly<Record<string, unknown>>
  readonly nullCount: Readonly<Record<string, unknown>>
  readonly tightBounds?: boolean
}

import type { MetadataAction } from './actions.js'
import type { DeltaField } from './snapshot-types.js'

/** `delta.columnMapping.mode`: how logical column names map to names (or ids) in data files. */
export type ColumnMappingMode = 'none' | 'name' | 'id'

/** The table's column mapping mode; absent means `none`. */
export function columnMappingMode(metadata: MetadataAction): ColumnMappingMode {
  const mode = metadata.configuration['delta.columnMapping.mode']
  return mode === 'name' || mode === 'id' ? mode : 'none'
}

/**
 * The name of `field` inside data files, `partitionValues` and stats. With mapping on, that is
 * `delta.columnMapping.physicalName` (Spark writes physical names in both `name` and `id` mode).
 */
export function physicalName(field: DeltaField, mode: ColumnMappingMode): string {
  if (mode === 'none') return field.name
  const physical = field.metadata['delta.columnMapping.physicalName']
  return typeof physical === 'string' ? physical : field.name
}

/** The parquet field id of `field` (`delta.columnMapping.id`), used in `id` mode. */
export function fieldId(field: DeltaField): number | undefined {
  const id = field.metadata['delta.columnMapping.id']
  return typeof id === 'number' ? id : undefined
}

import { type ColumnMappingMode, physicalName } from './column-mapping.js'
import type { DeltaType } from './snapshot-types.js'
import { quoteIdent } from './sql-quote.js'

/** True when some nested struct field has a physical name different from its logical one. */
export function needsRemap(type: DeltaType, mode: ColumnMappingMode): boolean {
  if (mode === 'none' || typeof type === 'string') return false
  switch (type.type) {
    case 'struct':
      return type.fields.some((f) => physicalName(f, mode) !== f.name || needsRemap(f.type, mode))
    case 'array':
      return needsRemap(type.elementType, mode)
    case 'map':
      return needsRemap(type.keyType, mode) || needsRemap(type.valueType, mode)
  }
}

/**
 * An expression turning `expr` (nested fields under physical names, as stored) into the same
 * value with logical field names. Column mapping renames nested struct fields too.
 */
export function remapNested(
  expr: string,
  type: DeltaType,
  mode: ColumnMappingMode,
  depth = 0,
): string {
  if (!needsRemap(type, mode) || typeof type === 'string') return expr
  const x = `__x${depth}`
  switch (type.type) {
    case 'struct': {
      const parts = type.fields.map(
        (f) =>
          `${quoteIdent(f.name)} := ${remapNested(`${expr}.${quoteIdent(physicalName(f, mode))}`, f.type, mode, depth + 1)}`,
      )
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${parts.join(', ')}) END`
    }
    case 'array':
      return `list_transform(${expr}, lambda ${x}: ${remapNested(x, type.elementType, mode, depth + 1)})`
    case 'map': {
      const key = remapNested(`${x}.key`, type.keyType, mode, depth + 1)
      const value = remapNested(`${x}.value`, type.valueType, mode, depth + 1)
      return `map_from_entries(list_transform(map_entries(${expr}), lambda ${x}: struct_pack(key := ${key}, value := ${value})))`
    }
  }
}

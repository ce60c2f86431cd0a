import type { Depth } from '../graph/traversal.js'

/**
 * A parsed selection expression: a union told apart by `type`. Built by `parseSelection`,
 * evaluated by `resolveSelection`, so syntax and graph errors are tested apart.
 */
export type SelectionNode =
  /** `*`: every asset and source. */
  | { readonly type: 'all' }
  /**
   * `key:silver/user_dim`, `key:"bronze/*"` or a bare `silver/user_dim`. `*` in `value` is a
   * wildcard. `column`/`length` locate the value in the expression, for "unknown key" errors.
   */
  | {
      readonly type: 'key'
      readonly value: string
      readonly column: number
      readonly length: number
    }
  | { readonly type: 'group'; readonly value: string }
  | { readonly type: 'owner'; readonly value: string }
  | { readonly type: 'kind'; readonly value: string }
  /** `tag:pii` (any value) or `tag:pii=email`. */
  | { readonly type: 'tag'; readonly key: string; readonly value: string | undefined }
  /** `2+x+1`: the operand plus `up` levels upstream and `down` levels downstream (0 = none). */
  | {
      readonly type: 'traverse'
      readonly operand: SelectionNode
      readonly up: Depth
      readonly down: Depth
    }
  | { readonly type: 'roots'; readonly operand: SelectionNode }
  | { readonly type: 'sinks'; readonly operand: SelectionNode }
  | { readonly type: 'not'; readonly operand: SelectionNode }
  | { readonly type: 'and'; readonly left: SelectionNode; readonly right: SelectionNode }
  | { readonly type: 'or'; readonly left: SelectionNode; readonly right: SelectionNode }

export type SelectionNodeType = SelectionNode['type']

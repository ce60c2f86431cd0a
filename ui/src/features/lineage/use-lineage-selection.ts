import { useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import { selectionQueryOptions } from '../../api/lineage.js'

/**
 * Which assets are highlighted: the keys an expression resolves to (server-side, same parser as
 * the CLI), then changed by clicks. `expression` is kept only while the clicks have not changed
 * it, so "Materialize selected" can send the user's own expression.
 */
export function useLineageSelection(expression: string | undefined) {
  const query = useQuery({ ...selectionQueryOptions(expression ?? ''), enabled: !!expression })
  const [manual, setManual] = useState<ReadonlySet<string> | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new expression replaces the clicks
  useEffect(() => setManual(null), [expression])
  const fromExpression = expression && query.data ? new Set(query.data) : null
  const selected: ReadonlySet<string> = manual ?? fromExpression ?? EMPTY

  const click = useCallback(
    (key: string, additive: boolean) => {
      setManual(() => {
        if (!additive) return new Set(selected.size === 1 && selected.has(key) ? [] : [key])
        const next = new Set(selected)
        if (next.has(key)) next.delete(key)
        else next.add(key)
        return next
      })
    },
    [selected],
  )
  const clear = useCallback(() => setManual(new Set()), [])
  return {
    selected,
    /** The expression still matches the highlighted keys exactly. */
    expression: manual === null && fromExpression ? expression : undefined,
    error: query.error,
    pending: query.isFetching,
    click,
    clear,
  }
}

const EMPTY: ReadonlySet<string> = new Set()

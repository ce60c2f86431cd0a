import { useCallback, useMemo, useState, useSyncExternalStore } from 'react'
import { layoutsVersion, subscribeLayouts } from './layout-cache.js'

const STORAGE_KEY = 'medallion.collapsedGroups'

/**
 * Which groups are folded; remembered across reloads, since users fold the same ones. The set
 * is the layout's memo key beside the graph's shape, so it gets a new identity (same groups)
 * when a real layout arrives from the worker: that is what makes the page swap the provisional
 * layout for it.
 */
export function useCollapsedGroups(): [ReadonlySet<string>, (group: string) => void] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => read())
  const layouts = useSyncExternalStore(subscribeLayouts, layoutsVersion)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `layouts` is the point (see above)
  const keyed = useMemo(() => new Set(collapsed), [collapsed, layouts])
  const toggle = useCallback((group: string) => {
    setCollapsed((current) => {
      const next = new Set(current)
      if (next.has(group)) next.delete(group)
      else next.add(group)
      localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]))
      return next
    })
  }, [])
  return [keyed, toggle]
}

function read(): ReadonlySet<string> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]')
    return new Set(Array.isArray(saved) ? saved.filter((g) => typeof g === 'string') : [])
  } catch {
    return new Set()
  }
}

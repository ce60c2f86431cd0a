import { useCallback, useState } from 'react'

const STORAGE_KEY = 'medallion.collapsedGroups'

/** Which groups are folded; remembered across reloads, since users fold the same ones. */
export function useCollapsedGroups(): [ReadonlySet<string>, (group: string) => void] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => read())
  const toggle = useCallback((group: string) => {
    setCollapsed((current) => {
      const next = new Set(current)
      if (next.has(group)) next.delete(group)
      else next.add(group)
      localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]))
      return next
    })
  }, [])
  return [collapsed, toggle]
}

function read(): ReadonlySet<string> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]')
    return new Set(Array.isArray(saved) ? saved.filter((g) => typeof g === 'string') : [])
  } catch {
    return new Set()
  }
}

import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { StoredRunEvent } from '../../../../framework/api/schemas.js'
import { apiToken } from '../../api/http.js'
import { apiPaths } from '../../api/paths.js'

/**
 * The run's events, live: an EventSource on /api/runs/:id/stream (which replays from the first
 * event, then pushes new ones until the run ends). Each event also refreshes the run's detail
 * (steps, status), at most every 300 ms.
 */
export function useRunStream(runId: string) {
  const queryClient = useQueryClient()
  const [events, setEvents] = useState<StoredRunEvent[]>([])
  const [state, setState] = useState<'connecting' | 'live' | 'ended' | 'error'>('connecting')
  const refresh = useRef<number | undefined>(undefined)
  useEffect(() => {
    setEvents([])
    setState('connecting')
    const source = new EventSource(apiPaths.runStream(runId, apiToken()))
    const scheduleRefresh = () => {
      if (refresh.current !== undefined) return
      refresh.current = window.setTimeout(() => {
        refresh.current = undefined
        void queryClient.invalidateQueries({ queryKey: ['runs', runId] })
      }, 300)
    }
    source.onopen = () => setState('live')
    source.addEventListener('run_event', (message) => {
      const stored = JSON.parse((message as MessageEvent<string>).data) as StoredRunEvent
      // EventSource reconnects with Last-Event-ID, but drop any repeat all the same.
      setEvents((current) =>
        current.some((e) => e.id === stored.id) ? current : [...current, stored],
      )
      scheduleRefresh()
    })
    source.addEventListener('end', () => {
      source.close()
      setState('ended')
      void queryClient.invalidateQueries({ queryKey: ['runs'] })
      void queryClient.invalidateQueries({ queryKey: ['assets'] })
      void queryClient.invalidateQueries({ queryKey: ['lineage'] })
    })
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setState('error')
    }
    return () => {
      source.close()
      window.clearTimeout(refresh.current)
      refresh.current = undefined
    }
  }, [runId, queryClient])
  return { events, state }
}

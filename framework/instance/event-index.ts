import type { AssetKey } from '../definitions/asset-key.js'
import type { RunEvent, RunEventType } from '../events/event-types.js'

/** The event types the `latest` index tracks, and the kind it files each under. */
export const LATEST_KIND = {
  asset_materialized: 'materialization',
  source_observed: 'observation',
  check_evaluated: 'check',
} as const satisfies Partial<Record<RunEventType, string>>
export type LatestType = keyof typeof LATEST_KIND

/** The columns stored beside an event's body, which the indexes and the `latest` table use. */
export interface EventIndexColumns {
  readonly assetKey: string | null
  readonly checkName: string | null
  /** The `latest` row this event replaces, when it is of a tracked type and names an asset. */
  readonly latest: { readonly kind: string; readonly checkName: string } | undefined
}

/** What every store indexes an event by; one definition so the backends agree. */
export function eventIndexColumns(event: RunEvent): EventIndexColumns {
  const assetKey = 'key' in event ? (event.key ?? null) : null
  const checkName = event.type === 'check_evaluated' ? event.check : null
  const kind = event.type in LATEST_KIND ? LATEST_KIND[event.type as LatestType] : undefined
  const latest =
    kind === undefined || assetKey === null ? undefined : { kind, checkName: checkName ?? '' }
  return { assetKey, checkName, latest }
}

/** Latest events by asset key, as the stores' `latest…` methods return them. */
export function byAssetKey<E extends { key: string }>(events: readonly E[]): Map<AssetKey, E> {
  return new Map(events.map((event) => [event.key as AssetKey, event]))
}

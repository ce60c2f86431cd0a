import type { LeaseHolder } from './automation-records.js'
import { isProcessAlive, type LockPolicy } from './lock-policy.js'

/** The kv entry that holds lease `name` (as JSON of its LeaseHolder). */
export function leaseValueName(name: string): string {
  return `lease.${name}`
}

/**
 * Decides `tryAcquireLease` from the stored holder: `held` when someone else holds it, else the
 * holder to store (`owner`, renewed or new). The caller reads and writes in one transaction.
 */
export function decideLease(
  stored: string | undefined,
  request: { readonly name: string; readonly owner: string; readonly ttlMs: number },
  policy: LockPolicy,
): { readonly held: LeaseHolder } | { readonly next: LeaseHolder } {
  const holder = stored === undefined ? undefined : (JSON.parse(stored) as LeaseHolder)
  const now = policy.now()
  if (holder !== undefined && holder.owner !== request.owner && !isLeaseAbandoned(holder, policy)) {
    return { held: holder }
  }
  const renewing = holder?.owner === request.owner
  return {
    next: {
      name: request.name,
      owner: request.owner,
      pid: policy.pid,
      host: policy.host,
      acquiredAt: renewing ? holder.acquiredAt : new Date(now).toISOString(),
      expiresMs: now + request.ttlMs,
    },
  }
}

/** Whether the stored lease belongs to `owner` (so `releaseLease` may delete it). */
export function isLeaseOwnedBy(stored: string | undefined, owner: string): boolean {
  return stored !== undefined && (JSON.parse(stored) as LeaseHolder).owner === owner
}

/** Expired, or held by a process of this host that no longer exists (a daemon killed mid-lease). */
function isLeaseAbandoned(holder: LeaseHolder, policy: LockPolicy): boolean {
  if (policy.now() > holder.expiresMs) return true
  return holder.host === policy.host && !isProcessAlive(holder.pid)
}

import { hostname } from 'node:os'

/** Default lease of an asset lock: a holder that has not sent a heartbeat for this long is presumed gone. */
export const DEFAULT_LOCK_LEASE_MS = 60_000

/** Who takes locks, and when a lock counts as abandoned. Tests override these; production uses the defaults. */
export interface LockOptions {
  /** Milliseconds without heartbeat after which any holder's lock may be taken over. */
  readonly leaseMs?: number
  /** Epoch milliseconds now. */
  readonly now?: () => number
  /** The process recorded as holder; defaults to this process. */
  readonly pid?: number
  readonly host?: string
}

/** `LockOptions` with every default filled in. */
export interface LockPolicy {
  readonly leaseMs: number
  readonly now: () => number
  readonly pid: number
  readonly host: string
}

export function resolveLockPolicy(options: LockOptions = {}): LockPolicy {
  return {
    leaseMs: options.leaseMs ?? DEFAULT_LOCK_LEASE_MS,
    now: options.now ?? Date.now,
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
  }
}

/** The parts of a recorded lock that decide whether it can be taken over. */
export interface RecordedLock {
  readonly pid: number
  readonly host: string
  readonly heartbeatMs: number
}

/**
 * True when a lock held by someone else may be taken: its heartbeat is older than the lease, or its
 * process is on this host and no longer exists. A process on another host can only expire by lease.
 */
export function isLockAbandoned(lock: RecordedLock, policy: LockPolicy): boolean {
  if (policy.now() - lock.heartbeatMs > policy.leaseMs) return true
  return lock.host === policy.host && !isProcessAlive(lock.pid)
}

/** Whether a process with this id exists on this host (signal 0 checks without signalling). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/** What a store does with `tryLockAsset`: renew its own lock, take a free or abandoned one, or refuse. */
export type LockDecision = 'renew' | 'take' | 'held'

/** Decides `tryLockAsset` from the lock's current row (undefined: nobody holds it). */
export function decideLock(
  current: (RecordedLock & { readonly runId: string }) | undefined,
  runId: string,
  policy: LockPolicy,
): LockDecision {
  if (current === undefined) return 'take'
  if (current.runId === runId) return 'renew'
  return isLockAbandoned(current, policy) ? 'take' : 'held'
}

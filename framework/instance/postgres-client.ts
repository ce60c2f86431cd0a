import pg from 'pg'
import { FrameworkError } from '../errors.js'
import { redactedUrl } from '../util/redacted-url.js'

/** A pool or one of its clients: anything `query` can run on. */
export type Queryable = pg.Pool | pg.PoolClient

/** int8 (BIGSERIAL ids, epoch milliseconds) as a number: ids stay far below 2^53. */
const INT8_OID = 20
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

/** A connection pool for one store; per-pool type parsing leaves pg's global parsers alone. */
export function createPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: TYPES })
  // An idle connection that breaks (server restart) is dropped from the pool; the next query
  // opens a new one and reports any real outage. Without a listener the error would crash the process.
  pool.on('error', () => {})
  return pool
}

/** Runs `fn` in a transaction on one client: commits when it returns, rolls back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('begin')
    const result = await fn(client)
    await client.query('commit')
    return result
  } catch (error) {
    // A client whose rollback fails is in an unknown state: release(error) destroys it.
    await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError))
    throw error
  } finally {
    client.release(broken)
  }
}

/** Opens the first connection, turning "cannot reach the server" into a clear error. */
export async function checkConnection(pool: pg.Pool, url: string): Promise<void> {
  try {
    const client = await pool.connect()
    client.release()
  } catch (cause) {
    throw new FrameworkError(
      'INSTANCE_STORE_UNAVAILABLE',
      `instance store: cannot connect to PostgreSQL at ${redactedUrl(url)} (${(cause as Error).message}). Check that the server runs, the database exists and the URL (MEDALLION_POSTGRES_URL or medallion.config.ts) is right.`,
      { cause },
    )
  }
}

/** Passes of `claimRow` before giving up on a row that keeps appearing and vanishing. */
const CLAIM_ATTEMPTS = 5

/**
 * Read-decide-write on one row (a lock, a lease) in a transaction. `attempt` reads the row FOR
 * UPDATE, so of two processes the second waits for the first's decision. A missing row cannot be
 * locked, so `attempt` inserts with ON CONFLICT DO NOTHING; when that loses to a concurrent
 * insert it returns 'retry', and the next pass reads the winner's row.
 */
export async function claimRow<T>(
  pool: pg.Pool,
  what: string,
  attempt: (client: pg.PoolClient) => Promise<{ readonly done: T } | 'retry'>,
): Promise<T> {
  return inTransaction(pool, async (client) => {
    for (let pass = 0; pass < CLAIM_ATTEMPTS; pass++) {
      const outcome = await attempt(client)
      if (outcome !== 'retry') return outcome.done
    }
    throw new FrameworkError(
      'INSTANCE_STORE_UNAVAILABLE',
      `instance store: ${what} changed hands ${CLAIM_ATTEMPTS} times while being claimed. Try again.`,
    )
  })
}

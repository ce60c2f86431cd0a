import { Redis } from 'ioredis'
import { errorMessage, FrameworkError } from '../errors.js'
import { redactedUrl } from '../util/redacted-url.js'

/** How long the first connection may take before the executor gives up with a clear error. */
const CONNECT_TIMEOUT_MS = 5_000

/**
 * A connection to the queue's Redis, connected before it is returned: an unreachable Redis is a
 * QUEUE_UNAVAILABLE error naming the URL (without its password), not commands that hang. Later
 * outages are retried by ioredis; `maxRetriesPerRequest: null` is what BullMQ's blocking reads need.
 */
export async function connectRedis(url: string, purpose: string): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_TIMEOUT_MS,
  })
  // Errors after the first connection are reconnected by ioredis; without a listener Node would log each.
  client.on('error', () => undefined)
  try {
    await client.connect()
    return client
  } catch (error) {
    client.disconnect()
    throw new FrameworkError(
      'QUEUE_UNAVAILABLE',
      `${purpose}: could not reach Redis at ${redactedUrl(url)} (${errorMessage(error)}). Start redis-server there, or point executor.redisUrl in medallion.config.ts (or MEDALLION_REDIS_URL) at a running Redis.`,
      { cause: error, hint: 'redis-server --bind 127.0.0.1 --port 6379' },
    )
  }
}

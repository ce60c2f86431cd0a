import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from './free-port.js'

const ROOT = join(import.meta.dirname, '..', '..')
const REDIS_SERVER = '/usr/bin/redis-server'

/** A throwaway Redis on 127.0.0.1, one per test file, with persistence off. */
export interface RedisServer {
  readonly url: string
  stop(): Promise<void>
}

/**
 * Whether Debian's redis-server is here: installed as root when missing (as CI does, through
 * scripts/ci-services.sh); a non-root user without it gets a reason to skip.
 */
export function findRedis(): { readonly skip: string } | { readonly binary: string } {
  if (existsSync(REDIS_SERVER)) return { binary: REDIS_SERVER }
  if (process.getuid?.() !== 0) {
    return {
      skip: 'Redis tests skipped: redis-server is not installed and this user cannot install it. Run `sudo apt-get install -y redis-server` (CI runs as root and installs it).',
    }
  }
  const install = spawnSync('bash', [join(ROOT, 'scripts', 'ci-services.sh')], { stdio: 'inherit' })
  if (install.status !== 0 || !existsSync(REDIS_SERVER)) {
    throw new Error('redis-server: scripts/ci-services.sh could not install redis-server.')
  }
  return { binary: REDIS_SERVER }
}

/** Starts redis-server on a free loopback port and waits until it answers PING. */
export async function startRedisServer(binary: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'medallion-redis-'))
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const server = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { cwd: dir, stdio: 'ignore' },
    )
    const url = `redis://127.0.0.1:${port}`
    if (await answers(url, server)) {
      return {
        url,
        async stop() {
          await stopProcess(server)
          rmSync(dir, { recursive: true, force: true })
        },
      }
    }
    await stopProcess(server)
    // Another process may have taken the port between picking and binding it: try another.
    if (attempt >= 3) {
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`redis-server: did not start on 127.0.0.1 (tried ${attempt} ports)`)
    }
  }
}

async function answers(url: string, server: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline && server.exitCode === null) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 })
    client.on('error', () => undefined)
    try {
      await client.connect()
      if ((await client.ping()) === 'PONG') return true
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50))
    } finally {
      client.disconnect()
    }
  }
  return false
}

function stopProcess(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    server.once('exit', () => resolve())
    server.kill('SIGTERM')
  })
}

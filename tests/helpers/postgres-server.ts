import { execFile, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './free-port.js'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..')
const IS_ROOT = process.getuid?.() === 0

/** Where Debian's PostgreSQL programs are, or why the PostgreSQL tests cannot run here. */
export type PostgresInstall = { readonly binDir: string } | { readonly skip: string }

/** A throwaway PostgreSQL server on 127.0.0.1, one per test file. */
export interface PostgresServer {
  /**
   * The URL of a new, empty schema in the server's `medallion` database (its search_path is set
   * in the URL): as empty as a new database, in a fraction of the time.
   */
  createSchema(): Promise<string>
  /** Drops a schema made by `createSchema`; close the stores using it first. */
  dropSchema(url: string): Promise<void>
  /** The URL of a database on this server. */
  urlOf(database: string): string
  stop(): Promise<void>
}

/**
 * Finds `initdb`/`pg_ctl` under /usr/lib/postgresql/<version>/bin (the newest version). When they
 * are missing it installs them as root (as CI does, through scripts/ci-services.sh); a non-root
 * user without them gets a reason to skip. Synchronous, so a test file can decide what to skip.
 */
export function findPostgres(): PostgresInstall {
  const found = newestBinDir()
  if (found !== undefined) return { binDir: found }
  if (!IS_ROOT) {
    return {
      skip: 'PostgreSQL tests skipped: PostgreSQL is not installed and this user cannot install it. Run `sudo apt-get install -y postgresql` (CI runs as root and installs it).',
    }
  }
  const install = spawnSync('bash', [join(ROOT, 'scripts', 'ci-services.sh')], {
    stdio: 'inherit',
  })
  const installed = newestBinDir()
  if (install.status !== 0 || installed === undefined) {
    throw new Error('postgres-server: scripts/ci-services.sh could not install PostgreSQL.')
  }
  return { binDir: installed }
}

function newestBinDir(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin')
}

/**
 * initdb + pg_ctl start in a temp directory (data, socket and log), listening on 127.0.0.1 at a
 * free port, with durability off (fsync): a crash loses nothing a test needs.
 */
export async function startPostgresServer(binDir: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'medallion-pg-'))
  // initdb refuses to run as root: as root, the server runs as Debian's `postgres` user.
  const asServer = (program: string, args: string[]) =>
    IS_ROOT
      ? run('runuser', ['-u', 'postgres', '--', join(binDir, program), ...args])
      : run(join(binDir, program), args)
  try {
    if (IS_ROOT) chownSync(dir, idOf('-u'), idOf('-g'))
    const data = join(dir, 'data')
    await asServer(
      'initdb',
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8'].concat([
        '--locale=C',
        '--no-sync',
      ]),
    )
    const port = await startOnFreePort(data, dir, asServer)
    return await serverOn(port, dir, () => stopServer(data))
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

async function startOnFreePort(
  data: string,
  dir: string,
  asServer: (program: string, args: string[]) => Promise<unknown>,
): Promise<number> {
  const log = join(dir, 'server.log')
  // The port is free when picked but another process may take it before the server binds: retry.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
    try {
      await asServer('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start'])
      return port
    } catch (error) {
      if (attempt >= 3) {
        const text = existsSync(log) ? readFileSync(log, 'utf8') : ''
        throw new Error(`postgres-server: pg_ctl start failed:\n${text}`, { cause: error })
      }
    }
  }
}

async function serverOn(
  port: number,
  dir: string,
  stop: () => Promise<unknown>,
): Promise<PostgresServer> {
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  const admin = new pg.Client({ connectionString: urlOf('postgres') })
  await admin.connect()
  await admin.query('create database medallion')
  await admin.end()
  const tests = new pg.Client({ connectionString: urlOf('medallion') })
  await tests.connect()
  let count = 0
  return {
    async createSchema() {
      count += 1
      const schema = `test_${count}`
      await tests.query(`create schema ${schema}`)
      return `${urlOf('medallion')}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
    },
    async dropSchema(url) {
      const schema = /search_path=(\w+)/.exec(decodeURIComponent(url))?.[1]
      if (schema === undefined) throw new Error(`postgres-server: ${url} names no schema`)
      await tests.query(`drop schema ${schema} cascade`)
    },
    urlOf,
    async stop() {
      try {
        await tests.end()
        await stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/**
 * Immediate shutdown (SIGQUIT to the postmaster), as `pg_ctl -m immediate stop` does without its
 * polling, which costs seconds on a busy machine; waits until the process is gone.
 */
async function stopServer(data: string): Promise<void> {
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
  process.kill(pid, 'SIGQUIT')
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function idOf(flag: '-u' | '-g'): number {
  const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error('postgres-server: there is no `postgres` user.')
  return Number(result.stdout.trim())
}

import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { FrameworkError } from '../../errors.js'
import { ReadWriteLock } from '../../util/read-write-lock.js'

/** How long to keep retrying when another process holds a DuckDB file's lock. */
const LOCK_RETRY_MS = 60_000

/**
 * A write is durable once its COMMIT has synced the file's WAL. Checkpointing every file when it is
 * detached cost three more fsyncs and a 256 KB block write per write, more than the write itself;
 * the WAL stays instead, and whoever attaches the file next replays it (DuckDB's own recovery).
 * A commit that leaves more than 256 KB of WAL checkpoints there and then, so a reader never
 * replays much. Both settings are database-wide; files a user attaches themselves behave the same.
 */
const KEEP_WAL_ON_DETACH = 'PRAGMA disable_checkpoint_on_shutdown'
const CHECKPOINT_BIG_WAL = "SET checkpoint_threshold = '256KB'"

/**
 * How long a file nobody in the process uses stays attached. A step's write, its stats and the
 * next step's read of the same file follow each other within milliseconds; lingering that long
 * spares an ATTACH and a DETACH each time, and another process waits at most this for the file.
 */
const LINGER_MS = 50

interface Attachment {
  readonly lock: ReadWriteLock
  /** The mode the file is attached in now, if it is. */
  attached: 'read' | 'write' | undefined
  users: number
  /** Detaches the file once it has been unused for LINGER_MS. */
  idle: NodeJS.Timeout | undefined
  /**
   * ATTACH and DETACH of this file, one after the other: two readers hold the read lock at once,
   * and both would otherwise see "not attached" and ATTACH twice.
   */
  transitions: Promise<unknown>
}

/**
 * Attaches DuckDB database files to the process's shared in-memory database only while they are in
 * use (and LINGER_MS after). DuckDB lets one process hold a file read-write, or several hold it
 * read-only; attaching for the length of a step (not the life of the process) is what lets the CLI,
 * the server and the daemon share files. Within the process, a ReadWriteLock orders readers and the
 * writer of each file, so readers may use a file attached read-write.
 */
export class FileAttachments {
  private readonly files = new Map<string, Attachment>()
  /**
   * ATTACH is database-wide, so one private connection does all attaching and detaching: a step's
   * connection may already be closed when the last user of a file lets go of it.
   */
  private control: Promise<DuckDBConnection> | undefined
  /**
   * Idle files are detached on a connection of their own: DETACH checkpoints a file that was written
   * (several fsyncs), and on the control connection it would hold up the next step's ATTACH.
   */
  private background: Promise<DuckDBConnection> | undefined

  constructor(private readonly duckdb: DuckDBInstance) {}

  /** Attaches `path` as `alias` in `mode`; resolves once this process may use it that way. */
  async acquire(alias: string, path: string, mode: 'read' | 'write'): Promise<void> {
    const connection = await this.connection()
    const file = this.fileFor(alias)
    await file.lock.acquire(mode)
    try {
      await serially(file, async () => {
        clearTimeout(file.idle)
        file.idle = undefined
        if (file.attached === 'read' && mode === 'write') {
          await connection.run(`DETACH ${quote(alias)}`)
          file.attached = undefined
        }
        if (file.attached === undefined) {
          await attachWithRetry(connection, alias, path, mode)
          file.attached = mode
        }
        file.users += 1
      })
    } catch (error) {
      file.lock.release(mode)
      throw error
    }
  }

  /** Ends one use; the file is detached once nobody in the process has used it for LINGER_MS. */
  async release(alias: string, mode: 'read' | 'write'): Promise<void> {
    const file = this.files.get(alias)
    if (file === undefined) return
    try {
      await serially(file, async () => {
        file.users -= 1
        if (file.users === 0 && file.attached !== undefined) {
          file.idle = setTimeout(() => {
            this.detachIfUnused(alias, file).catch(() => undefined)
          }, LINGER_MS)
          // A lingering file must not keep the process alive; closing the database detaches it.
          file.idle.unref()
        }
      })
    } finally {
      file.lock.release(mode)
    }
  }

  /** Detaches `alias` now if nobody uses it (before its file is deleted, so no one writes to the old one). */
  async detachIfUnused(alias: string, file = this.files.get(alias)): Promise<void> {
    if (file === undefined) return
    this.background ??= this.duckdb.connect()
    const connection = await this.background
    await serially(file, async () => {
      clearTimeout(file.idle)
      file.idle = undefined
      if (file.users === 0 && file.attached !== undefined) {
        file.attached = undefined
        await connection.run(`DETACH ${quote(alias)}`)
      }
    })
  }

  private connection(): Promise<DuckDBConnection> {
    this.control ??= this.duckdb.connect().then(async (connection) => {
      await connection.run(`${KEEP_WAL_ON_DETACH}; ${CHECKPOINT_BIG_WAL}`)
      return connection
    })
    return this.control
  }

  private fileFor(alias: string): Attachment {
    let file = this.files.get(alias)
    if (file === undefined) {
      file = {
        lock: new ReadWriteLock(),
        attached: undefined,
        users: 0,
        idle: undefined,
        transitions: Promise.resolve(),
      }
      this.files.set(alias, file)
    }
    return file
  }
}

/** Runs `fn` after the file's previous transition settles, whatever its outcome. */
function serially(file: Attachment, fn: () => Promise<void>): Promise<void> {
  const next = file.transitions.then(fn, fn)
  file.transitions = next.catch(() => undefined)
  return next
}

async function attachWithRetry(
  connection: DuckDBConnection,
  alias: string,
  path: string,
  mode: 'read' | 'write',
): Promise<void> {
  const options = mode === 'read' ? ' (READ_ONLY)' : ''
  const deadline = Date.now() + LOCK_RETRY_MS
  for (let delay = 25; ; delay = Math.min(delay * 2, 1000)) {
    try {
      await connection.run(`ATTACH '${path.replaceAll("'", "''")}' AS ${quote(alias)}${options}`)
      return
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (!isTransient(message) || Date.now() > deadline) {
        throw new FrameworkError(
          'IO_READ_FAILED',
          `duckdb storage: could not open ${path} for ${mode === 'read' ? 'reading' : 'writing'}: ${message}`,
          {
            cause: error,
            hint: 'Another process (not a Medallion run) may hold the file open; close it, e.g. a `duckdb` shell.',
          },
        )
      }
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

/**
 * Another process holds the file ("Could not set lock"), or this process's DETACH has not taken
 * effect yet: DuckDB keeps a detached file's handle open until transactions that touched it end
 * ("Unique file handle conflict"). Both clear up by themselves.
 */
function isTransient(message: string): boolean {
  return message.includes('Could not set lock') || message.includes('Unique file handle conflict')
}

export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`
}

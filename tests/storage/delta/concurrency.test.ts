import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import { clearSnapshotCache } from '../../../framework/storage/delta/snapshot-cache.js'
import { type WriterHarness, writerHarness } from './writer-helpers.js'

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'writer-child.ts')

interface Child {
  readonly process: ChildProcess
  /** Resolves with the last JSON line the child printed, once it exits. */
  readonly done: Promise<Record<string, unknown>>
  /** Resolves when the child has printed a line containing `text`. */
  printed(text: string): Promise<void>
}

function startChild(args: readonly string[]): Child {
  // `node --import tsx` is what `npx tsx` runs, minus npx's start-up; its own group so a kill reaches every process.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let out = ''
  let err = ''
  const waiters: { text: string; resolve: () => void }[] = []
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    for (const w of waiters.filter((w) => out.includes(w.text))) w.resolve()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const done = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.on('close', () => {
      const line = out.trim().split('\n').pop() ?? ''
      try {
        resolve(JSON.parse(line) as Record<string, unknown>)
      } catch {
        reject(new Error(`child printed no result. stdout: ${out} stderr: ${err}`))
      }
    })
  })
  return {
    process: child,
    done,
    printed: (text) =>
      new Promise((resolve) => (out.includes(text) ? resolve() : waiters.push({ text, resolve }))),
  }
}

describe('Delta writers in separate processes', () => {
  let h: WriterHarness
  let barrier: string
  beforeEach(async () => {
    h = await writerHarness()
    barrier = fs.mkdtempSync(path.join(h.dir, 'barrier-'))
    await h.table.append(h.connection, sql`SELECT 0 AS writer, 0 AS n`)
    clearSnapshotCache()
  })
  afterEach(() => h.close())

  /** Starts the children, waits until all have read the table, then lets them race. */
  async function race(...argLists: string[][]): Promise<Record<string, unknown>[]> {
    const children = argLists.map((args) =>
      startChild([args[0] ?? '', h.table.tableDir, barrier, ...args.slice(1)]),
    )
    while (fs.readdirSync(barrier).filter((f) => f.startsWith('ready-')).length < children.length) {
      await new Promise((r) => setTimeout(r, 20))
    }
    fs.writeFileSync(path.join(barrier, 'go'), '')
    return Promise.all(children.map((c) => c.done))
  }

  it('lands every blind append of two racing processes, at contiguous versions', async () => {
    const [a, b] = await race(['append', '5'], ['append', '5'])
    const versions = [
      ...((a?.versions as number[]) ?? []),
      ...((b?.versions as number[]) ?? []),
    ].sort((x, y) => x - y)
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    clearSnapshotCache()
    expect(await h.table.version()).toBe(10)
    expect(await h.rows()).toHaveLength(11)
  }, 120_000)

  it('fails the loser of an overwrite-vs-merge race with DELTA_LOG_CONFLICT and keeps the table whole', async () => {
    const results = await race(['overwrite'], ['merge'])
    const errors = results.filter((r) => 'error' in r)
    expect(errors).toEqual([{ error: 'DELTA_LOG_CONFLICT' }])
    clearSnapshotCache()
    expect(await h.table.version()).toBe(1)
    const rows = await h.rows()
    const overwriteWon = !('error' in (results[0] ?? {}))
    expect(rows).toEqual(overwriteWon ? [{ writer: -1, n: -1 }] : [{ writer: 0, n: 99 }])
  }, 120_000)

  it('leaves the previous version readable when a writer is killed after its parquet but before its commit', async () => {
    const child = startChild(['write-then-hang', h.table.tableDir, barrier])
    await child.printed('"written":true')
    process.kill(-(child.process.pid ?? 0), 'SIGKILL')
    await child.done.catch(() => undefined)
    clearSnapshotCache()
    expect(await h.table.version()).toBe(0)
    expect(await h.rows()).toEqual([{ writer: 0, n: 0 }])
    // The orphan stays until VACUUM; the next writer is not disturbed by it.
    expect((await h.table.vacuum({ retentionHours: 0, dryRun: true })).files).toHaveLength(1)
    await h.table.append(h.connection, sql`SELECT 1 AS writer, 1 AS n`)
    expect(await h.rows('n')).toHaveLength(2)
  }, 120_000)
})

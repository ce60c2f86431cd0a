import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunResult } from '../../framework/executor/run-result.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { delay } from './harness.js'

const script = fileURLToPath(new URL('./fixtures/materialize-slow.ts', import.meta.url))

/** Runs the fixture in its own Node process; resolves with the RunResult it prints. */
function materializeInChild(
  dataDir: string,
  intervals: string,
  label: string,
  lockWait: 'wait' | 'fail',
) {
  const release = join(dataDir, 'release')
  const args = [script, dataDir, intervals, label, lockWait, release]
  const child = spawn(process.execPath, ['--import', 'tsx', ...args])
  children.add(child)
  child.once('exit', () => children.delete(child))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise<RunResult>((resolve, reject) => {
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? ''
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as RunResult)
      else reject(new Error(`${label} exited with ${code}:\n${stdout}\n${stderr}`))
    })
  })
}

interface Interval {
  start: number
  end: number
  waiting: number
}

function readIntervals(file: string): Map<string, Interval> {
  const intervals = new Map<string, Interval>()
  for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
    const [label, what, at] = line.split(' ') as [string, keyof Interval, string]
    const interval = intervals.get(label) ?? {
      start: Number.NaN,
      end: Number.NaN,
      waiting: Number.NaN,
    }
    interval[what] = Number(at)
    intervals.set(label, interval)
  }
  return intervals
}

/** Resolves once `intervals` has a line starting with `prefix`. */
async function logged(intervals: string, prefix: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(existsSync(intervals) && readFileSync(intervals, 'utf8').includes(prefix))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${prefix}"`)
    await delay(20)
  }
}

const children = new Set<ChildProcess>()

describe('executeRun across processes', () => {
  let temp: ReturnType<typeof makeTempDir>
  let intervals: string
  beforeEach(() => {
    temp = makeTempDir('medallion-lock-')
    intervals = join(temp.dir, 'intervals.log')
  })
  afterEach(async () => {
    // A failed test leaves the holder waiting for its release file: stop the children we started.
    for (const child of children) child.kill('SIGKILL')
    await delay(100)
    temp.remove()
  })

  it('never materializes the same asset in two processes at once: the second waits', async () => {
    const one = materializeInChild(temp.dir, intervals, 'one', 'wait')
    await logged(intervals, 'one start')
    const two = materializeInChild(temp.dir, intervals, 'two', 'wait')
    // The second process is up and blocked on the lock while the first still holds it.
    await logged(intervals, 'two waiting')
    writeFileSync(join(temp.dir, 'release'), '')
    const [first, second] = await Promise.all([one, two])
    expect([first.status, second.status]).toEqual(['success', 'success'])
    const times = readIntervals(intervals)
    const a = times.get('one') as Interval
    const b = times.get('two') as Interval
    expect(b.waiting).toBeLessThan(a.end)
    expect(b.start).toBeGreaterThanOrEqual(a.end)
  })

  it('refuses the second run with ASSET_LOCKED naming the first when lockWait is fail', async () => {
    const first = materializeInChild(temp.dir, intervals, 'first', 'wait')
    await logged(intervals, 'first start')
    const second = await materializeInChild(temp.dir, intervals, 'second', 'fail')
    writeFileSync(join(temp.dir, 'release'), '')
    const firstResult = await first
    expect(firstResult.status).toBe('success')
    expect(second.status).toBe('failure')
    expect(second.assets[0]).toMatchObject({ outcome: 'failed', error: { code: 'ASSET_LOCKED' } })
    expect(second.assets[0]?.error?.message).toContain(firstResult.runId)
    expect(readIntervals(intervals).has('second')).toBe(false)
  })
})

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { createInterface, type Interface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** A fixture script running in its own Node process, read line by line. */
export interface Child {
  readonly process: ChildProcessWithoutNullStreams
  /** Resolves with the next line the child prints; rejects if it exits first. */
  nextLine(): Promise<string>
  /** Resolves when the process has exited (and been reaped, so its pid is free). */
  exited(): Promise<void>
}

const running = new Set<ChildProcessWithoutNullStreams>()

/**
 * Runs `tests/instance/fixtures/<script>.ts` like `npx tsx` would, but as `node --import tsx`, so the
 * spawned pid is the process that opens the store: killing it kills the lock holder, not a wrapper.
 */
export function spawnFixture(script: string, args: readonly string[]): Child {
  const file = fileURLToPath(new URL(`./fixtures/${script}.ts`, import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args])
  running.add(child)
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exit.then(() => running.delete(child))
  const lines: Interface = createInterface({ input: child.stdout })
  const queue: string[] = []
  const waiting: Array<(line: string) => void> = []
  lines.on('line', (line) => {
    const next = waiting.shift()
    if (next === undefined) queue.push(line)
    else next(line)
  })
  return {
    process: child,
    nextLine: () => {
      const ready = queue.shift()
      if (ready !== undefined) return Promise.resolve(ready)
      return new Promise<string>((resolve, reject) => {
        waiting.push(resolve)
        void exit.then(() =>
          setTimeout(() => reject(new Error(`${script} exited without output:\n${stderr}`)), 50),
        )
      })
    },
    exited: () => exit,
  }
}

/** Kills every fixture process still running; call from afterEach so a failed test leaves none behind. */
export async function killFixtures(): Promise<void> {
  const children = [...running]
  for (const child of children) child.kill('SIGKILL')
  await Promise.all(children.map((child) => new Promise((r) => child.once('exit', r))))
}

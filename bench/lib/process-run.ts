import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const TIME = '/usr/bin/time'
/** Marks the line a worker prints with its measurement (see worker-io.ts). */
export const RESULT_PREFIX = 'BENCH_RESULT '
/** The repository root: workers and CLI commands run from here. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..')

/** A finished child process: wall time measured around it, peak RSS from GNU time, its output. */
export interface ProcessRun {
  readonly wallMs: number
  readonly rssKb: number | undefined
  readonly stdout: string
  readonly stderr: string
}

let timeAvailable: boolean | undefined

/**
 * Makes sure GNU time is there for peak-RSS figures: installs the `time` package when running as
 * root, else says how to get it and goes on with wall times only.
 */
export function ensureTimeTool(log: (line: string) => void): boolean {
  if (timeAvailable !== undefined) return timeAvailable
  if (!existsSync(TIME) && process.getuid?.() === 0) {
    log(`bench: ${TIME} is missing; installing the "time" package (apt-get install -y time).`)
    try {
      execFileSync('apt-get', ['install', '-y', 'time'], { stdio: 'ignore' })
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'ignore' })
      execFileSync('apt-get', ['install', '-y', 'time'], { stdio: 'ignore' })
    }
  }
  timeAvailable = existsSync(TIME)
  if (!timeAvailable) {
    log(
      `bench: ${TIME} is missing and cannot be installed (not root): whole-process peak RSS is reported as n/a. Install GNU time (apt-get install time) for it.`,
    )
  }
  return timeAvailable
}

/** Runs `command args` to completion under GNU time (when present); throws with its stderr if it fails. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessRun> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'medallion-bench-time-'))
  const timeFile = path.join(scratch, 'time.txt')
  const useTime = timeAvailable === true
  const [file, argv] = useTime
    ? [TIME, ['-v', '-o', timeFile, command, ...args]]
    : [command, [...args]]
  try {
    const started = performance.now()
    const { code, stdout, stderr } = await new Promise<{
      code: number | null
      stdout: string
      stderr: string
    }>((resolve, reject) => {
      const child = spawn(file, argv, {
        cwd: options.cwd ?? REPO_ROOT,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
      })
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString()
      })
      child.on('error', reject)
      child.on('close', (exit) => resolve({ code: exit, stdout: out, stderr: err }))
    })
    const wallMs = performance.now() - started
    if (code !== 0) {
      throw new Error(
        `bench: \`${command} ${args.join(' ')}\` exited with ${code}.\n${stderr.slice(-4000)}${stdout.slice(-2000)}`,
      )
    }
    return {
      wallMs,
      rssKb: useTime ? maxRss(readFileSync(timeFile, 'utf8')) : undefined,
      stdout,
      stderr,
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

function maxRss(report: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(report)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** What a worker measured about itself (see worker-io.ts). */
export interface WorkerResult {
  /** Milliseconds of the timed section, excluding process start-up. */
  readonly ms: number
  /** Peak RSS of the worker process, from its own resource usage. */
  readonly rssKb: number
  readonly [extra: string]: unknown
}

/** Runs a TypeScript worker under tsx with one JSON argument and returns what it reported. */
export async function runWorker(
  script: string,
  input: unknown,
): Promise<WorkerResult & { readonly process: ProcessRun }> {
  const run = await runProcess(process.execPath, [
    '--import',
    'tsx',
    path.join(REPO_ROOT, 'bench', 'workers', script),
    JSON.stringify(input),
  ])
  const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
  if (line === undefined) {
    throw new Error(`bench: worker ${script} printed no result line.\n${run.stderr.slice(-4000)}`)
  }
  const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as WorkerResult
  return { ...result, process: run }
}

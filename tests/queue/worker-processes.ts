import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MedallionConfigInput } from '../../framework/config/config-schema.js'

const ROOT = join(import.meta.dirname, '..', '..')

/** A `medallion worker` process, as users start it: the real CLI, its own Node process. */
export interface WorkerProcess {
  readonly name: string
  readonly process: ChildProcessWithoutNullStreams
  /** Everything it printed, for a failing test's message. */
  output(): string
}

/**
 * Starts `medallion worker --name <name>` for each name in a project folder holding
 * `medallion.config.ts` (the configuration every process of the deployment shares), and waits
 * until each says it is taking steps.
 */
export async function startWorkers(
  projectDir: string,
  config: MedallionConfigInput,
  dataDir: string,
  names: readonly string[],
): Promise<WorkerProcess[]> {
  mkdirSync(projectDir, { recursive: true })
  // A project of its own, as users have: an ES module package holding the configuration.
  writeFileSync(join(projectDir, 'package.json'), '{ "type": "module", "private": true }\n')
  writeFileSync(
    join(projectDir, 'medallion.config.ts'),
    `export default ${JSON.stringify(config, null, 2)}\n`,
  )
  return Promise.all(names.map((name) => startWorker(projectDir, dataDir, name)))
}

function startWorker(projectDir: string, dataDir: string, name: string): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'medallion.js'), 'worker', '--name', name],
    {
      cwd: projectDir,
      env: {
        ...process.env,
        MEDALLION_DATA_DIR: dataDir,
        MEDALLION_DEFINITIONS: join(ROOT, 'assets', 'index.ts'),
        // The project's file decides; nothing from the test runner's environment.
        MEDALLION_EXECUTOR: '',
        MEDALLION_REDIS_URL: '',
        MEDALLION_INSTANCE_STORE: '',
        MEDALLION_POSTGRES_URL: '',
      },
    },
  )
  let output = ''
  const worker: WorkerProcess = { name, process: child, output: () => output }
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('taking steps from queue')) resolve(worker)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code, signal) =>
      reject(
        new Error(`worker ${name} exited (${code ?? signal}) before it was ready:\n${output}`),
      ),
    )
  })
}

/** Stops every worker still running (SIGKILL: a test's cleanup need not wait for steps). */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      ({ process: child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGKILL')
        }),
    ),
  )
}

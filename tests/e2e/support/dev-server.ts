import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface DevServer {
  readonly url: string
  /** Everything the server printed, for failure messages. */
  output(): string
  stop(): Promise<void>
}

/**
 * Starts `medallion dev --port 0` as a child process (the real CLI, the real server) and resolves
 * once it printed its URL and /api/health answers. Without `daemon: true` it runs `--no-daemon`,
 * so nothing is materialized unless the test asks for it.
 */
export async function startDevServer(options: {
  dataDir: string
  definitions?: string
  daemon?: boolean
}): Promise<DevServer> {
  const args = ['bin/medallion.js', '--data-dir', options.dataDir]
  if (options.definitions) args.push('--definitions', options.definitions)
  args.push('dev', '--port', '0')
  if (options.daemon !== true) args.push('--no-daemon')
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, MEDALLION_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`e2e: the server did not start in 90 s:\n${output}`)),
      90_000,
    )
    const poll = setInterval(() => {
      const match = /running at (http:\/\/\S+)/.exec(output)
      if (match?.[1]) {
        clearInterval(poll)
        clearTimeout(timer)
        resolve(match[1])
      }
    }, 50)
    child.once('exit', (code) => {
      clearInterval(poll)
      clearTimeout(timer)
      reject(new Error(`e2e: the server exited with ${code} before it started:\n${output}`))
    })
  })
  await waitForHealth(url)
  return {
    url,
    output: () => output,
    stop: () => stopChild(child),
  }
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const response = await fetch(`${url}/api/health`)
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`e2e: ${url}/api/health never answered.`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

// SIGTERM lets the server cancel its runs and close the instance; SIGKILL if it hangs.
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

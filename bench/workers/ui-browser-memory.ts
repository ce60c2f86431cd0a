import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

// Debian's /usr/bin/chromium is a shell script that execs this binary; every browser process
// (browser, zygotes, GPU, network, renderers) runs it.
const CHROMIUM_DIR = '/usr/lib/chromium/'

/**
 * Peak resident memory of the chromium processes under this process, in KB: the sum of each
 * process's own peak (VmHWM). Pages shared between them (the binary, fonts) count once per
 * process, so this is an upper bound of what the browser held at any one moment. Read while the
 * browser is still open: a process that exited takes its peak with it.
 */
export function browserPeakRssKb(): number {
  const below = descendantsOf(process.pid)
  let total = 0
  for (const pid of below) {
    const status = readProc(pid, 'status')
    const hwm = status === undefined ? undefined : /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
    if (hwm !== undefined && executableOf(pid)?.startsWith(CHROMIUM_DIR)) total += Number(hwm)
  }
  return total
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readProc(Number(entry), 'stat')
    // The command name in parentheses may hold spaces; the parent pid is the 2nd field after it.
    const parent =
      stat === undefined ? undefined : stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]
    if (parent === undefined) continue
    const list = children.get(Number(parent)) ?? []
    list.push(Number(entry))
    children.set(Number(parent), list)
  }
  const found: number[] = []
  const queue = [root]
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

// A process may exit between listing /proc and reading it: that is not an error here.
function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

function executableOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`)
  } catch {
    return undefined
  }
}

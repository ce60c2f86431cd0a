import os from 'node:os'

/** The machine a report was measured on. */
export interface MachineInfo {
  readonly cpu: string
  readonly cores: number
  readonly ramGb: number
  readonly node: string
  readonly date: string
}

/** CPU model, cores, RAM, Node version and the current time. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  }
}

/** The 1-minute load average, rounded: read beside each figure, because the machine may be shared. */
export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 10) / 10
}

/** One line describing the machine, for the report. */
export function describeMachine(info: MachineInfo): string {
  return `${info.cpu}, ${info.cores} cores, ${info.ramGb} GB RAM, Node ${info.node}, ${info.date}`
}

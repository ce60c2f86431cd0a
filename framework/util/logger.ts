import type { Metadata } from '../definitions/types.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Structured logger handed to user code; each call becomes a `log` event of the run. */
export interface Logger {
  debug(message: string, data?: Metadata): void
  info(message: string, data?: Metadata): void
  warn(message: string, data?: Metadata): void
  error(message: string, data?: Metadata): void
}

export type LogSink = (level: LogLevel, message: string, data: Metadata | undefined) => void

export function createLogger(sink: LogSink): Logger {
  return {
    debug: (message, data) => sink('debug', message, data),
    info: (message, data) => sink('info', message, data),
    warn: (message, data) => sink('warn', message, data),
    error: (message, data) => sink('error', message, data),
  }
}

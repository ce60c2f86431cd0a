/** Where commands print: JSON for scripts, text for people, progress only on a terminal. */
export interface Output {
  readonly json: boolean
  readonly interactive: boolean
  /** A line for people (skipped in --json mode). */
  line(text: string): void
  /** The machine-readable result (printed in --json mode only). */
  data(value: unknown): void
  /** Transient progress, shown only on a terminal and never in --json mode. */
  progress(text: string): void
}

export function createOutput(json: boolean): Output {
  const interactive = Boolean(process.stdout.isTTY) && !json
  return {
    json,
    interactive,
    line: (text) => {
      if (!json) process.stdout.write(`${text}\n`)
    },
    data: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
    },
    progress: (text) => {
      if (interactive) process.stderr.write(`${text}\n`)
    },
  }
}

const useColor = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined
const paint = (code: number) => (text: string) =>
  useColor ? `\u001b[${code}m${text}\u001b[0m` : text
export const color = {
  red: paint(31),
  green: paint(32),
  yellow: paint(33),
  dim: paint(2),
  bold: paint(1),
}

/** Left-aligned columns, widths fitted to the content. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))
    })
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)),
        )
        .join('  '),
    )
    .join('\n')
}

function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI color codes
  return text.replace(/\u001b\[\d+m/g, '').length
}

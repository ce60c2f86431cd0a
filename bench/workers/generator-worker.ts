// The data generator at a given size, or the floor it is compared with: the same number of event
// lines, formatted from a counter (no randomness) and written in 256 KB chunks over the same days.
import { once } from 'node:events'
import { createWriteStream, mkdirSync } from 'node:fs'
import path from 'node:path'
import { generateData } from '../../assets/generator/generate-data.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

interface Input {
  readonly users: number
  readonly days: number
  readonly out: string
  /** Floor mode: write this many event lines instead of generating. */
  readonly floorEvents?: number
}

const input = workerInput<Input>()
if (input.floorEvents === undefined) {
  const started = performance.now()
  const summary = await generateData({ users: input.users, days: input.days, out: input.out })
  reportResult(performance.now() - started, { events: summary.rows.featureUsageEvents })
} else {
  const started = performance.now()
  mkdirSync(input.out, { recursive: true })
  const perDay = Math.ceil(input.floorEvents / input.days)
  let written = 0
  for (let day = 0; day < input.days && written < input.floorEvents; day++) {
    const stream = createWriteStream(path.join(input.out, `day-${day}.jsonl`))
    let buffer = ''
    for (let k = 0; k < perDay && written < input.floorEvents; k++, written++) {
      const id = written.toString(16).padStart(32, '0')
      buffer += `{"event_id":"${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}","user_id":"u_${written % 40000}","feature_id":"f_${written % 12}","feature_name":"feature ${written % 12}","event_type":"used","event_timestamp":"2024-01-01T00:00:${String(written % 60).padStart(2, '0')}.000Z"}\n`
      if (buffer.length >= 256 * 1024) {
        if (!stream.write(buffer)) await once(stream, 'drain')
        buffer = ''
      }
    }
    stream.end(buffer)
    await once(stream, 'finish')
  }
  reportResult(performance.now() - started, { events: written })
}

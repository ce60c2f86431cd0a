import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineSource } from '../../framework/definitions/define-source.js'
import { observeSource, observeSources } from '../../framework/sources/observe-source.js'
import { makeTempDir } from '../helpers/temp-dir.js'

describe('observeSource', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir('medallion-sources-')
    mkdirSync(join(temp.dir, 'raw', 'events', '2026-01-02'), { recursive: true })
    writeFileSync(join(temp.dir, 'raw', 'signups.jsonl'), '{"user_id":"u1"}\n')
    writeFileSync(join(temp.dir, 'raw', 'events', 'b.jsonl'), '{"e":2}\n')
    writeFileSync(join(temp.dir, 'raw', 'events', 'a.jsonl'), '{"e":1}\n')
    writeFileSync(join(temp.dir, 'raw', 'events', '2026-01-02', 'c.jsonl'), '{"e":3}\n')
    writeFileSync(join(temp.dir, 'raw', 'events', 'notes.txt'), 'not data')
    writeFileSync(join(temp.dir, 'raw', 'events', '.a.jsonl.swp'), 'editor')
  })
  afterEach(() => temp.remove())

  const file = defineSource({ key: 'raw/signups', path: 'raw/signups.jsonl' })
  const folder = defineSource({ key: 'raw/events', path: 'raw/events', pattern: /\.jsonl$/ })

  it('observes a file: its absolute path, size and a fingerprint', async () => {
    const observation = await observeSource(temp.dir, file)
    expect(observation).toMatchObject({
      key: 'raw/signups',
      files: [join(temp.dir, 'raw', 'signups.jsonl')],
      bytes: 17,
    })
    expect(observation.dataVersion).toMatch(/^[0-9a-f]{64}$/)
  })

  it('observes a folder recursively, keeping matching names, sorted, without hidden files', async () => {
    const observation = await observeSource(temp.dir, folder)
    const events = join(temp.dir, 'raw', 'events')
    expect(observation.files).toEqual([
      join(events, '2026-01-02', 'c.jsonl'),
      join(events, 'a.jsonl'),
      join(events, 'b.jsonl'),
    ])
    expect(observation.bytes).toBe(24)
  })

  it('keeps the same data version while files are untouched, and changes it when one is', async () => {
    const before = await observeSource(temp.dir, folder)
    expect((await observeSource(temp.dir, folder)).dataVersion).toBe(before.dataVersion)
    const later = new Date(Date.now() + 5_000)
    utimesSync(join(temp.dir, 'raw', 'events', 'a.jsonl'), later, later)
    expect((await observeSource(temp.dir, folder)).dataVersion).not.toBe(before.dataVersion)
  })

  it('changes the data version when a file arrives, and ignores files that do not match', async () => {
    const before = await observeSource(temp.dir, folder)
    writeFileSync(join(temp.dir, 'raw', 'events', 'more.txt'), 'ignored')
    expect((await observeSource(temp.dir, folder)).dataVersion).toBe(before.dataVersion)
    writeFileSync(join(temp.dir, 'raw', 'events', 'd.jsonl'), '{"e":4}\n')
    expect((await observeSource(temp.dir, folder)).dataVersion).not.toBe(before.dataVersion)
  })

  it('throws SOURCE_MISSING for a path that does not exist', async () => {
    const missing = defineSource({ key: 'raw/missing', path: 'raw/missing.jsonl' })
    await expect(observeSource(temp.dir, missing)).rejects.toMatchObject({ code: 'SOURCE_MISSING' })
  })

  it('observes several sources, reporting the missing ones apart', async () => {
    const missing = defineSource({ key: 'raw/missing', path: 'raw/missing.jsonl' })
    const { observations, errors } = await observeSources(temp.dir, [file, missing, folder])
    expect([...observations.keys()]).toEqual(['raw/signups', 'raw/events'])
    expect(errors.get('raw/missing')?.code).toBe('SOURCE_MISSING')
  })
})

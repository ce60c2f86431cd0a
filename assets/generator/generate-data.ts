import { mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { FrameworkError } from '../../framework/errors.js'
import { writeConversions } from './conversions.js'
import { type DirtyCounts, emptyDirtyCounts } from './dirty.js'
import { dailyFileSink, singleFileSink } from './event-sink.js'
import { writeEvents } from './events.js'
import { buildFeatures, releaseRecords } from './features.js'
import { type GenerateOptions, resolveOptions } from './options.js'
import { buildPopulation } from './population.js'
import { createRng } from './prng.js'
import { buildProfiles } from './profiles.js'
import type { DirtyState } from './record-writer.js'
import { writeSignups } from './signups.js'

/** The raw file and folder names the spec fixes. */
export const RAW_FILES = {
  featureReleases: 'feature_releases.json',
  userSignups: 'user_signups.jsonl',
  featureUsageEventsDir: 'feature_usage_events',
  featureUsageEventsFile: 'feature_usage_events.jsonl',
  conversions: 'conversions.jsonl',
} as const

/** What one run wrote. Row counts are non-blank records, bad ones included. */
export interface GenerateSummary {
  /** Absolute output folder. */
  readonly out: string
  /** Files written (each daily events file counts). */
  readonly files: number
  readonly rows: {
    readonly featureReleases: number
    readonly userSignups: number
    readonly featureUsageEvents: number
    readonly conversions: number
  }
  /** What `--dirty` added; all zero without it. */
  readonly dirty: DirtyCounts
  readonly seconds: number
}

async function prepareEventsLocation(out: string, perDay: boolean): Promise<void> {
  const dir = join(out, RAW_FILES.featureUsageEventsDir)
  // The events folder belongs to the generator: daily files of an earlier run with other options
  // must not mix with this run's. The other layout is removed so readers see one source, not two.
  const old = await readdir(dir).catch(() => [] as string[])
  await Promise.all(
    old.filter((name) => name.endsWith('.jsonl')).map((name) => rm(join(dir, name))),
  )
  if (perDay) {
    await mkdir(dir, { recursive: true })
    await rm(join(out, RAW_FILES.featureUsageEventsFile), { force: true })
  } else {
    // Only when empty: anything else in it is not ours to delete.
    await rmdir(dir).catch(() => undefined)
  }
}

/** Writes the four raw sources of the PLG pipeline with planted truths; deterministic for the same options. */
export async function generateData(options: GenerateOptions = {}): Promise<GenerateSummary> {
  const started = performance.now()
  const opts = resolveOptions(options)
  const out = resolve(opts.out)
  try {
    await mkdir(out, { recursive: true })
    await prepareEventsLocation(out, opts.eventsPerFileDay)
  } catch (cause) {
    throw new FrameworkError(
      'IO_WRITE_FAILED',
      `generate-data: cannot prepare the output folder ${out}. Check that it is writable or pass another --out.`,
      { cause },
    )
  }
  const counts = emptyDirtyCounts()
  const dirty: DirtyState | undefined = opts.dirty
    ? { rng: createRng(opts.seed, 'dirty'), counts, nextKind: 0 }
    : undefined

  const features = buildFeatures(opts)
  const releases: unknown[] = releaseRecords(features, opts)
  if (dirty !== undefined) {
    // A release without a date, one with a date that does not exist, and a repeated release.
    releases.push({ feature_id: 'f_007', feature_name: 'templates', version: '1.1' })
    releases.push({
      feature_id: 'f_004',
      feature_name: 'integrations',
      release_date: '2024-02-30',
      version: '1.1',
    })
    releases.push(releases[0])
    counts.invalid.missing_field++
    counts.invalid.bad_date++
    counts.duplicates++
  }
  await writeFile(join(out, RAW_FILES.featureReleases), `${JSON.stringify(releases, null, 2)}\n`)

  const pop = buildPopulation(opts, features)
  const profiles = buildProfiles(opts.users, opts.seed)
  const userSignups = await writeSignups(
    join(out, RAW_FILES.userSignups),
    opts,
    pop,
    profiles,
    dirty,
  )
  const conversions = await writeConversions(
    join(out, RAW_FILES.conversions),
    opts,
    pop,
    profiles,
    features,
    dirty,
  )
  const sink = opts.eventsPerFileDay
    ? dailyFileSink(join(out, RAW_FILES.featureUsageEventsDir))
    : singleFileSink(join(out, RAW_FILES.featureUsageEventsFile))
  const featureUsageEvents = await writeEvents(opts, pop, features, sink, dirty)
  const eventFiles = await sink.close()

  return {
    out,
    files: 3 + eventFiles,
    rows: { featureReleases: releases.length, userSignups, featureUsageEvents, conversions },
    dirty: counts,
    seconds: (performance.now() - started) / 1000,
  }
}

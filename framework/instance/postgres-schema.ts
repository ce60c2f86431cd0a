import type pg from 'pg'
import { FrameworkError } from '../errors.js'
import { redactedUrl } from '../util/redacted-url.js'
import { inTransaction } from './postgres-client.js'

/** The schema version this code writes, kept in `medallion_schema`. */
export const POSTGRES_SCHEMA_VERSION = 1

/** Key of the advisory lock that serializes migrations across every process opening the store. */
const MIGRATION_LOCK = 7_361_004_201

/**
 * Migrations by target version: `MIGRATIONS[n - 1]` takes a store from version n - 1 to n.
 * Append new steps; never edit a released one. The tables mirror SQLite's (sqlite-schema.ts).
 * Keys and timestamps are ISO/asset-key text compared byte-wise (collate "C"), as SQLite does.
 */
const MIGRATIONS: readonly string[] = [
  `
  create table runs (
    run_id      text primary key,
    -- Breaks ties between runs created in the same millisecond: the later insert is newer.
    seq         bigserial not null,
    status      text not null,
    selection   text not null,
    keys        jsonb not null,
    launched_by text not null,
    created_at  text collate "C" not null,
    started_at  text,
    finished_at text
  );
  create index runs_created on runs (created_at desc, seq desc);
  create index runs_status_created on runs (status, created_at desc, seq desc);

  -- Append-only. The columns beside body exist for the indexes; body holds the whole event.
  create table events (
    id         bigserial primary key,
    run_id     text not null,
    type       text not null,
    asset_key  text collate "C",
    check_name text,
    at         text not null,
    body       jsonb not null
  );
  create index events_run on events (run_id, id);
  create index events_asset_type on events (asset_key, type, id) where asset_key is not null;
  create index events_check on events (asset_key, check_name, id) where check_name is not null;

  -- The newest event of each (asset, kind[, check]), kept in the append transaction.
  create table latest (
    asset_key  text collate "C" not null,
    kind       text not null,
    check_name text not null default '',
    event_id   bigint not null,
    primary key (asset_key, kind, check_name)
  );

  -- Events of an asset with id <= floor_id predate its last wipe: history and latest skip them.
  create table asset_wipes (
    asset_key text collate "C" primary key,
    floor_id  bigint not null
  );

  create table asset_locks (
    asset_key    text collate "C" primary key,
    run_id       text not null,
    pid          integer not null,
    host         text not null,
    acquired_at  text not null,
    heartbeat_ms bigint not null
  );
  create index asset_locks_run on asset_locks (run_id);

  create table kv (
    name  text primary key,
    value text not null
  );

  create table automation_ticks (
    id         bigserial primary key,
    started_at text not null,
    status     text not null,
    run_id     text,
    body       jsonb not null
  );

  create table automation_evaluations (
    asset_key text collate "C" not null,
    tick_id   bigint not null,
    body      text not null,
    primary key (asset_key, tick_id)
  );

  create table automation_cursors (
    asset_key text collate "C" primary key,
    cursor    text not null
  );
  `,
]

/**
 * Brings the schema to the current version in one transaction, under an advisory lock, so that
 * processes opening a new database at once do not both create it.
 */
export async function migratePostgres(pool: pg.Pool, url: string): Promise<void> {
  // Most opens find the schema current: one read, no lock, no transaction.
  if ((await storedVersion(pool)) === POSTGRES_SCHEMA_VERSION) return
  await inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('create table if not exists medallion_schema (version integer not null)')
    const { rows } = await client.query<{ version: number }>('select version from medallion_schema')
    const version = rows[0]?.version ?? 0
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new FrameworkError(
        'INSTANCE_STORE_INVALID',
        `instance store: the database at ${redactedUrl(url)} has schema version ${version}, newer than this Medallion understands (${POSTGRES_SCHEMA_VERSION}). Upgrade Medallion on this machine to the version the others run.`,
      )
    }
    for (let next = version + 1; next <= POSTGRES_SCHEMA_VERSION; next++) {
      await client.query(MIGRATIONS[next - 1] ?? '')
    }
    if (rows.length === 0) {
      await client.query('insert into medallion_schema (version) values ($1)', [
        POSTGRES_SCHEMA_VERSION,
      ])
    } else if (version !== POSTGRES_SCHEMA_VERSION) {
      await client.query('update medallion_schema set version = $1', [POSTGRES_SCHEMA_VERSION])
    }
  })
}

/** The stored schema version; 0 when the store has no tables yet. */
async function storedVersion(pool: pg.Pool): Promise<number> {
  try {
    const { rows } = await pool.query<{ version: number | null }>(
      'select max(version) as version from medallion_schema',
    )
    return rows[0]?.version ?? 0
  } catch (error) {
    // 42P01 undefined_table: a new database.
    if ((error as { code?: string }).code === '42P01') return 0
    throw error
  }
}

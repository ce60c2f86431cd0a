import type Database from 'better-sqlite3'
import { FrameworkError } from '../errors.js'

/** The schema version this code writes, kept in `PRAGMA user_version`. */
export const SQLITE_SCHEMA_VERSION = 2

/**
 * Migrations by target version: `MIGRATIONS[n - 1]` takes a store from version n - 1 to n.
 * Append new steps; never edit a released one, since stores in the field already ran it.
 */
const MIGRATIONS: readonly string[] = [
  `
  create table runs (
    run_id      text primary key,
    status      text not null,
    selection   text not null,
    keys        text not null,          -- JSON array of asset keys
    launched_by text not null,
    created_at  text not null,
    started_at  text,
    finished_at text
  );
  create index runs_created on runs (created_at);
  create index runs_status_created on runs (status, created_at);

  -- Append-only. The columns beside body exist for the indexes; body holds the whole event.
  create table events (
    id         integer primary key autoincrement,
    run_id     text not null,
    type       text not null,
    asset_key  text,
    check_name text,
    at         text not null,
    body       text not null
  );
  create index events_run on events (run_id, id);
  create index events_asset_type on events (asset_key, type, id) where asset_key is not null;
  create index events_check on events (asset_key, check_name, id) where check_name is not null;

  -- The newest event of each (asset, kind[, check]), kept in the append transaction, so that
  -- "latest of N assets" is one join instead of a max() over the whole log.
  -- kind: 'materialization' | 'observation' | 'check'; check_name is '' unless kind = 'check'.
  create table latest (
    asset_key  text not null,
    kind       text not null,
    check_name text not null default '',
    event_id   integer not null,
    primary key (asset_key, kind, check_name)
  ) without rowid;

  -- Events of an asset with id <= floor_id predate its last wipe: history and latest skip them.
  create table asset_wipes (
    asset_key text primary key,
    floor_id  integer not null
  ) without rowid;

  create table asset_locks (
    asset_key    text primary key,
    run_id       text not null,
    pid          integer not null,
    host         text not null,
    acquired_at  text not null,
    heartbeat_ms integer not null
  ) without rowid;
  create index asset_locks_run on asset_locks (run_id);

  create table kv (
    name  text primary key,
    value text not null
  ) without rowid;
  `,
  // 2: the automation daemon's ticks, per-asset evaluations (stored when they change) and cursors.
  `
  create table automation_ticks (
    id         integer primary key autoincrement,
    started_at text not null,
    status     text not null,
    run_id     text,
    body       text not null          -- JSON of the whole tick
  );

  create table automation_evaluations (
    asset_key text not null,
    tick_id   integer not null,
    body      text not null,          -- JSON: the condition tree with each part's value
    primary key (asset_key, tick_id)
  ) without rowid;

  create table automation_cursors (
    asset_key text primary key,
    cursor    text not null           -- JSON: what the asset's last request already handled
  ) without rowid;
  `,
]

/**
 * Sets the connection up for several processes at once and brings the schema to the current version.
 * WAL lets readers run beside the one writer; busy_timeout makes a second writer wait instead of failing.
 */
export function prepareSqliteDatabase(db: Database.Database, path: string): void {
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  // IMMEDIATE: two processes opening a new file at once must not both create the schema.
  db.transaction(() => migrate(db, path)).immediate()
}

function migrate(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new FrameworkError(
      'INSTANCE_STORE_INVALID',
      `instance store: ${path} has schema version ${version}, newer than this Medallion understands (${SQLITE_SCHEMA_VERSION}). Upgrade Medallion, or point it at another data directory.`,
    )
  }
  for (let next = version + 1; next <= SQLITE_SCHEMA_VERSION; next++) {
    db.exec(MIGRATIONS[next - 1] ?? '')
  }
  if (version !== SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`)
}

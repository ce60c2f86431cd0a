import type { InstanceStore } from '../../framework/instance/instance-store.js'
import { openPostgresInstanceStore } from '../../framework/instance/postgres-instance-store.js'
import { openSqliteInstanceStore } from '../../framework/instance/sqlite-instance-store.js'

/** The store at `target`, a postgres:// URL or a SQLite file's path: how fixtures are told which. */
export async function openStoreAt(target: string): Promise<InstanceStore> {
  return target.startsWith('postgres://')
    ? openPostgresInstanceStore(target)
    : openSqliteInstanceStore(target)
}

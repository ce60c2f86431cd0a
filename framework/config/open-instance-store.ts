import type { InstanceStore } from '../instance/instance-store.js'
import {
  openSqliteInstanceStore,
  sqliteInstanceStorePath,
} from '../instance/sqlite-instance-store.js'
import type { InstanceStoreConfig } from './config-schema.js'

/** Opens the instance store the configuration names; SQLite lives in `dataDir`. */
export async function openConfiguredStore(
  config: InstanceStoreConfig,
  dataDir: string,
): Promise<InstanceStore> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteInstanceStore(sqliteInstanceStorePath(dataDir))
    case 'postgres': {
      // Imported only here: loading pg costs every other command's start-up ~40 ms.
      const { openPostgresInstanceStore } = await import('../instance/postgres-instance-store.js')
      return openPostgresInstanceStore(config.url)
    }
  }
}

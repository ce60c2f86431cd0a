import fs from 'node:fs/promises'

/**
 * Waits until the data files DuckDB just wrote are on disk. The commit that points at them is
 * fsynced; without this, a machine crash (not a process crash) right after it could leave a
 * published commit whose files the file system never got to write: a table that no longer reads.
 * The files are synced at once: each fsync waits for the disk, and DuckDB's own work is done.
 */
export async function syncDataFiles(files: readonly string[]): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      const handle = await fs.open(file, 'r')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    }),
  )
}

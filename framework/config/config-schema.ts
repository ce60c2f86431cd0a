import { z } from 'zod'

const urlWithScheme = (schemes: readonly string[]) =>
  z.string().refine((url) => schemes.some((scheme) => url.startsWith(`${scheme}://`)), {
    message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  })

/** Where runs, events, locks and automation state live. */
export const InstanceStoreConfig = z.discriminatedUnion('kind', [
  /** `<dataDir>/medallion.sqlite`: one machine, any number of processes. */
  z.strictObject({ kind: z.literal('sqlite') }),
  /** One PostgreSQL database, shared by processes on several machines. */
  z.strictObject({ kind: z.literal('postgres'), url: urlWithScheme(['postgres', 'postgresql']) }),
])
export type InstanceStoreConfig = z.output<typeof InstanceStoreConfig>

/** Default time a worker may go silent before its step is handed to another worker. */
export const DEFAULT_STEP_LEASE_MS = 30_000

/** Where asset steps execute. */
export const ExecutorConfig = z.discriminatedUnion('kind', [
  /** In the process that launched the run (CLI, server, daemon). */
  z.strictObject({ kind: z.literal('in-process') }),
  /**
   * On `medallion worker` processes, through a BullMQ queue in Redis; the launching process only
   * coordinates (docs/configuration.md, "Running on several machines").
   */
  z.strictObject({
    kind: z.literal('queue'),
    redisUrl: urlWithScheme(['redis', 'rediss']),
    /** The queue's name: projects sharing one Redis need different names. */
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "_" or "-"')
      .default('medallion'),
    /**
     * A worker that has not renewed its lease on a step for this long (killed, or cut off) is
     * presumed lost, and the step goes to another worker.
     */
    leaseMs: z.number().int().min(1000).default(DEFAULT_STEP_LEASE_MS),
  }),
])
export type ExecutorConfig = z.output<typeof ExecutorConfig>

/** `medallion.config.ts`'s default export; every part is optional. */
export const MedallionConfig = z.strictObject({
  instanceStore: InstanceStoreConfig.default({ kind: 'sqlite' }),
  executor: ExecutorConfig.default({ kind: 'in-process' }),
})
export type MedallionConfig = z.output<typeof MedallionConfig>
export type MedallionConfigInput = z.input<typeof MedallionConfig>

/** The configuration with nothing set: SQLite in the data directory, runs in process. */
export const DEFAULT_CONFIG: MedallionConfig = MedallionConfig.parse({})

/**
 * Declares the project's configuration in `medallion.config.ts`. It returns its argument and
 * exists for the types: `export default defineConfig({ instanceStore: { kind: 'postgres', url } })`.
 */
export function defineConfig(config: MedallionConfigInput): MedallionConfigInput {
  return config
}

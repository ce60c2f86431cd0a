import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { COLLAB_FEATURE, NO_EFFECT_FEATURE } from './features.js'
import { generateData } from './generate-data.js'
import { measureLift } from './measure-lift.js'

// Usage: tsx assets/generator/check-lift.ts [users] [seed] [collab-lift]
// Generates into a temp folder, measures every feature's lift the way the gold table defines it,
// and exits 1 when collab or the no-effect feature is off by more than the spec's 0.10.
const users = Number(process.argv[2] ?? 50_000)
const seed = Number(process.argv[3] ?? 42)
const collabLift = Number(process.argv[4] ?? 1.23)
const out = mkdtempSync(join(tmpdir(), 'medallion-lift-'))
try {
  const summary = await generateData({ users, seed, collabLift, out })
  console.log(
    `generated ${summary.rows.featureUsageEvents} events for ${users} users in ${summary.seconds.toFixed(1)} s`,
  )
  const rows = await measureLift(out)
  console.table(
    rows.map((r) => ({
      ...r,
      adopter_rate: r.adopter_rate?.toFixed(4),
      non_adopter_rate: r.non_adopter_rate?.toFixed(4),
      lift: r.lift?.toFixed(3),
    })),
  )
  const lift = (name: string): number =>
    rows.find((r) => r.feature_name === name)?.lift ?? Number.NaN
  const collab = lift(COLLAB_FEATURE)
  const none = lift(NO_EFFECT_FEATURE)
  const ok = Math.abs(collab - collabLift) <= 0.1 && Math.abs(none - 1) <= 0.1
  console.log(
    `${COLLAB_FEATURE}: ${collab.toFixed(3)} (planted ${collabLift}); ${NO_EFFECT_FEATURE}: ${none.toFixed(3)} (planted 1.0): ${ok ? 'ok' : 'OFF'}`,
  )
  process.exitCode = ok ? 0 : 1
} finally {
  rmSync(out, { recursive: true, force: true })
}

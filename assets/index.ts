import { defineDefinitions } from '../framework/index.js'
import { bronzeConversions } from './bronze/conversions.js'
import { bronzeFeatureReleases } from './bronze/feature-releases.js'
import { bronzeFeatureUsageEvents } from './bronze/feature-usage-events.js'
import { bronzeUserSignups } from './bronze/user-signups.js'
import { bronzeChecks } from './checks/bronze-checks.js'
import { goldChecks } from './checks/gold-checks.js'
import { silverChecks } from './checks/silver-checks.js'
import { goldFeatureConversionImpact } from './gold/feature-conversion-impact.js'
import { goldFeatureConversionLift } from './gold/feature-conversion-lift.js'
import { silverFeatureStates } from './silver/feature-states.js'
import { silverFeatureUsageFacts } from './silver/feature-usage-facts.js'
import { silverUserDim } from './silver/user-dim.js'
import {
  rawConversions,
  rawFeatureReleases,
  rawFeatureUsageEvents,
  rawUserSignups,
} from './sources.js'

/** The bundled product-led-growth pipeline: raw files → bronze → silver → gold, with checks. */
export default defineDefinitions({
  sources: [rawFeatureReleases, rawUserSignups, rawFeatureUsageEvents, rawConversions],
  assets: [
    bronzeFeatureReleases,
    bronzeUserSignups,
    bronzeFeatureUsageEvents,
    bronzeConversions,
    silverFeatureStates,
    silverUserDim,
    silverFeatureUsageFacts,
    goldFeatureConversionImpact,
    goldFeatureConversionLift,
  ],
  checks: [...bronzeChecks, ...silverChecks, ...goldChecks],
})

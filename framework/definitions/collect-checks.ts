import { DefinitionError } from '../errors.js'
import type { AssetKey } from './asset-key.js'
import { didYouMean } from './did-you-mean.js'
import type { AnyAsset, CheckDefinition, SourceDefinition } from './types.js'

const WHERE = 'defineDefinitions'

/**
 * Checks by the key of the asset they check, in declaration order. A check's asset must be in
 * the set, and check names are unique per asset (the same check object twice counts once).
 */
export function collectChecks(
  checks: readonly CheckDefinition[],
  assets: ReadonlyMap<AssetKey, AnyAsset>,
  sources: ReadonlyMap<AssetKey, SourceDefinition>,
): Map<AssetKey, readonly CheckDefinition[]> {
  const byAsset = new Map<AssetKey, CheckDefinition[]>()
  checks.forEach((check, i) => {
    if (check === undefined || check === null || check.type !== 'check') {
      throw new DefinitionError(
        'DEFINITION_INVALID',
        `${WHERE}: checks[${i}] is ${String(check)}, not a check. Pass checks made with defineCheck(); an undefined entry usually comes from a circular import.`,
      )
    }
    if (!assets.has(check.asset)) throw unknownAsset(check, assets, sources)
    const list = byAsset.get(check.asset) ?? []
    const same = list.find((other) => other.name === check.name)
    if (same === check) return
    if (same !== undefined) {
      throw new DefinitionError(
        'CHECK_DUPLICATE',
        `${WHERE}: asset "${check.asset}" has two different checks named "${check.name}". Check names must be unique per asset: rename one.`,
      )
    }
    list.push(check)
    byAsset.set(check.asset, list)
  })
  return byAsset
}

function unknownAsset(
  check: CheckDefinition,
  assets: ReadonlyMap<AssetKey, AnyAsset>,
  sources: ReadonlyMap<AssetKey, SourceDefinition>,
): DefinitionError {
  const head = `${WHERE}: check "${check.name}" is attached to "${check.asset}"`
  if (sources.has(check.asset)) {
    return new DefinitionError(
      'CHECK_ASSET_UNKNOWN',
      `${head}, which is a source. Checks run on assets after they are materialized: attach it to the bronze asset that reads this source.`,
    )
  }
  const suggestion = didYouMean(check.asset, assets.keys())
  return new DefinitionError(
    'CHECK_ASSET_UNKNOWN',
    `${head}, which is not in the definitions. Add the asset to \`assets\`, or leave the check out.${suggestion}`,
    suggestion === '' ? {} : { hint: suggestion.trim() },
  )
}

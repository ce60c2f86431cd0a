import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pipeline from '../../assets/index.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import { selectAssets } from '../../framework/selection/select-assets.js'
import { fixtureDefinitions } from '../helpers/fixture-graph.js'

// docs/selection.md promises what each example selects; this keeps the page true.

const page = readFileSync(new URL('../../docs/selection.md', import.meta.url), 'utf8')
const examples = page.slice(page.indexOf('## Examples'), page.indexOf('## Errors'))
const rows = [...examples.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map(
  ([, expression, selects]) =>
    [
      expression as string,
      [...(selects as string).matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
    ] as const,
)

const defs = fixtureDefinitions()

/** `gold/*` in the page stands for every key of the layer. */
function expand(entries: readonly string[]): string[] {
  return entries
    .flatMap((entry) =>
      entry.endsWith('/*')
        ? defs.order.filter((key) => key.startsWith(entry.slice(0, -1)))
        : [entry],
    )
    .sort()
}

describe('docs/selection.md examples', () => {
  it('uses a fixture with the same graph as the bundled pipeline', () => {
    // If this fails, the pipeline changed shape: update the fixture and the page together.
    const edges = (d: Definitions) =>
      d.graph.mapEdges((_, __, from, to) => `${from} → ${to}`).sort()
    expect(edges(defs)).toEqual(edges(pipeline))
    expect(defs.order).toEqual(pipeline.order)
  })

  it('has examples to check', () => {
    expect(rows.length).toBeGreaterThan(20)
  })

  it.each(rows)('%s', (expression, selects) => {
    expect([...selectAssets(defs, expression)].sort()).toEqual(expand(selects))
  })
})

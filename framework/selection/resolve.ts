import type { AssetKey } from '../definitions/asset-key.js'
import type { AssetNode, Definitions } from '../definitions/definitions.js'
import { closestMatches } from '../definitions/did-you-mean.js'
import { assertUnreachable, FrameworkError } from '../errors.js'
import { downstreamOf, rootsOf, sinksOf, upstreamOf } from '../graph/traversal.js'
import type { SelectionNode } from './ast.js'
import { selectionError, splice } from './selection-error.js'

/**
 * The keys (assets and sources) that `node` selects. Traversals go through sources; callers
 * that want only assets filter with `definitions.assets.has(key)`. `expression` is the text the
 * AST came from, used to point at an unknown key.
 */
export function resolveSelection(
  node: SelectionNode,
  definitions: Definitions,
  expression?: string,
): ReadonlySet<AssetKey> {
  let everything: ReadonlySet<AssetKey> | undefined
  const all = (): ReadonlySet<AssetKey> => {
    everything ??= new Set(definitions.order)
    return everything
  }
  // Sorted by key: some output lists a selection in its own order (`automation on --select`).
  const where = (match: (definition: AssetNode) => boolean): Set<AssetKey> =>
    new Set(definitions.order.filter((key) => match(definitions.get(key))).sort())

  const resolve = (n: SelectionNode): ReadonlySet<AssetKey> => {
    switch (n.type) {
      case 'all':
        return all()
      case 'key':
        return resolveKey(n, definitions, all, expression)
      case 'group':
        return where((d) => d.group === n.value)
      case 'owner':
        return where((d) => d.owners.includes(n.value))
      case 'kind':
        return where((d) => d.kinds.includes(n.value))
      case 'tag':
        return where(
          (d) =>
            Object.hasOwn(d.tags, n.key) && (n.value === undefined || d.tags[n.key] === n.value),
        )
      case 'traverse': {
        const base = resolve(n.operand)
        const up = n.up === 0 ? base : upstreamOf(definitions, base, { depth: n.up })
        return n.down === 0 ? up : union(up, downstreamOf(definitions, base, { depth: n.down }))
      }
      case 'roots':
        return rootsOf(definitions, resolve(n.operand))
      case 'sinks':
        return sinksOf(definitions, resolve(n.operand))
      case 'not': {
        const excluded = resolve(n.operand)
        return new Set([...all()].filter((key) => !excluded.has(key)))
      }
      case 'and': {
        const left = resolve(n.left)
        const right = resolve(n.right)
        return new Set([...left].filter((key) => right.has(key)))
      }
      case 'or':
        return union(resolve(n.left), resolve(n.right))
      default:
        return assertUnreachable(n)
    }
  }
  return resolve(node)
}

function union(a: ReadonlySet<AssetKey>, b: ReadonlySet<AssetKey>): Set<AssetKey> {
  const result = new Set(a)
  for (const key of b) result.add(key)
  return result
}

function resolveKey(
  node: Extract<SelectionNode, { type: 'key' }>,
  definitions: Definitions,
  all: () => ReadonlySet<AssetKey>,
  expression: string | undefined,
): ReadonlySet<AssetKey> {
  if (node.value.includes('*')) {
    // A glob over the whole key: `*` matches any run of characters, "/" included.
    const pattern = new RegExp(`^${node.value.split('*').map(escapeRegExp).join('.*')}$`)
    return new Set([...all()].filter((key) => pattern.test(key)))
  }
  const key = node.value as AssetKey
  if (definitions.assets.has(key) || definitions.sources.has(key)) return new Set([key])
  const [guess, ...others] = closestMatches(node.value, definitions.order)
  const fix =
    guess === undefined
      ? 'Keys are "layer/name"; use key:layer/* to match by pattern.'
      : `Did you mean "${guess}"?${others.length > 0 ? ` (or ${others.map((o) => `"${o}"`).join(', ')})` : ''}`
  const problem = `no asset or source has the key "${node.value}"`
  if (expression === undefined) {
    throw new FrameworkError('SELECTION_UNKNOWN_KEY', `selection: ${problem}. ${fix}`, {
      hint: fix,
    })
  }
  const at = node.column - 1
  const quoted = expression[at] === '"'
  throw selectionError({
    code: 'SELECTION_UNKNOWN_KEY',
    expression,
    at,
    length: node.length,
    problem,
    fix,
    ...(guess === undefined
      ? {}
      : { corrected: splice(expression, at, node.length, quoted ? `"${guess}"` : guess) }),
  })
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

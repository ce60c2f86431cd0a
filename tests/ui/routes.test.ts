import { describe, expect, it } from 'vitest'
import { parseRoute, type Route, routePath } from '../../ui/src/lib/routes.js'

describe('parseRoute', () => {
  it.each<[string, string, Route]>([
    ['/', '', { name: 'lineage' }],
    ['/', '?select=group%3Agold', { name: 'lineage', select: 'group:gold' }],
    ['/assets', '', { name: 'assets' }],
    ['/assets/silver/user_dim', '', { name: 'asset', key: 'silver/user_dim' }],
    ['/assets/silver%2Fuser_dim', '', { name: 'asset', key: 'silver/user_dim' }],
    ['/runs/', '', { name: 'runs' }],
    ['/runs/abc-123', '', { name: 'run', runId: 'abc-123' }],
    ['/insights', '', { name: 'insights' }],
    ['/nope/x', '', { name: 'not-found', path: '/nope/x' }],
  ])('reads %s%s', (path, search, route) => {
    expect(parseRoute(path, search)).toEqual(route)
  })

  it.each<Route>([
    { name: 'lineage' },
    { name: 'lineage', select: '+silver/user_dim and group:gold' },
    { name: 'asset', key: 'gold/feature_conversion_lift' },
    { name: 'run', runId: '0f3e-x' },
    { name: 'insights' },
  ])('reads back what routePath writes: %j', (route) => {
    const url = new URL(routePath(route), 'http://x')
    expect(parseRoute(url.pathname, url.search)).toEqual(route)
  })
})

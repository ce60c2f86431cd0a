/** The pages of the app, parsed from the URL path (pure, so it is unit-tested). */
export type Route =
  | { readonly name: 'lineage'; readonly select?: string }
  | { readonly name: 'assets' }
  | { readonly name: 'asset'; readonly key: string }
  | { readonly name: 'runs' }
  | { readonly name: 'run'; readonly runId: string }
  | { readonly name: 'insights' }
  | { readonly name: 'automation'; readonly tick?: number }
  | { readonly name: 'not-found'; readonly path: string }

/** `/assets/silver/user_dim` → the asset page of `silver/user_dim` (keys keep their slash). */
export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/'
  if (path === '/' || path === '/lineage') {
    const select = new URLSearchParams(search).get('select')
    return select ? { name: 'lineage', select } : { name: 'lineage' }
  }
  if (path === '/assets') return { name: 'assets' }
  if (path === '/runs') return { name: 'runs' }
  if (path === '/insights') return { name: 'insights' }
  if (path === '/automation') {
    const tick = Number(new URLSearchParams(search).get('tick'))
    return Number.isInteger(tick) && tick > 0
      ? { name: 'automation', tick }
      : { name: 'automation' }
  }
  const asset = /^\/assets\/(.+)$/.exec(path)
  if (asset?.[1]) return { name: 'asset', key: safeDecode(asset[1]) }
  const run = /^\/runs\/([^/]+)$/.exec(path)
  if (run?.[1]) return { name: 'run', runId: safeDecode(run[1]) }
  return { name: 'not-found', path }
}

/** The URL of a page; inverse of parseRoute. */
export function routePath(route: Route): string {
  switch (route.name) {
    case 'lineage':
      return route.select ? `/?select=${encodeURIComponent(route.select)}` : '/'
    case 'assets':
      return '/assets'
    case 'asset':
      return `/assets/${route.key.split('/').map(encodeURIComponent).join('/')}`
    case 'runs':
      return '/runs'
    case 'run':
      return `/runs/${encodeURIComponent(route.runId)}`
    case 'insights':
      return '/insights'
    case 'automation':
      return route.tick === undefined ? '/automation' : `/automation?tick=${route.tick}`
    case 'not-found':
      return route.path
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

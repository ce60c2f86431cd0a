import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import { healthQueryOptions } from './api/insights.js'
import { Loading } from './components/Section.js'
import { assertUnreachable } from './lib/assert-unreachable.js'
import type { Route } from './lib/routes.js'
import { Link, useRoute } from './router.js'

// One chunk per page: the lineage page should not wait for the charts library of the asset and
// insights pages to download and compile (module evaluation before its first paint: 289 → 114 ms
// of CPU, see the findings in docs/benchmarks.md).
const AssetPage = lazy(() => import('./pages/AssetPage.js').then((m) => ({ default: m.AssetPage })))
const AssetsPage = lazy(() =>
  import('./pages/AssetsPage.js').then((m) => ({ default: m.AssetsPage })),
)
const AutomationPage = lazy(() =>
  import('./pages/AutomationPage.js').then((m) => ({ default: m.AutomationPage })),
)
const InsightsPage = lazy(() =>
  import('./pages/InsightsPage.js').then((m) => ({ default: m.InsightsPage })),
)
const LineagePage = lazy(() =>
  import('./pages/LineagePage.js').then((m) => ({ default: m.LineagePage })),
)
const RunPage = lazy(() => import('./pages/RunPage.js').then((m) => ({ default: m.RunPage })))
const RunsPage = lazy(() => import('./pages/RunsPage.js').then((m) => ({ default: m.RunsPage })))

/** The shell: top bar with navigation and server status, then the page the URL names. */
export function App() {
  const route = useRoute()
  const health = useQuery(healthQueryOptions())
  const section = route.name === 'asset' ? 'assets' : route.name === 'run' ? 'runs' : route.name
  const tab = (name: string, to: Route, label: string) => (
    <Link to={to} className={`nav-link${section === name ? ' active' : ''}`}>
      {label}
    </Link>
  )
  return (
    <div className={`app app-${route.name}`}>
      <header className="topbar">
        <Link to={{ name: 'lineage' }} className="brand">
          <span className="brand-mark" />
          Medallion
        </Link>
        <nav className="nav">
          {tab('lineage', { name: 'lineage' }, 'Lineage')}
          {tab('assets', { name: 'assets' }, 'Assets')}
          {tab('runs', { name: 'runs' }, 'Runs')}
          {tab('automation', { name: 'automation' }, 'Automation')}
          {tab('insights', { name: 'insights' }, 'Insights')}
        </nav>
        <div className="server-status" data-testid="server-status">
          {health.data ? (
            <>
              <span className="dot dot-ok" />
              {health.data.assets} assets · {health.data.sources} sources
              {health.data.activeRuns > 0 && (
                <Link to={{ name: 'runs' }} className="active-runs">
                  {health.data.activeRuns} running
                </Link>
              )}
            </>
          ) : health.error ? (
            <>
              <span className="dot dot-down" />
              server unreachable
            </>
          ) : null}
        </div>
      </header>
      <main className="main">
        <Suspense fallback={<Loading what="the page" />}>
          <Page route={route} />
        </Suspense>
      </main>
    </div>
  )
}

function Page(props: { route: Route }) {
  const route = props.route
  switch (route.name) {
    case 'lineage':
      return <LineagePage {...(route.select ? { select: route.select } : {})} />
    case 'assets':
      return <AssetsPage />
    case 'asset':
      return <AssetPage key={route.key} assetKey={route.key} />
    case 'runs':
      return <RunsPage />
    case 'run':
      return <RunPage key={route.runId} runId={route.runId} />
    case 'insights':
      return <InsightsPage />
    case 'automation':
      return <AutomationPage {...(route.tick === undefined ? {} : { tick: route.tick })} />
    case 'not-found':
      return (
        <div className="page">
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>.{' '}
            <Link to={{ name: 'lineage' }}>Go to the lineage graph</Link>.
          </p>
        </div>
      )
    default:
      return assertUnreachable(route)
  }
}

import '@xyflow/react/dist/style.css'
import './styles.css'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { lineageQueryOptions } from './api/lineage.js'
import { parseRoute } from './lib/routes.js'

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: true } },
})
// The lineage page is the home page: ask for its graph now, while the page's own code (a chunk of
// its own) is still loading, rather than after.
if (parseRoute(window.location.pathname).name === 'lineage') {
  void queryClient.prefetchQuery(lineageQueryOptions())
}

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
)

/**
 * URLs of the API. Asset keys contain '/', so they are encoded here and only here
 * (`silver/user_dim` → `silver%2Fuser_dim`; Hono decodes it back on the server).
 */
export const apiPaths = {
  health: () => '/api/health',
  assets: (select?: string) => withQuery('/api/assets', { select }),
  lineage: (select?: string) => withQuery('/api/lineage', { select }),
  asset: (key: string) => `/api/assets/${encodeURIComponent(key)}`,
  materializations: (key: string, limit?: number) =>
    withQuery(`${apiPaths.asset(key)}/materializations`, { limit }),
  checks: (key: string) => `${apiPaths.asset(key)}/checks`,
  checkHistory: (key: string, check: string, limit?: number) =>
    withQuery(`${apiPaths.asset(key)}/checks/${encodeURIComponent(check)}/history`, { limit }),
  preview: (key: string, at: { limit?: number; version?: number }) =>
    withQuery(`${apiPaths.asset(key)}/preview`, at),
  versions: (key: string) => `${apiPaths.asset(key)}/versions`,
  asOf: (key: string, date: string) => withQuery(`${apiPaths.asset(key)}/as-of`, { date }),
  materialize: (key: string) => `${apiPaths.asset(key)}/materialize`,
  runs: (limit?: number) => withQuery('/api/runs', { limit }),
  run: (runId: string) => `/api/runs/${encodeURIComponent(runId)}`,
  runEvents: (runId: string, after?: number) =>
    withQuery(`${apiPaths.run(runId)}/events`, { after }),
  runStream: (runId: string, token?: string) =>
    withQuery(`${apiPaths.run(runId)}/stream`, { token }),
  cancelRun: (runId: string) => `${apiPaths.run(runId)}/cancel`,
  insights: () => '/api/insights',
  automation: () => '/api/automation',
  automationTicks: (limit?: number, before?: number) =>
    withQuery('/api/automation/ticks', { limit, before }),
  automationTick: (id: number) => `/api/automation/ticks/${id}`,
  assetAutomation: (key: string, limit?: number) =>
    withQuery(`${apiPaths.asset(key)}/automation`, { limit }),
}

function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value))
  }
  const text = params.toString()
  return text === '' ? path : `${path}?${text}`
}

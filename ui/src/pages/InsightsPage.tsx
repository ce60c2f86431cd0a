import { useQuery } from '@tanstack/react-query'
import { insightsQueryOptions } from '../api/insights.js'
import { ErrorPanel } from '../components/ErrorPanel.js'
import { Loading, Section } from '../components/Section.js'
import { CohortChart, LiftChart } from '../features/insights/InsightCharts.js'
import { cohortRows, liftPoints } from '../features/insights/insight-data.js'
import { formatCount, formatPercent, formatTime } from '../lib/format.js'
import { Link } from '../router.js'

/** What the gold tables say: which features move conversion, and how sure we are. */
export function InsightsPage() {
  const insights = useQuery(insightsQueryOptions())
  if (insights.error)
    return (
      <div className="page">
        <h1>Insights</h1>
        <ErrorPanel error={insights.error} title="Insights" />
        <p>
          Materialize the gold assets from the{' '}
          <Link to={{ name: 'lineage', select: 'group:gold' }}>lineage graph</Link> (select them
          with <code>+group:gold</code>, or press “Materialize all”).
        </p>
      </div>
    )
  if (!insights.data) return <Loading what="insights" />
  const { headline, lift, conversionByCohort, materializedAt } = insights.data
  const points = liftPoints(lift)
  return (
    <div className="page insights-page">
      <div className="page-head">
        <h1>Insights</h1>
        <span className="muted small">
          gold/feature_conversion_lift at {formatTime(materializedAt.lift)} · impact at{' '}
          {formatTime(materializedAt.impact)}
        </span>
      </div>
      {headline && (
        <div className="headline" data-testid="headline">
          <div className="headline-number">
            {headline.lift === null ? '—' : `${headline.lift.toFixed(2)}×`}
            <span className="headline-label">{headline.feature_name}</span>
          </div>
          <div>
            <p className="headline-summary">{headline.summary}</p>
            <p className="muted small">
              Adopters {formatPercent(headline.adopter_rate)} ({formatCount(headline.adopters)}{' '}
              users) vs {formatPercent(headline.non_adopter_rate)} (
              {formatCount(headline.non_adopters)}); difference{' '}
              {formatPercent(headline.rate_difference)}, 95% CI {formatPercent(headline.ci_low)} to{' '}
              {formatPercent(headline.ci_high)}, p ={' '}
              {headline.p_value === null ? '—' : headline.p_value.toPrecision(2)}
            </p>
          </div>
        </div>
      )}
      <Section title="Conversion rate by feature and cohort" id="cohorts">
        <CohortChart rows={cohortRows(conversionByCohort)} />
      </Section>
      <Section title="Effect of each feature (rate difference with 95% CI)" id="lift">
        <LiftChart points={points} />
        <table className="list-table compact">
          <thead>
            <tr>
              <th>Feature</th>
              <th className="num">Lift</th>
              <th className="num">Adopters</th>
              <th className="num">Non-adopters</th>
              <th className="num">Difference</th>
              <th className="num">95% CI</th>
              <th className="num">p</th>
            </tr>
          </thead>
          <tbody>
            {[...lift]
              .sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0))
              .map((row) => (
                <tr key={row.feature_name}>
                  <td>{row.feature_name}</td>
                  <td className="num strong">
                    {row.lift === null ? '—' : `${row.lift.toFixed(2)}×`}
                  </td>
                  <td className="num">
                    {formatPercent(row.adopter_rate)}{' '}
                    <span className="muted">of {formatCount(row.adopters)}</span>
                  </td>
                  <td className="num">
                    {formatPercent(row.non_adopter_rate)}{' '}
                    <span className="muted">of {formatCount(row.non_adopters)}</span>
                  </td>
                  <td className="num">{formatPercent(row.rate_difference)}</td>
                  <td className="num">
                    {formatPercent(row.ci_low)} … {formatPercent(row.ci_high)}
                  </td>
                  <td className="num">{row.p_value === null ? '—' : row.p_value.toPrecision(2)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </Section>
    </div>
  )
}

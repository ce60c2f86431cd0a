import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { COHORTS, type CohortRow, type LiftPoint } from './insight-data.js'

/** Conversion rate of each feature's cohorts, side by side. */
export function CohortChart(props: { rows: CohortRow[] }) {
  return (
    <div className="chart" data-testid="cohort-chart">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={props.rows} margin={{ top: 8, right: 16, bottom: 40, left: 8 }}>
          <CartesianGrid stroke="#eef0f4" vertical={false} />
          <XAxis dataKey="feature" fontSize={11} angle={-20} textAnchor="end" interval={0} />
          <YAxis unit="%" fontSize={11} />
          <Tooltip formatter={(value) => `${value}%`} />
          <Legend verticalAlign="top" height={32} />
          {COHORTS.map((cohort) => (
            <Bar
              key={cohort.key}
              dataKey={cohort.key}
              name={cohort.label}
              fill={cohort.color}
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}

/** Each feature's effect: the rate difference with its 95% confidence interval, zero marked. */
export function LiftChart(props: { points: LiftPoint[] }) {
  const height = Math.max(200, 44 * props.points.length + 60)
  // recharts does not count error bars in the axis domain: span the intervals ourselves.
  const low = Math.min(0, ...props.points.map((p) => p.difference - p.interval[0]))
  const high = Math.max(0, ...props.points.map((p) => p.difference + p.interval[1]))
  const domain = [Math.floor(low / 5) * 5, Math.ceil(high / 5) * 5]
  return (
    <div className="chart" data-testid="lift-chart">
      <ResponsiveContainer width="100%" height={height}>
        <ScatterChart layout="vertical" margin={{ top: 8, right: 24, bottom: 24, left: 24 }}>
          <CartesianGrid stroke="#eef0f4" />
          <XAxis
            type="number"
            dataKey="difference"
            domain={domain}
            unit=" pt"
            fontSize={11}
            label={{
              value: 'Conversion rate difference, adopters − non-adopters (95% CI)',
              position: 'bottom',
              fontSize: 11,
            }}
          />
          <YAxis
            type="category"
            dataKey="feature"
            width={150}
            fontSize={11}
            allowDuplicatedCategory={false}
          />
          <ReferenceLine x={0} stroke="#7c8597" strokeDasharray="4 4" />
          <Tooltip
            formatter={(value, name) => (name === 'difference' ? `${value} pt` : String(value))}
            cursor={{ strokeDasharray: '3 3' }}
          />
          <Scatter data={props.points} dataKey="difference" isAnimationActive={false}>
            {props.points.map((point) => (
              <Cell key={point.feature} fill={point.significant ? '#3b6fe0' : '#a0a7b4'} />
            ))}
            <ErrorBar dataKey="interval" direction="x" width={8} strokeWidth={2} stroke="#4a5568" />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  )
}

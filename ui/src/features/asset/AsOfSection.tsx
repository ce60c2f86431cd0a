import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { asOfQueryOptions } from '../../api/assets.js'
import { DataTable } from '../../components/DataTable.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Loading, Section } from '../../components/Section.js'

/** For SCD2 tables: the rows valid on a chosen date (e.g. the feature state as of that day). */
export function AsOfSection(props: { assetKey: string; defaultDate: string }) {
  const [date, setDate] = useState(props.defaultDate)
  const asOf = useQuery({
    ...asOfQueryOptions(props.assetKey, date),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(date),
  })
  return (
    <Section
      title="As of a date"
      id="as-of"
      actions={
        <label className="inline-field">
          Date{' '}
          <input
            type="date"
            value={date}
            onChange={(event) => setDate(event.target.value)}
            aria-label="As-of date"
          />
        </label>
      }
    >
      {asOf.error && <ErrorPanel error={asOf.error} />}
      {asOf.isFetching && !asOf.data && <Loading what="rows" />}
      {asOf.data && (
        <>
          <p className="muted small">
            {asOf.data.rows.length} rows valid on {asOf.data.date} (effective_from ≤ date &lt;
            effective_to).
          </p>
          <DataTable
            columns={asOf.data.columns}
            rows={asOf.data.rows}
            empty="No row was valid on that date."
          />
        </>
      )}
    </Section>
  )
}

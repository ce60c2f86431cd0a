import type { Column } from '../../../framework/api/schemas.js'
import { formatCell } from '../lib/format.js'

/** Rows of a table preview, with column types in the header. */
export function DataTable(props: {
  columns: readonly Column[]
  rows: readonly Record<string, unknown>[]
  empty?: string
}) {
  if (props.rows.length === 0) return <p className="muted">{props.empty ?? 'No rows.'}</p>
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.name}>
                {column.name}
                <span className="col-type">{column.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            // Preview rows have no key of their own; their order is the table's.
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are replaced whole, never reordered
            <tr key={index}>
              {props.columns.map((column) => {
                const value = row[column.name]
                return (
                  <td key={column.name} className={value === null ? 'null' : undefined}>
                    {formatCell(value)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

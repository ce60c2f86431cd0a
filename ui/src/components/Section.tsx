import type { ReactNode } from 'react'

/** A titled card on a page. */
export function Section(props: {
  title: string
  actions?: ReactNode
  children: ReactNode
  id?: string
}) {
  return (
    <section className="card" id={props.id} data-testid={props.id}>
      <header className="card-head">
        <h2>{props.title}</h2>
        {props.actions && <div className="card-actions">{props.actions}</div>}
      </header>
      <div className="card-body">{props.children}</div>
    </section>
  )
}

/** Shown while a query loads. */
export function Loading(props: { what?: string }) {
  return <p className="loading">Loading {props.what ?? ''}…</p>
}

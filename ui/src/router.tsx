import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react'
import { parseRoute, type Route, routePath } from './lib/routes.js'

// A small history router: five pages do not need a router library, and the server answers any
// non-API path with index.html, so deep links work.
const listeners = new Set<() => void>()
let current = readLocation()

function readLocation(): { route: Route; href: string } {
  return {
    route: parseRoute(window.location.pathname, window.location.search),
    href: window.location.href,
  }
}

function notify() {
  if (window.location.href === current.href) return
  current = readLocation()
  for (const listener of listeners) listener()
}

window.addEventListener('popstate', notify)

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The page the URL names; re-renders on navigation. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => current.route)
}

/** Goes to a page; `replace` keeps the history entry (used for typing a selection). */
export function navigate(to: Route, options: { replace?: boolean } = {}) {
  const path = routePath(to)
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  notify()
  if (!options.replace) window.scrollTo(0, 0)
}

/** An anchor that navigates without reloading (ctrl/cmd-click still opens a new tab). */
export function Link(props: {
  to: Route
  children: ReactNode
  className?: string
  title?: string
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
    event.preventDefault()
    navigate(props.to)
  }
  return (
    <a href={routePath(props.to)} onClick={onClick} className={props.className} title={props.title}>
      {props.children}
    </a>
  )
}

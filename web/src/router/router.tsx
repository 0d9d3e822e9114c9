/**
 * A small client-side router over the History API: the current location as a React value,
 * `navigate`, `<Link>`, and the first matching route of a table. Enough for this app, with no
 * dependency; pages read params from props and the query with `useQuery`.
 */
import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useMemo,
  useSyncExternalStore,
} from 'react';
import { matchPath, type RouteParams } from './match.ts';

const CHANGE_EVENT = 'ilm:navigate';

/** The current location: path and query. */
export interface Location {
  pathname: string;
  search: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/** The current location; re-renders on every navigation (links, back/forward, `navigate`). */
export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot, () => '/');
  return useMemo(() => {
    const index = current.indexOf('?');
    return index < 0
      ? { pathname: current, search: '' }
      : { pathname: current.slice(0, index), search: current.slice(index) };
  }, [current]);
}

/** The query string of the current location. */
export function useQuery(): URLSearchParams {
  const { search } = useLocation();
  return useMemo(() => new URLSearchParams(search), [search]);
}

/** Goes to `to` (a local path with an optional query); `replace` rewrites the current entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Sets query parameters of the current location (undefined or '' removes one), replacing the entry. */
export function useSetQuery(): (changes: Record<string, string | undefined>) => void {
  return useCallback((changes) => {
    const params = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') params.delete(key);
      else params.set(key, value);
    }
    const text = params.toString();
    navigate(`${window.location.pathname}${text ? `?${text}` : ''}`, { replace: true });
  }, []);
}

/** True for a click the browser should handle itself (new tab, download, modifier keys). */
function isBrowserClick(event: MouseEvent<HTMLAnchorElement>, target: string | undefined): boolean {
  return (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    (target !== undefined && target !== '_self')
  );
}

/** Props of `<Link>`: an anchor whose `to` is a local path. */
export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  replace?: boolean;
  children?: ReactNode;
}

/** An anchor that navigates inside the app (and still opens in a new tab with Ctrl/Cmd-click). */
export function Link({ to, replace, onClick, target, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={to}
      target={target}
      onClick={(event) => {
        onClick?.(event);
        if (isBrowserClick(event, target)) return;
        event.preventDefault();
        navigate(to, replace ? { replace } : {});
      }}
    />
  );
}

/** What a route's component receives. */
export interface RouteComponentProps {
  params: RouteParams;
}

/** The first route of `routes` whose pattern matches `pathname`, with its params. */
export function findRoute<T extends { path: string }>(
  routes: readonly T[],
  pathname: string,
): { route: T; params: RouteParams } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

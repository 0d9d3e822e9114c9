/**
 * Route patterns, pure: `/assessments/:id` matches `/assessments/42` with `{ id: '42' }`; a final
 * `*` matches the rest of the path. Used by the router and by links that build paths.
 */

/** Values of a pattern's `:name` segments (and `*` for a trailing wildcard). */
export type RouteParams = Record<string, string>;

/** Splits a path into its non-empty segments, ignoring a trailing slash. */
function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/** Matches `pathname` against `pattern`; the params, or null when it does not match. */
export function matchPath(pattern: string, pathname: string): RouteParams | null {
  const wanted = segmentsOf(pattern);
  const given = segmentsOf(pathname);
  const params: RouteParams = {};
  for (let index = 0; index < wanted.length; index += 1) {
    const part = wanted[index] as string;
    if (part === '*') {
      params['*'] = given.slice(index).map(safeDecode).join('/');
      return params;
    }
    const value = given[index];
    if (value === undefined) return null;
    if (part.startsWith(':')) params[part.slice(1)] = safeDecode(value);
    else if (part !== value) return null;
  }
  return given.length === wanted.length ? params : null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Fills a pattern's params: `buildPath('/candidates/:id/report', { id })`. */
export function buildPath(
  pattern: string,
  params: RouteParams = {},
  query?: Record<string, string | number | undefined>,
): string {
  const path = pattern.replace(/:([A-Za-z0-9_]+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`buildPath: missing param ${name} for ${pattern}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** A local path to return to after sign-in; anything else (another site, a scheme) becomes `/`. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

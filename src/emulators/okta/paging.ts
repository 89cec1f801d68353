import type { RouteRequest } from './http-types.js';
import { oktaErrors } from './okta-errors.js';

/**
 * Reads `limit`: absent → default; over the max → the max (Okta caps silently); junk → 400.
 * The emulator's page cap applies last.
 */
export function parseLimit(req: Pick<RouteRequest, 'query' | 'pageCap'>, def: number, max: number, min = 1): number {
  const raw = req.query.get('limit');
  let n = def;
  if (raw !== null && raw !== '') {
    if (!/^-?\d+$/.test(raw)) throw oktaErrors.validation('limit', `"${raw}" is not an integer`);
    n = Number(raw);
    if (n < min) throw oktaErrors.validation('limit', `must be at least ${min}`);
  }
  return Math.min(n, max, req.pageCap);
}

/** Okta sends `self` and `next` as two separate Link header lines. */
export function linkHeader(selfUrl: string, nextUrl?: string): string[] {
  const links = [`<${selfUrl}>; rel="self"`];
  if (nextUrl) links.push(`<${nextUrl}>; rel="next"`);
  return links;
}

/** The next-page URL: the same query with `after` set (and anything in `drop` removed). */
export function nextUrl(base: string, path: string, query: URLSearchParams, after: string, drop: readonly string[] = []): string {
  const q = new URLSearchParams(query);
  for (const k of drop) q.delete(k);
  q.set('after', after);
  return `${base}${path}?${q.toString().replace(/\+/g, '%20')}`;
}

/**
 * Takes up to `limit` matches from a stream and tells whether another match exists, so a next
 * link is only sent when there is a next page (never an empty last page).
 */
export function takePage<T>(items: Iterable<T>, limit: number, accept: (item: T) => boolean = () => true): { page: T[]; more: boolean } {
  const page: T[] = [];
  for (const item of items) {
    if (!accept(item)) continue;
    if (page.length === limit) return { page, more: true };
    page.push(item);
  }
  return { page, more: false };
}

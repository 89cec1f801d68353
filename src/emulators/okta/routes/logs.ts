import { evaluate } from '../filter-expr.js';
import type { Route, RouteRequest, RouteResponse } from '../http-types.js';
import type { LogEvent } from '../log-events.js';
import { oktaErrors } from '../okta-errors.js';
import { linkHeader, nextUrl, parseLimit } from '../paging.js';
import { compileQuery, LOG_FILTER } from '../query-schemas.js';
import type { SystemLog } from '../system-log.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const DAY = 86_400_000;

function logAttr(ev: LogEvent, attr: string): unknown {
  switch (attr) {
    case 'eventType':
      return ev.eventType;
    case 'uuid':
      return ev.uuid;
    case 'severity':
      return ev.severity;
    case 'outcome.result':
      return ev.outcome.result;
    case 'actor.id':
      return ev.actor.id;
    case 'actor.alternateId':
      return ev.actor.alternateId;
    case 'target.id':
      return ev.target.map((t) => t.id);
    case 'target.type':
      return ev.target.map((t) => t.type);
    case 'target.alternateId':
      return ev.target.map((t) => t.alternateId);
    case 'transaction.id':
      return ev.transaction.id;
    case 'transaction.detail.requestApiTokenId':
      return ev.transaction.detail['requestApiTokenId'];
    default:
      return undefined;
  }
}

/** The opaque `after` cursor: `<published ms>_<position>`; only the position matters to us. */
function encodeCursor(log: SystemLog, position: number): string {
  const published = position > 0 ? Date.parse(log.at(position - 1)?.published ?? '') || 0 : 0;
  return `${published}_${position}`;
}

function decodeCursor(log: SystemLog, raw: string): number {
  const m = /^\d+_(\d+)$/.exec(raw);
  const pos = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(pos) || pos > log.size) throw oktaErrors.validation('after', 'not a valid cursor');
  return pos;
}

function parseTime(req: RouteRequest, name: 'since' | 'until'): number | undefined {
  const raw = req.query.get(name);
  if (raw === null) return undefined;
  if (!RFC3339.test(raw)) throw oktaErrors.validation(name, `"${raw}" is not an RFC 3339 date-time such as 2024-03-01T00:00:00.000Z`);
  return Date.parse(raw);
}

/**
 * GET /api/v1/logs. A polling query (no `until`, ASCENDING) always answers with a `next` link
 * to store and re-request later; a bounded query (`until`, or DESCENDING) ends without one.
 * Cursors count positions in the log, so a stored `next` link resumes exactly after the last
 * event it returned, and filtered-out events are never scanned twice.
 */
function listLogs(log: SystemLog, now: () => number, req: RouteRequest): RouteResponse {
  const limit = parseLimit(req, 100, 1000, 0);
  const sortOrder = (req.query.get('sortOrder') ?? 'ASCENDING').toUpperCase();
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') throw oktaErrors.validation('sortOrder', 'must be ASCENDING or DESCENDING');
  const nowMs = now();
  const until = parseTime(req, 'until');
  const since = parseTime(req, 'since') ?? (until ?? nowMs) - 7 * DAY;
  if (since < nowMs - 180 * DAY) throw oktaErrors.validation('since', 'must be within the last 180 days');
  if (until !== undefined && until < since) throw oktaErrors.validation('until', 'must not be before since');
  const filter = req.query.get('filter');
  const expr = filter === null ? undefined : compileQuery('filter', filter, LOG_FILTER);
  const terms = (req.query.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const accept = (ev: LogEvent): boolean => {
    if (expr && !evaluate(expr, (a) => logAttr(ev, a), LOG_FILTER)) return false;
    if (terms.length === 0) return true;
    const text = JSON.stringify(ev).toLowerCase();
    return terms.every((t) => text.includes(t));
  };
  const after = req.query.get('after');
  const page: LogEvent[] = [];

  if (sortOrder === 'ASCENDING') {
    const endPos = until === undefined ? log.size : log.positionAt(until);
    let pos = after === null ? log.positionAt(since) : decodeCursor(log, after);
    let more = false;
    for (; pos < endPos; pos++) {
      const ev = log.at(pos) as LogEvent;
      if (!accept(ev)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(ev);
    }
    const polling = until === undefined;
    const next = polling || more ? nextUrl(req.base, req.path, req.query, encodeCursor(log, pos), ['since']) : undefined;
    return { body: page, headers: { link: linkHeader(req.url, next) } };
  }

  const startPos = log.positionAt(since);
  let pos = (after === null ? log.positionAt(until ?? nowMs + 1) : decodeCursor(log, after)) - 1;
  let more = false;
  for (; pos >= startPos; pos--) {
    const ev = log.at(pos) as LogEvent;
    if (!accept(ev)) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(ev);
  }
  const next = more ? nextUrl(req.base, req.path, req.query, encodeCursor(log, pos + 1)) : undefined;
  return { body: page, headers: { link: linkHeader(req.url, next) } };
}

export function logRoutes(log: SystemLog, now: () => number): Route[] {
  return [{ method: 'GET', path: '/api/v1/logs', handler: (req) => listLogs(log, now, req) }];
}

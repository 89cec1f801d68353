import type { Response } from 'node-fetch';
import type { ChangeBatch, Clock } from '../domain/ports.js';
import { NotFoundError, OisyncError, RejectedError } from '../domain/errors.js';
import { oktaCall } from './classify-error.js';
import type { OktaClient } from './create-client.js';
import { changesFromEvents, syncEventFilter, type RawLogEvent } from './event-changes.js';

export const LOG_PAGE_LIMIT = 1000;
/** Pages read per readChanges call at most (10 000 events); the next call continues. */
export const LOG_MAX_PAGES = 10;

export interface SystemLogContext {
  readonly client: OktaClient;
  /** Normalized org URL. */
  readonly orgUrl: string;
  readonly appId: string;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Member ids of a group (complete or it throws), to expand app-assignment events. */
  readonly memberIds: (groupId: string) => Promise<readonly string[]>;
}

/** The `rel="next"` URL of a Link header (one comma-joined header or several). */
export function nextLinkOf(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /rel="?next"?/.test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

/**
 * The first polling URL: since = now (ISO string — a Date would be sent as Date#toString and
 * rejected), ascending, the page maximum, filtered to sync-relevant events, and no `until`, so
 * Okta answers with polling semantics (events by persistence time, a next link always).
 */
export function initialLogUrl(orgUrl: string, now: Date): string {
  const q = new URLSearchParams({ since: now.toISOString(), sortOrder: 'ASCENDING', limit: String(LOG_PAGE_LIMIT), filter: syncEventFilter() });
  return `${orgUrl}/api/v1/logs?${q.toString().replace(/\+/g, '%20')}`;
}

/**
 * A stored cursor is followed only if it is a System Log URL of the configured org: the
 * request carries our credentials, so a tampered or stale cursor must not send them elsewhere.
 */
export function checkCursor(orgUrl: string, cursor: string): string {
  let url: URL;
  let org: URL;
  try {
    url = new URL(cursor);
    org = new URL(orgUrl);
  } catch {
    throw new OisyncError('OKTA_CURSOR_INVALID', 'the stored System Log cursor is not a URL');
  }
  const path = `${org.pathname.replace(/\/+$/, '')}/api/v1/logs`;
  if (url.origin !== org.origin || url.pathname !== path || url.username || url.password) {
    throw new OisyncError('OKTA_CURSOR_INVALID', `the stored System Log cursor is not a ${org.origin}${path} URL (was okta.orgUrl changed?)`, {
      details: { origin: url.origin, path: url.pathname },
    });
  }
  return url.toString();
}

/**
 * Reads the System Log from a cursor (the `next` link of the last page read; null = from now)
 * and turns the events into dirty ids. Pagination is driven here — a polling query always
 * has a next link, so the SDK's `for await` would never end. Reads up to LOG_MAX_PAGES pages,
 * stopping at the first page shorter than the limit (caught up). The returned cursor resumes
 * exactly after the last event read, also from a new process.
 */
export async function readChanges(ctx: SystemLogContext, cursor: string | null): Promise<ChangeBatch> {
  let url = cursor === null ? initialLogUrl(ctx.orgUrl, ctx.clock.now()) : checkCursor(ctx.orgUrl, cursor);
  const events: RawLogEvent[] = [];
  let next = url;
  for (let page = 0; page < LOG_MAX_PAGES; page++) {
    const res: Response = await oktaCall(
      'GET /api/v1/logs',
      () => ctx.client.http.http(url, { method: 'get', headers: { Accept: 'application/json' } }),
      ctx.timeoutMs,
    );
    const body: unknown = await oktaCall('GET /api/v1/logs', () => res.json() as Promise<unknown>, ctx.timeoutMs);
    if (!Array.isArray(body)) {
      throw new RejectedError('OKTA_REQUEST', 'Okta GET /api/v1/logs answered with something that is not a list of events', { request: 'GET /api/v1/logs', status: res.status });
    }
    events.push(...(body as RawLogEvent[]).filter((e) => e !== null && typeof e === 'object'));
    // A polling query always links onward; without a link, re-read this page next time (dirty ids are idempotent).
    next = nextLinkOf(res.headers.get('link')) ?? url;
    if (body.length < LOG_PAGE_LIMIT || next === url) break;
    url = checkCursor(ctx.orgUrl, next);
  }

  const changes = changesFromEvents(events, ctx.appId);
  for (const groupId of changes.assignedGroupIds) {
    try {
      for (const id of await ctx.memberIds(groupId)) changes.userIds.add(id);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err; // group deleted since: nothing to expand
    }
  }
  return {
    dirtyUserIds: [...changes.userIds],
    dirtyGroupIds: [...changes.groupIds],
    membershipGroupIds: [...changes.membershipGroupIds],
    events: changes.events,
    nextCursor: next,
  };
}

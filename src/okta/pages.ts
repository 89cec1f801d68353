import type { Collection } from '@okta/okta-sdk-nodejs';
import { OisyncError } from '../domain/errors.js';
import { classifyOktaError } from './classify-error.js';
import type { ReadTracker } from './read-tracker.js';

export interface PageSource<T, R> {
  /** The listing's name in the read report, e.g. `users` or `members of group 00g…`. */
  readonly listing: string;
  /** The request, for error messages: `GET /api/v1/apps/0oa…/users`. */
  readonly request: string;
  readonly open: () => Promise<Collection<T>>;
  /** Maps an item; `undefined` skips it, with `skipReason` noted in the report. */
  readonly map: (item: T) => R | undefined;
  readonly skipReason?: (item: T) => string;
  readonly tracker: ReadTracker;
  readonly timeoutMs?: number;
}

/**
 * Streams a listing page by page, driving the SDK Collection's `getNextPage()` itself instead
 * of `for await`: the SDK's iterator yields `null` for an empty page and, on a page that is
 * empty but still has a next link, silently asks again — which hides an interrupted listing.
 * Here an empty page with a next link stops the listing as incomplete; `null` items (which the
 * SDK can hand out) are skipped; a failure is classified, recorded in the tracker and thrown.
 */
export async function* readPages<T, R>(src: PageSource<T, R>): AsyncGenerator<readonly R[]> {
  const key = src.tracker.start(src.listing);
  try {
    const collection = await src.open();
    while (collection.nextUri) {
      const raw = (await collection.getNextPage()) as unknown as readonly (T | null | undefined)[];
      const items = (Array.isArray(raw) ? raw : []).filter((x): x is T => x !== null && x !== undefined);
      if (items.length === 0 && collection.nextUri) {
        throw new OisyncError('OKTA_INCOMPLETE_READ', `Okta ${src.request}: an empty page still had a next link; the listing stopped there`, {
          details: { request: src.request },
        });
      }
      const page: R[] = [];
      for (const item of items) {
        const r = src.map(item);
        if (r === undefined) src.tracker.note(key, src.skipReason?.(item) ?? 'an item could not be read');
        else page.push(r);
      }
      if (page.length > 0) yield page;
    }
    src.tracker.done(key);
  } catch (err) {
    const classified = classifyOktaError(err, src.request, src.timeoutMs);
    src.tracker.fail(key, classified instanceof Error ? classified.message : String(classified));
    throw classified;
  } finally {
    if (src.tracker.state(key) === 'reading') src.tracker.fail(key, 'the caller stopped reading before the last page');
  }
}

/** All items of a listing (for small ones: policies, members of one group); throws if incomplete. */
export async function readAll<T, R>(src: PageSource<T, R>): Promise<R[]> {
  const out: R[] = [];
  for await (const page of readPages(src)) out.push(...page);
  return out;
}

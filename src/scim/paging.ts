import { RejectedError } from '../domain/errors.js';
import type { ListPage } from './responses.js';

/** IDaaS returns at most 100 per page (and so do we ask). */
export const PAGE_SIZE = 100;
/** 10 million resources; past this a server is looping, not listing. */
const MAX_PAGES = 100_000;

export interface PagingOptions {
  /** e.g. `GET /Users`, for messages. */
  readonly request: string;
  readonly pageSize?: number;
  readonly onShortList?: (detail: string) => void;
}

/**
 * Walks a listing with `startIndex` (1-based) and `count`, streaming page by page.
 *
 * Stops on an empty page (even if `totalResults` promised more), or when `totalResults` is
 * reached on a page shorter than asked; a full page at `totalResults` costs one more request,
 * which catches servers that under-report. A server that ignores `startIndex` and repeats a
 * page is an error, not an endless loop.
 */
export async function* paginate<T extends { id: string }>(
  fetchPage: (startIndex: number, count: number) => Promise<ListPage<T>>,
  opts: PagingOptions,
): AsyncGenerator<T[]> {
  const size = opts.pageSize ?? PAGE_SIZE;
  let startIndex = 1;
  let seen = 0;
  let previous: ReadonlySet<string> | undefined;
  for (let pages = 1; ; pages++) {
    if (pages > MAX_PAGES) throw repeatError(opts.request, `more than ${MAX_PAGES} pages`);
    const page = await fetchPage(startIndex, size);
    if (page.items.length === 0) {
      if (page.total !== undefined && seen < page.total) opts.onShortList?.(`${opts.request}: totalResults was ${page.total} but the listing ended after ${seen}`);
      return;
    }
    const ids = page.items.map((i) => i.id);
    if (previous && ids.every((id) => previous?.has(id))) {
      throw repeatError(opts.request, `the page at startIndex=${startIndex} repeats the previous one (the server seems to ignore startIndex)`);
    }
    yield page.items;
    seen += page.items.length;
    startIndex += page.items.length;
    if (page.total !== undefined && seen >= page.total && page.items.length < size) return;
    previous = new Set(ids);
  }
}

function repeatError(request: string, why: string): RejectedError {
  return new RejectedError('SCIM_BAD_RESPONSE', `IDaaS listing ${request} does not end: ${why}`, { request });
}

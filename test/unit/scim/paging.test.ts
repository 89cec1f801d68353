/**
 * Paging through listings: what real servers send besides the textbook ListResponse.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_LIST_RESPONSE } from '../../../src/domain/scim.js';
import { NOCK_ORIGIN, NOCK_PATH, pages, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const users = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${from + i}`, userName: `user${from + i}@x.io` }));

/** Answers GET /Users?startIndex=s&count=c from a function of s. */
function serve(page: (startIndex: number, count: number) => unknown, times = 100) {
  return nock(NOCK_ORIGIN)
    .get(`${NOCK_PATH}/Users`)
    .query(true)
    .times(times)
    .reply(function (uri) {
      const q = new URL(uri, NOCK_ORIGIN).searchParams;
      return [200, page(Number(q.get('startIndex')), Number(q.get('count')))];
    });
}

const list = (total: unknown, resources: unknown[], key = 'Resources', extra: Record<string, unknown> = {}) => ({
  schemas: [SCHEMA_LIST_RESPONSE],
  totalResults: total,
  itemsPerPage: resources.length,
  [key]: resources,
  ...extra,
});

describe('listUsers paging', () => {
  it('asks for 100 per page starting at 1 and streams pages until totalResults', async () => {
    const asked: string[] = [];
    serve((s, c) => {
      asked.push(`${s}/${c}`);
      return list(250, users(s, Math.min(100, 250 - s + 1)));
    });
    const got = await pages(testClient().listUsers());
    expect(got.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(asked).toEqual(['1/100', '101/100', '201/100']);
    expect(got.flat().map((u) => u.id)).toEqual(users(1, 250).map((u) => u.id));
  });

  it('tolerates short pages (a server that caps below 100) and advances by what it got', async () => {
    const asked: number[] = [];
    serve((s) => {
      asked.push(s);
      return list(120, users(s, Math.min(30, 120 - s + 1)));
    });
    const got = await pages(testClient().listUsers());
    expect(got.flat()).toHaveLength(120);
    expect(asked).toEqual([1, 31, 61, 91]);
  });

  it('reads lower-case "resources" and numeric strings', async () => {
    serve((s) => list(String(150), users(s, s === 1 ? 100 : 50), 'resources', { startIndex: String(s), itemsPerPage: String(s === 1 ? 100 : 50) }));
    expect((await pages(testClient().listUsers())).flat()).toHaveLength(150);
  });

  it('stops on an empty page even when totalResults says more are left (and warns)', async () => {
    const client = testClient();
    serve((s) => list(500, s <= 200 ? users(s, 100) : []));
    const got = await pages(client.listUsers());
    expect(got.flat()).toHaveLength(200);
    expect(client.logs()).toMatch(/totalResults was 500 but the listing ended after 200/);
  });

  it('keeps reading full pages past a totalResults that under-reports, until an empty page', async () => {
    serve((s) => list(100, s <= 300 ? users(s, 100) : []));
    expect((await pages(testClient().listUsers())).flat()).toHaveLength(300);
  });

  it('costs exactly one extra request when the total is a multiple of 100', async () => {
    let calls = 0;
    serve((s) => {
      calls += 1;
      return list(200, s <= 200 ? users(s, 100) : []);
    });
    expect((await pages(testClient().listUsers())).flat()).toHaveLength(200);
    expect(calls).toBe(3);
  });

  it('without totalResults it reads until an empty page', async () => {
    serve((s) => ({ Resources: s <= 150 ? users(s, s === 1 ? 100 : 50) : [] }));
    expect((await pages(testClient().listUsers())).flat()).toHaveLength(150);
  });

  it('an empty directory is one request and no pages', async () => {
    const scope = serve(() => list(0, []), 1);
    expect(await pages(testClient().listUsers())).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('a server that ignores startIndex (repeats the page) is an error, not an endless loop', async () => {
    serve(() => list(1000, users(1, 100)));
    const err = await rejection(pages(testClient().listUsers()));
    expect(err.code).toBe('SCIM_BAD_RESPONSE');
    expect(err.message).toMatch(/repeats the previous one/);
  });

  it('a ListResponse without Resources although totalResults > 0 is SCIM_BAD_RESPONSE', async () => {
    serve(() => ({ schemas: [SCHEMA_LIST_RESPONSE], totalResults: 3 }));
    const err = await rejection(pages(testClient().listUsers()));
    expect(err.code).toBe('SCIM_BAD_RESPONSE');
    expect(err.message).toMatch(/without "Resources"/);
  });

  it('a page entry without id is SCIM_BAD_RESPONSE naming the request', async () => {
    serve(() => list(1, [{ userName: 'x@y.z' }]));
    const err = await rejection(pages(testClient().listUsers()));
    expect(err.code).toBe('SCIM_BAD_RESPONSE');
    expect(err.message).toContain('GET /Users');
  });

  it('listGroups reads /Groups the same way', async () => {
    nock(NOCK_ORIGIN)
      .get(`${NOCK_PATH}/Groups`)
      .query({ startIndex: '1', count: '100' })
      .reply(200, list(2, [{ id: 'g1', displayName: 'A' }, { id: 'g2', displayName: 'B' }]));
    expect((await pages(testClient().listGroups())).flat().map((g) => g.id)).toEqual(['g1', 'g2']);
  });
});

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { checkCursor, LOG_PAGE_LIMIT, nextLinkOf } from '../../../src/okta/system-log.js';
import { oktaConfig, reader } from '../../helpers/okta.js';
import { JSON_HEADERS, ORG, useNock } from './nock-setup.js';

useNock();

const events = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ uuid: `e${from + i}`, eventType: 'user.lifecycle.suspend', target: [{ id: `00u${from + i}`, type: 'User' }] }));

describe('System Log cursor', () => {
  it('follows only System Log URLs of the configured org', () => {
    expect(checkCursor(ORG, `${ORG}/api/v1/logs?after=1_2&limit=1000`)).toBe(`${ORG}/api/v1/logs?after=1_2&limit=1000`);
    for (const bad of ['https://evil.example/api/v1/logs?after=1', `${ORG}/api/v1/users`, `${ORG.replace('https', 'http')}/api/v1/logs`, 'not a url', `https://u:p@acme.okta.example/api/v1/logs`]) {
      expect(() => checkCursor(ORG, bad), bad).toThrow(expect.objectContaining({ code: 'OKTA_CURSOR_INVALID' }));
    }
  });

  it('parses next links from one header or several', () => {
    expect(nextLinkOf(`<${ORG}/a>; rel="self", <${ORG}/b?x=1,2>; rel="next"`)).toBe(`${ORG}/b?x=1,2`);
    expect(nextLinkOf(`<${ORG}/a>; rel="self"`)).toBeUndefined();
    expect(nextLinkOf(null)).toBeUndefined();
  });

  it('reads full pages until a short one and returns the last next link', async () => {
    const link = (after: string) => ({ ...JSON_HEADERS, link: `<${ORG}/api/v1/logs?after=${after}>; rel="self", <${ORG}/api/v1/logs?after=${after}x>; rel="next"` });
    nock(ORG)
      .get('/api/v1/logs')
      .query({ after: 'c0' })
      .reply(200, events(0, LOG_PAGE_LIMIT), link('c1'))
      .get('/api/v1/logs')
      .query({ after: 'c1x' })
      .reply(200, events(LOG_PAGE_LIMIT, 3), link('c2'));
    const batch = await reader(oktaConfig()).readChanges(`${ORG}/api/v1/logs?after=c0`);
    expect(batch.events).toBe(LOG_PAGE_LIMIT + 3);
    expect(batch.dirtyUserIds).toHaveLength(LOG_PAGE_LIMIT + 3);
    expect(batch.nextCursor).toBe(`${ORG}/api/v1/logs?after=c2x`);
  });

  it('keeps the cursor when a page comes without a next link (re-reading is harmless)', async () => {
    nock(ORG).get('/api/v1/logs').query({ after: 'c0' }).reply(200, events(0, 1), JSON_HEADERS);
    const batch = await reader(oktaConfig()).readChanges(`${ORG}/api/v1/logs?after=c0`);
    expect(batch.nextCursor).toBe(`${ORG}/api/v1/logs?after=c0`);
  });

  it('refuses a foreign cursor without sending anything (disableNetConnect would throw otherwise)', async () => {
    await expect(reader(oktaConfig()).readChanges('https://evil.example/api/v1/logs')).rejects.toMatchObject({ code: 'OKTA_CURSOR_INVALID' });
  });
});

import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_PATCH_OP } from '../../../src/domain/scim.js';
import { membershipBatches } from '../../../src/scim/membership.js';
import { NOCK_ORIGIN, NOCK_PATH, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const adds = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ value: `u${from + i}`, display: `User ${from + i}` }));
const changesIn = (ops: { op: string; value?: unknown }[]) =>
  ops.reduce((n, o) => n + (o.op === 'add' ? (o.value as unknown[]).length : 1), 0);

describe('membershipBatches', () => {
  it('removes by filter path, one op each; adds in one op with a value list', () => {
    const [batch] = membershipBatches({ add: adds(2), remove: ['r1', 'r2'] }, 100);
    expect(batch).toEqual([
      { op: 'remove', path: 'members[value eq "r1"]' },
      { op: 'remove', path: 'members[value eq "r2"]' },
      { op: 'add', path: 'members', value: [{ value: 'u0', display: 'User 0' }, { value: 'u1', display: 'User 1' }] },
    ]);
  });

  it('splits into batches of at most batchSize changes, removes first', () => {
    const batches = membershipBatches({ add: adds(230), remove: ['r1', 'r2', 'r3'] }, 100);
    expect(batches.map(changesIn)).toEqual([100, 100, 33]);
    expect(batches[0]!.slice(0, 3).every((o) => o.op === 'remove')).toBe(true);
    const allAdded = batches.flatMap((b) => b.filter((o) => o.op === 'add').flatMap((o) => (o.value as { value: string }[]).map((m) => m.value)));
    expect(allAdded).toEqual(adds(230).map((m) => m.value));
  });

  it('never emits a path-less remove on members (which would remove everyone)', () => {
    const batches = membershipBatches({ add: adds(5), remove: Array.from({ length: 250 }, (_, i) => `r${i}`) }, 7);
    for (const op of batches.flat()) if (op.op === 'remove') expect(op.path).toMatch(/^members\[value eq ".+"\]$/);
  });

  it('escapes ids in the filter path', () => {
    expect(membershipBatches({ add: [], remove: ['we"ird\\id'] }, 10)[0]).toEqual([{ op: 'remove', path: 'members[value eq "we\\"ird\\\\id"]' }]);
  });

  it('de-duplicates, omits display when unknown, and makes nothing of an empty delta', () => {
    expect(membershipBatches({ add: [{ value: 'a' }, { value: 'a' }], remove: ['b', 'b'] }, 10)).toEqual([
      [{ op: 'remove', path: 'members[value eq "b"]' }, { op: 'add', path: 'members', value: [{ value: 'a' }] }],
    ]);
    expect(membershipBatches({ add: [], remove: [] }, 10)).toEqual([]);
  });

  it('refuses an empty id rather than build members[value eq ""]', () => {
    expect(() => membershipBatches({ add: [], remove: [''] }, 10)).toThrow(/empty/);
    expect(() => membershipBatches({ add: [{ value: ' ' }], remove: [] }, 10)).toThrow(/empty/);
  });
});

describe('updateGroupMembers', () => {
  it('sends one PATCH per batch of idaas.membershipBatchSize, in order', async () => {
    const bodies: { schemas: string[]; Operations: { op: string; value?: unknown }[] }[] = [];
    nock(NOCK_ORIGIN)
      .patch(`${NOCK_PATH}/Groups/g1`, (b: (typeof bodies)[number]) => (bodies.push(b), true))
      .times(3)
      .reply(204);
    await testClient({ membershipBatchSize: 50 }).updateGroupMembers('g1', { add: adds(120), remove: ['x'] });
    expect(bodies.map((b) => changesIn(b.Operations))).toEqual([50, 50, 21]);
    expect(bodies.every((b) => b.schemas[0] === SCHEMA_PATCH_OP)).toBe(true);
    expect(nock.isDone()).toBe(true);
  });

  it('stops at the first failed batch and reports it', async () => {
    nock(NOCK_ORIGIN).patch(`${NOCK_PATH}/Groups/g1`).reply(200, { id: 'g1', displayName: 'G' });
    nock(NOCK_ORIGIN).patch(`${NOCK_PATH}/Groups/g1`).reply(400, { status: '400', detail: 'member "u150" is not an existing user id', scimType: 'invalidValue' });
    const err = await rejection(testClient({ membershipBatchSize: 100 }).updateGroupMembers('g1', { add: adds(300), remove: [] }));
    expect(err.code).toBe('SCIM_REJECTED');
    expect(err.message).toMatch(/u150/);
  });

  it('an empty delta sends nothing', async () => {
    const scope = nock(NOCK_ORIGIN).patch(`${NOCK_PATH}/Groups/g1`).reply(204);
    await testClient().updateGroupMembers('g1', { add: [], remove: [] });
    expect(scope.isDone()).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { brakeVerdict } from '../../../src/domain/brake.js';
import { decideUser, type Switches } from '../../../src/domain/decide.js';
import type { UserLink } from '../../../src/domain/links.js';
import { meetsPolicy, randomPassword } from '../../../src/domain/password.js';
import { attributeChanges, patchOperations } from '../../../src/domain/patch-diff.js';
import { newRunId } from '../../../src/domain/runs.js';
import { runIdForJob } from '../../../src/engine/writer-run.js';

const on: Switches = { createUsers: true, updateUserAttributes: true, deactivateUsers: true };
const link = (over: Partial<UserLink> = {}): UserLink => ({
  oktaId: '00u1',
  scimId: 's1',
  hash: 'h-old',
  mappingHash: 'm1',
  origin: 'created',
  userName: 'a@x',
  body: { userName: 'a@x', active: true },
  linkedAt: '',
  writtenAt: '',
  ...over,
});

describe('decideUser', () => {
  const base = { hash: 'h-new', mappingHash: 'm1', active: true, candidates: [], switches: on };
  it.each([
    ['same hash → unchanged', { link: link({ hash: 'h-new' }) }, { action: 'unchanged' }],
    ['Okta change → update', { link: link() }, { action: 'update', reason: 'Okta changed', destructive: false }],
    ['mapping change is named', { link: link({ mappingHash: 'm0' }) }, { action: 'update', reason: 'mapping changed', destructive: false }],
    ['deactivation is destructive', { link: link(), active: false }, { action: 'update', reason: 'deactivated in Okta', destructive: true }],
    ['already inactive is not destructive', { link: link({ body: { active: false } }), active: false }, { action: 'update', destructive: false }],
    ['no link, no candidate → create', { link: undefined }, { action: 'create' }],
    ['one candidate → adopt', { link: undefined, candidates: [{ id: 'x', userName: 'A@x' }] }, { action: 'adopt', scimId: 'x' }],
    ['same candidate twice is one', { link: undefined, candidates: [{ id: 'x', userName: 'a' }, { id: 'x', userName: 'a' }] }, { action: 'adopt' }],
    ['two candidates → disputed', { link: undefined, candidates: [{ id: 'x', userName: 'a' }, { id: 'y', userName: 'A' }] }, { action: 'disputed' }],
    ['create disabled → skip', { link: undefined, switches: { ...on, createUsers: false } }, { action: 'skip' }],
    ['update disabled → skip', { link: link(), switches: { ...on, updateUserAttributes: false } }, { action: 'skip' }],
    ['update disabled still deactivates', { link: link(), active: false, switches: { ...on, updateUserAttributes: false } }, { action: 'update', destructive: true }],
    ['deactivate disabled → skip', { link: link(), active: false, switches: { ...on, deactivateUsers: false } }, { action: 'skip' }],
  ])('%s', (_name, over, expected) => {
    expect(decideUser({ ...base, ...over })).toMatchObject(expected);
  });
});

describe('safety brake', () => {
  it.each([
    [0, 0, false],
    [50, 0, false],
    [51, 0, true],
    [10, 100, false],
    [11, 100, true],
    [5, 10_000, false],
  ])('%i destructive of %i linked → hold=%s', (destructive, linked, hold) => {
    expect(brakeVerdict(destructive, linked, { count: 50, percent: 10 }).hold).toBe(hold);
  });
  it('says why it holds', () => {
    expect(brakeVerdict(11, 100, { count: 50, percent: 10 }).reason).toContain('11.0% of 100');
  });
});

describe('patch diff', () => {
  const old = {
    schemas: ['x'],
    userName: 'a@x',
    name: { givenName: 'Zoe', familyName: 'M' },
    emails: [{ value: 'a@x', type: 'work', primary: true }],
    'urn:ietf:params:scim:schemas:extension:customfield:2.0:User': { user_address: '1 Main St' },
    title: 'Eng',
  };
  const next = {
    schemas: ['x'],
    userName: 'a@x',
    name: { givenName: 'Zoë', familyName: 'M' },
    emails: [{ value: 'b@x', type: 'work', primary: true }],
    'urn:ietf:params:scim:schemas:extension:customfield:2.0:User': { user_address: '2 Main St' },
    active: false,
  };
  it('lists attribute changes old → new, per sub-attribute and extension field', () => {
    expect(attributeChanges(old, next)).toEqual([
      { path: 'active', old: null, new: false },
      { path: 'emails', old: old.emails, new: next.emails },
      { path: 'name.givenName', old: 'Zoe', new: 'Zoë' },
      { path: 'title', old: 'Eng', new: null },
      { path: 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User:user_address', old: '1 Main St', new: '2 Main St' },
    ]);
  });
  it('turns them into strict PATCH operations', () => {
    const ops = patchOperations(old, next);
    expect(ops).toContainEqual({ op: 'replace', path: 'active', value: false });
    expect(ops).toContainEqual({ op: 'remove', path: 'title' });
    expect(ops).toContainEqual({ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User:user_address', value: '2 Main St' });
    expect(patchOperations(next, next)).toEqual([]);
  });
});

describe('random password', () => {
  it('always meets the policy it was made for', () => {
    const policies = [
      { minLength: 8, lowercase: 1, uppercase: 1, digits: 1, special: 1 },
      { minLength: 24, lowercase: 3, uppercase: 3, digits: 3, special: 3 },
      { minLength: 6, lowercase: 0, uppercase: 0, digits: 0, special: 0 },
    ];
    for (const p of policies) for (let i = 0; i < 200; i++) expect(meetsPolicy(randomPassword(p), p)).toBe(true);
    expect(randomPassword(policies[0]!)).not.toBe(randomPassword(policies[0]!));
  });
});

describe('run ids', () => {
  it('sort by time and are valid BullMQ job id parts', () => {
    const id = newRunId(new Date('2026-11-28T18:15:00.123Z'), 'ab12');
    expect(id).toBe('r20261128T181500Z-ab12');
    expect(id).not.toContain(':');
  });
  it('a scheduled run keeps the same id when its job is retried', () => {
    const a = runIdForJob(undefined, 'repeat:full-sync:1764353700000', new Date());
    expect(a).toBe(runIdForJob(undefined, 'repeat:full-sync:1764353700000', new Date(0)));
    expect(runIdForJob('rX', 'whatever', new Date())).toBe('rX');
  });
});

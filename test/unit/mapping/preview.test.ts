import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyHash } from '../../../src/domain/canonical-json.js';
import type { SourceDirectory, UserLookup } from '../../../src/domain/ports.js';
import type { SourceUser } from '../../../src/domain/records.js';
import { formatPreview, previewUser } from '../../../src/mapping/preview.js';
import { CUSTOM_NS, compile } from '../../helpers/mapping.js';

const mapping = compile(readFileSync('config/mapping.yaml', 'utf8'));

const alice: SourceUser = {
  id: '00u1alice',
  status: 'ACTIVE',
  created: '2024-01-01T00:00:00.000Z',
  profile: { login: 'alice@acme.com', email: 'alice@acme.com', firstName: 'Alice', lastName: 'Smith', postalAddress: '1 Main St' },
  appProfile: { user_address: 'from the app profile' },
  assignment: { scope: 'USER', status: 'ACTIVE' },
};

/**
 * The part of the Okta reader that preview uses: a user looked up by id or login. The real
 * reader (src/okta, built in parallel) implements the whole port; everything else here is
 * unused by preview and says so if called.
 */
function source(lookup: (idOrLogin: string) => UserLookup): SourceDirectory {
  const unused = (): never => {
    throw new Error('not used by preview');
  };
  return {
    getUser: (idOrLogin) => Promise.resolve(lookup(idOrLogin)),
    readScope: unused,
    getGroup: unused,
    listGroupMemberIds: unused,
    readChanges: unused,
    passwordPolicies: unused,
    appUserSchema: unused,
  };
}

describe('previewUser (the core of `mapping preview --user LOGIN`)', () => {
  it('looks the user up by login and shows the body the sync would send', async () => {
    const asked: string[] = [];
    const dir = source((q) => {
      asked.push(q);
      return q === 'alice@acme.com' ? { kind: 'in-scope', user: alice } : { kind: 'not-found', id: q };
    });
    const r = await previewUser(dir, mapping, 'alice@acme.com');
    expect(asked).toEqual(['alice@acme.com']);
    if (r.kind !== 'preview') throw new Error(r.kind);
    expect(r.report).toMatchObject({
      ok: true,
      kind: 'user',
      who: 'user alice@acme.com (00u1alice)',
      mappingHash: mapping.hash,
      body: { userName: 'alice@acme.com', externalId: '00u1alice', displayName: 'Alice Smith', [CUSTOM_NS]: { user_address: '1 Main St' } },
    });
    expect(r.report.bodyHash).toBe(bodyHash(r.report.body));
    expect(formatPreview(r.report)).toContain('SCIM User body for user alice@acme.com (00u1alice)');
  });

  it('says so when the user exists but is not assigned to the app', async () => {
    const r = await previewUser(source(() => ({ kind: 'not-assigned', id: '00u2', login: 'bob@acme.com', status: 'ACTIVE' })), mapping, 'bob@acme.com');
    expect(r).toEqual({ kind: 'not-assigned', id: '00u2', login: 'bob@acme.com', status: 'ACTIVE' });
  });

  it('says so when there is no such user', async () => {
    const r = await previewUser(source((q) => ({ kind: 'not-found', id: q })), mapping, 'nobody@acme.com');
    expect(r).toEqual({ kind: 'not-found', id: 'nobody@acme.com' });
  });
});

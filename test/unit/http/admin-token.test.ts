import { describe, expect, it } from 'vitest';
import { resolveAdminToken } from '../../../src/cli/operator-server.js';
import { OisyncError } from '../../../src/domain/errors.js';
import { Secret } from '../../../src/domain/secret.js';

describe('resolveAdminToken', () => {
  const server = (host: string, adminToken?: Secret) => ({ host, port: 0, trustProxy: false, ...(adminToken ? { adminToken } : {}) });

  it('uses the configured token', () => {
    const token = new Secret('configured-admin-token-123');
    expect(resolveAdminToken(server('0.0.0.0', token))).toEqual({ token, generated: false });
  });

  it('makes a long random one on loopback when none is configured', () => {
    const a = resolveAdminToken(server('127.0.0.1'));
    const b = resolveAdminToken(server('::1'));
    expect(a.generated).toBe(true);
    expect(a.token.reveal()).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.token.reveal()).not.toBe(b.token.reveal());
  });

  it('refuses a non-loopback host without a token', () => {
    for (const host of ['0.0.0.0', '10.0.0.5', 'oisync.internal', '::']) {
      expect(() => resolveAdminToken(server(host)), host).toThrow(OisyncError);
      try {
        resolveAdminToken(server(host));
      } catch (err) {
        expect((err as OisyncError).code).toBe('SERVER_TOKEN_REQUIRED');
      }
    }
  });
});

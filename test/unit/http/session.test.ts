import { describe, expect, it } from 'vitest';
import { SessionSigner, SESSION_TTL_MS } from '../../../src/http/auth/session.js';
import { LoginThrottle } from '../../../src/http/auth/throttle.js';
import { safeNext } from '../../../src/http/auth/login-routes.js';
import { bearerToken } from '../../../src/http/auth/guard.js';
import { Secret } from '../../../src/domain/secret.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

describe('SessionSigner', () => {
  const signer = new SessionSigner(new Secret('the-admin-token-0123456789'));

  it('issues cookies it accepts until they are 12 hours old', () => {
    const cookie = signer.issue(T0);
    expect(signer.verify(cookie, T0)).toMatchObject({ issuedAt: Math.floor(T0 / 1000) * 1000 });
    expect(signer.verify(cookie, T0 + SESSION_TTL_MS - 1000)).toBeDefined();
    expect(signer.verify(cookie, T0 + SESSION_TTL_MS + 1000)).toBeUndefined();
  });

  it('refuses altered, truncated, future-dated and foreign cookies', () => {
    const cookie = signer.issue(T0);
    const [v, iat, nonce, mac] = cookie.split('.') as [string, string, string, string];
    expect(signer.verify(`${v}.${Number(iat) + 1}.${nonce}.${mac}`, T0)).toBeUndefined();
    expect(signer.verify(`${v}.${iat}.${nonce}x.${mac}`, T0)).toBeUndefined();
    expect(signer.verify(`${v}.${iat}.${nonce}`, T0)).toBeUndefined();
    expect(signer.verify(undefined, T0)).toBeUndefined();
    expect(signer.verify(signer.issue(T0 + 3600_000), T0)).toBeUndefined();
    const other = new SessionSigner(new Secret('another-admin-token-9876543210'));
    expect(other.verify(cookie, T0)).toBeUndefined();
  });

  it('never puts the token in the cookie, and gives each session its own CSRF token', () => {
    const a = signer.verify(signer.issue(T0), T0);
    const b = signer.verify(signer.issue(T0), T0);
    if (!a || !b) throw new Error('sessions expected');
    expect(signer.issue(T0)).not.toContain('the-admin-token');
    expect(signer.csrfToken(a)).not.toBe(signer.csrfToken(b));
    expect(signer.checkCsrf(a, signer.csrfToken(a))).toBe(true);
    expect(signer.checkCsrf(a, signer.csrfToken(b))).toBe(false);
    expect(signer.checkCsrf(a, undefined)).toBe(false);
    expect(signer.checkCsrf(a, ['x'])).toBe(false);
  });
});

describe('LoginThrottle', () => {
  it('blocks an address after the limit within the window, and forgets after it', () => {
    const t = new LoginThrottle(3, 60_000);
    for (let i = 0; i < 3; i++) t.fail('a', T0 + i);
    expect(t.blocked('a', T0 + 10)).toBe(true);
    expect(t.blocked('b', T0 + 10)).toBe(false);
    expect(t.blocked('a', T0 + 60_010)).toBe(false);
  });

  it('a correct login clears the address; memory stays bounded', () => {
    const t = new LoginThrottle(2, 60_000, 5);
    t.fail('a', T0);
    t.succeed('a');
    t.fail('a', T0);
    expect(t.blocked('a', T0)).toBe(false);
    for (let i = 0; i < 50; i++) t.fail(`ip${i}`, T0);
    expect((t as unknown as { failures: Map<string, unknown> }).failures.size).toBeLessThanOrEqual(5);
  });
});

describe('redirect after login', () => {
  it('only goes to a path on this site', () => {
    expect(safeNext('/?run=r1#failures')).toBe('/?run=r1#failures');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', undefined, 42]) expect(safeNext(bad)).toBe('/');
  });
});

describe('Bearer header', () => {
  it('reads the token of `Bearer <token>` only', () => {
    expect(bearerToken('Bearer abc.DEF-123')).toBe('abc.DEF-123');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../domain/secret.js';

export const SESSION_COOKIE = 'oisync_session';
export const SESSION_TTL_MS = 12 * 3600_000;

export interface Session {
  /** Random per login; the CSRF token is derived from it. */
  readonly nonce: string;
  readonly issuedAt: number;
}

/**
 * Stateless sessions: the cookie is `v1.<issued-at>.<nonce>.<mac>`, MACed with a key derived
 * from the admin token. Nothing is stored server-side, so every daemon sharing the token
 * accepts the cookie and a restart logs nobody out; changing the token ends every session. The
 * cookie never contains the token. The CSRF token is a second MAC over the session's nonce (a
 * per-session synchronizer token that needs no storage either).
 */
export class SessionSigner {
  private readonly key: Buffer;

  constructor(adminToken: Secret) {
    this.key = createHmac('sha256', adminToken.reveal()).update('oisync session key v1').digest();
  }

  issue(now: number): string {
    const payload = `v1.${Math.floor(now / 1000)}.${randomBytes(18).toString('base64url')}`;
    return `${payload}.${this.mac(payload)}`;
  }

  verify(cookie: string | undefined, now: number): Session | undefined {
    if (!cookie) return undefined;
    const parts = cookie.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1') return undefined;
    const [, iat, nonce, mac] = parts as [string, string, string, string];
    if (!sameText(mac, this.mac(`v1.${iat}.${nonce}`))) return undefined;
    const issuedAt = Number(iat) * 1000;
    // A little leeway for clocks of other daemons sharing the token.
    if (!Number.isFinite(issuedAt) || issuedAt > now + 60_000 || now - issuedAt > SESSION_TTL_MS) return undefined;
    return { nonce, issuedAt };
  }

  csrfToken(session: Session): string {
    return this.mac(`csrf.${session.nonce}`);
  }

  checkCsrf(session: Session, presented: unknown): boolean {
    return typeof presented === 'string' && sameText(presented, this.csrfToken(session));
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OisyncError } from '../../domain/errors.js';
import type { Secret } from '../../domain/secret.js';
import { errorBody } from '../errors.js';
import { SESSION_COOKIE, type Session, type SessionSigner } from './session.js';

/** How a request proved it holds the admin token. */
export type Operator = { readonly via: 'bearer' } | { readonly via: 'session'; readonly session: Session };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the guard on every authenticated request. */
    operator: Operator | undefined;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export function authenticate(req: FastifyRequest, token: Secret, signer: SessionSigner, now: number): Operator | undefined {
  const presented = bearerToken(req.headers.authorization);
  if (presented !== undefined) return token.equals(presented) ? { via: 'bearer' } : undefined;
  const session = signer.verify(req.cookies[SESSION_COOKIE], now);
  return session ? { via: 'session', session } : undefined;
}

/** Pages a browser navigates to get the login form; everything else gets a 401 it can act on. */
function wantsPage(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0] ?? '';
  return req.method === 'GET' && String(req.headers.accept ?? '').includes('text/html') && !path.startsWith('/api/') && path !== '/metrics';
}

/** onRequest hook of the protected scope: who is asking, or a 401 / a redirect to the login form. */
export function requireOperator(token: Secret, signer: SessionSigner, now: () => number) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const operator = authenticate(req, token, signer, now());
    if (operator) {
      req.operator = operator;
      return;
    }
    if (wantsPage(req)) {
      await reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return;
    }
    await reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="oisync"')
      .send(errorBody('AUTH_REQUIRED', 'log in at /login, or send Authorization: Bearer <server.adminToken>'));
  };
}

/**
 * A request from a page of another site must not be able to act with the operator's cookie:
 * the `Origin` (or `Sec-Fetch-Site`) must be this site.
 */
export function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const from = new URL(origin);
    // Parsed the same way, so a default port written out on one side still compares equal.
    return from.host === new URL(`${from.protocol}//${req.headers.host ?? ''}`).host;
  } catch {
    return false; // "null" and garbage
  }
}

/**
 * preHandler hook of the protected scope (after the body is parsed): a state-changing request
 * that authenticated with the session cookie must carry the session's CSRF token — form field
 * `_csrf` or header `X-CSRF-Token` — and come from this site. Bearer requests need neither:
 * browsers never attach an Authorization header on their own.
 */
export function requireCsrf(signer: SessionSigner) {
  return async (req: FastifyRequest): Promise<void> => {
    if (!UNSAFE.has(req.method) || req.operator?.via !== 'session') return;
    const body = req.body as Record<string, unknown> | undefined;
    const presented = req.headers['x-csrf-token'] ?? (body && typeof body === 'object' ? body['_csrf'] : undefined);
    if (!sameOrigin(req) || !signer.checkCsrf(req.operator.session, presented)) {
      throw new OisyncError('CSRF_REJECTED', 'missing or wrong CSRF token, or a request from another site; reload the page and try again');
    }
    return Promise.resolve();
  };
}

import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Redactor } from '../log/redact.js';
import { STYLESHEET_HASH } from './assets/stylesheet.js';

/**
 * Security headers on every response (helmet), a CSP that allows our one script file and our
 * one inline stylesheet by hash, `Cache-Control: no-store` for everything but static assets,
 * and a last-line redaction of every text response: any configured secret (tokens, key) or
 * credential-shaped string is masked before it leaves the process. Nothing should ever put one
 * there; this makes sure.
 */
export async function registerSecurity(app: FastifyInstance, redactor: Redactor): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: [STYLESHEET_HASH],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Behind a TLS proxy this applies to this host only; over plain http browsers ignore it.
    hsts: { maxAge: 15_552_000, includeSubDomains: false },
    // Not no-referrer: with it Chrome sends `Origin: null` on same-site form posts, and the
    // CSRF guard needs the real origin.
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (typeof payload === 'string') return redactor.text(payload);
    if (Buffer.isBuffer(payload)) {
      const text = payload.toString('utf8');
      const clean = redactor.text(text);
      return clean === text ? payload : Buffer.from(clean);
    }
    return payload;
  });
}

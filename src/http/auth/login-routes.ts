import type { FastifyInstance } from 'fastify';
import { OisyncError } from '../../domain/errors.js';
import type { ServerContext } from '../context.js';
import { loginPage } from '../views/login-page.js';
import { sameOrigin } from './guard.js';
import { SESSION_COOKIE, SESSION_TTL_MS } from './session.js';
import { LoginThrottle } from './throttle.js';

/** Only a path on this site; anything else (another host, `//host`, a scheme) goes to `/`. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** The login form (public) and its POST: the admin token in, an HttpOnly session cookie out. */
export function loginRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const throttle = new LoginThrottle();
  const version = ctx.deps.version;

  app.get<{ Querystring: { next?: string } }>(
    '/login',
    { schema: { querystring: { type: 'object', properties: { next: { type: 'string', maxLength: 2000 } } } } },
    async (req, reply) => reply.type('text/html; charset=utf-8').send(loginPage({ version, next: safeNext(req.query.next) })),
  );

  app.post<{ Body: { token?: string; next?: string } }>(
    '/login',
    {
      schema: {
        body: { type: 'object', properties: { token: { type: 'string', maxLength: 4096 }, next: { type: 'string', maxLength: 2000 } } },
      },
    },
    async (req, reply) => {
      if (!sameOrigin(req)) throw new OisyncError('CSRF_REJECTED', 'a login from another site was refused');
      const now = ctx.now();
      const next = safeNext(req.body.next);
      const page = (status: number, error: string) => reply.code(status).type('text/html; charset=utf-8').send(loginPage({ version, next, error }));
      if (throttle.blocked(req.ip, now)) {
        return page(429, 'Too many wrong tokens from this address; wait a minute (LOGIN_THROTTLED).');
      }
      if (!ctx.deps.adminToken.equals(req.body.token ?? '')) {
        throttle.fail(req.ip, now);
        ctx.deps.logger.warn({ client: req.ip }, 'status page login with a wrong admin token');
        return page(401, 'That is not the admin token.');
      }
      throttle.succeed(req.ip);
      return reply
        .setCookie(SESSION_COOKIE, ctx.signer.issue(now), {
          httpOnly: true,
          sameSite: 'strict',
          secure: req.protocol === 'https',
          path: '/',
          maxAge: SESSION_TTL_MS / 1000,
        })
        .redirect(next, 303);
    },
  );
}

/** POST /logout (behind the guard and CSRF): the cookie goes, the session with it. */
export function logoutRoute(app: FastifyInstance): void {
  app.post('/logout', { schema: { body: { type: ['object', 'null'], properties: { _csrf: { type: 'string', maxLength: 200 } } } } }, async (req, reply) =>
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' }).redirect('/login', 303),
  );
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, OisyncError, type ErrorCode } from '../domain/errors.js';
import type { Logger } from '../domain/ports.js';
import type { Redactor } from '../log/redact.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  AUTH_REQUIRED: 401,
  CSRF_REJECTED: 403,
  LOGIN_THROTTLED: 429,
  API_BAD_REQUEST: 400,
  RUN_NOT_FOUND: 404,
  FLAG_NOT_FOUND: 404,
  FAILURE_NOT_FOUND: 404,
  PLAN_NOT_FOUND: 409,
  JOB_NOT_RETRYABLE: 409,
  LOCK_HELD: 409,
  REDIS_UNAVAILABLE: 503,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** The one error shape of the JSON API. */
export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}

/** A form post from the status page (answered with a redirect back to it, not JSON). */
export function isFormPost(req: FastifyRequest): boolean {
  return req.method === 'POST' && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/**
 * Where a form post returns to. Only a fixed code goes into the URL, never a message, so a
 * crafted link cannot make the page say something we did not write.
 */
export function backToPage(reply: FastifyReply, params: { notice?: string; error?: ErrorCode; run?: string; anchor?: string }): FastifyReply {
  const q = new URLSearchParams();
  if (params.run) q.set('run', params.run);
  if (params.notice) q.set('notice', params.notice);
  if (params.error) q.set('error', params.error);
  const query = q.toString();
  return reply.redirect(`/${query ? `?${query}` : ''}${params.anchor ? `#${params.anchor}` : ''}`, 303);
}

/**
 * Errors become `{ error: { code, message } }` with a status from the code (form posts go back
 * to the page with the code). Messages pass the redactor; unexpected errors say only
 * "internal error" and are logged.
 */
export function installErrorHandler(app: FastifyInstance, logger: Logger, redactor: Redactor): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let code: ErrorCode;
    let message: string;
    if (err instanceof OisyncError) {
      code = err.code;
      message = err.message;
    } else if (err.validation || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err.code?.startsWith('FST_'))) {
      code = 'API_BAD_REQUEST';
      message = err.message;
    } else if (err.statusCode === 413 || err.statusCode === 415) {
      code = 'API_BAD_REQUEST';
      message = err.message;
    } else {
      code = 'INTERNAL';
      message = 'internal error; the daemon log has the details';
      logger.error({ err, method: req.method, url: req.routeOptions.url }, 'HTTP handler failed');
    }
    const status = err.statusCode === 413 || err.statusCode === 415 ? err.statusCode : httpStatusOf(code);
    if (isFormPost(req) && code !== 'INTERNAL') return backToPage(reply, { error: code });
    return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, redactor.text(message)));
  });
}

export { ERROR_CODES };

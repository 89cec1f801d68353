import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got } from 'got';
import { OisyncError } from '../domain/errors.js';
import type { Secret } from '../domain/secret.js';
import { classifyNetworkError } from './classify.js';
import { describeRequest, encodeQuery, type ScimHttpRequest, type ScimHttpResponse, type Transport } from './transport.js';

export interface GotTransportOptions {
  /** SCIM base URL without a trailing slash. */
  readonly baseUrl: string;
  readonly token: Secret;
  readonly timeoutMs: number;
  /** Sizes the keep-alive socket pool (one socket per concurrent job). */
  readonly concurrency: number;
  readonly userAgent: string;
  /** Refuse anything but GET (the last guard of a dry run). */
  readonly readOnly: boolean;
  readonly redact: (text: string) => string;
}

export const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
export const SCIM_ACCEPT = 'application/scim+json, application/json';

/**
 * Sends SCIM requests with got: keep-alive agents, a request timeout, no retries (BullMQ owns
 * retries, so there is one retry layer and metrics count real attempts), no redirects (a
 * bearer token must not follow one), and 4xx/5xx returned rather than thrown so they are
 * classified in one place.
 */
export function createGotTransport(opts: GotTransportOptions): Transport {
  const agentOptions = { keepAlive: true, maxSockets: opts.concurrency, maxFreeSockets: opts.concurrency, scheduling: 'lifo' as const };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const client: Got = got.extend({
    agent: agents,
    timeout: { request: opts.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    http2: false,
    headers: { 'user-agent': opts.userAgent, accept: SCIM_ACCEPT },
  });

  return {
    async send(req: ScimHttpRequest): Promise<ScimHttpResponse> {
      if (opts.readOnly && req.method !== 'GET') {
        throw new OisyncError('SCIM_DRY_RUN', `dry run: ${describeRequest(req)} reached the network transport and was refused`, {
          details: { request: describeRequest(req) },
        });
      }
      const url = `${opts.baseUrl}${req.path}${encodeQuery(req.query)}`;
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token.reveal()}` };
      let body: string | undefined;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] = SCIM_MEDIA_TYPE;
      }
      try {
        const res = await client(url, { method: req.method, headers, ...(body !== undefined ? { body } : {}) });
        return { status: res.statusCode, headers: res.headers, text: res.body };
      } catch (err) {
        throw classifyNetworkError(req, err, opts.redact);
      }
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

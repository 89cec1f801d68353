import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../../domain/scim.js';
import { badRequest, ScimHttpError } from './scim-error.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/**
 * Reads a request body up to `max` bytes. A larger body is drained and discarded (so the
 * client still gets to read our 413 instead of a reset connection), unless it is absurdly
 * large, in which case the socket is dropped.
 */
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) {
      tooLarge = true;
      if (size > max * 16) {
        req.destroy();
        break;
      }
      continue;
    }
    chunks.push(buf);
  }
  if (tooLarge) throw new ScimHttpError(413, `the request body is larger than ${max} bytes`, undefined, { connection: 'close' });
  return Buffer.concat(chunks);
}

/** Accepts `application/scim+json` and `application/json` (RFC 7644 §3.1 / §8.1), nothing else. */
export function parseJsonBody(buf: Buffer, contentType: string | undefined): unknown {
  if (!contentType || !/^application\/(scim\+)?json\s*(;|$)/i.test(contentType)) {
    throw new ScimHttpError(415, `Content-Type must be application/scim+json or application/json (got ${contentType ?? 'none'})`);
  }
  const text = buf.toString('utf8');
  if (text.trim() === '') throw badRequest('invalidSyntax', 'the request body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest('invalidSyntax', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function send(res: ServerResponse, status: number, body?: JsonObject | Record<string, unknown>, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) return;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (body === undefined || status === 204 || status === 304) {
    res.statusCode = status;
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', SCIM_CONTENT_TYPE);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

export function sendError(res: ServerResponse, err: ScimHttpError): void {
  send(res, err.status, err.body(), err.headers);
}

/** The bearer token presented, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = h === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/**
 * No answer at all: real sockets on loopback (nock's replyWithError never settles a got 14
 * request, so these cases use a server that resets connections and a port nobody listens on).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../../src/domain/errors.js';
import { FAKE_SCIM_TOKEN } from '../../helpers/config.js';
import { rejection, testClient } from '../../helpers/scim-client.js';

const servers: { close(cb: () => void): void }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('network failures become TransientError without a status', () => {
  it('connection reset mid-request', async () => {
    const port = await listen(createServer((socket) => socket.resetAndDestroy()));
    const err = (await rejection(testClient({ scimBaseUrl: `http://127.0.0.1:${port}/scim/v2` }).getUser('u1'))) as TransientError;
    expect(err).toBeInstanceOf(TransientError);
    expect(err.code).toBe('SCIM_TRANSIENT');
    expect(err.status).toBeUndefined();
    expect(err.message).toContain('GET /Users/u1');
    expect((err.cause as { code?: string }).code).toMatch(/ECONNRESET|EPIPE/);
  });

  it('connection refused', async () => {
    const port = await listen(createServer());
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const err = (await rejection(testClient({ scimBaseUrl: `http://127.0.0.1:${port}/scim/v2` }).listUsers()[Symbol.asyncIterator]().next())) as TransientError;
    expect(err).toBeInstanceOf(TransientError);
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('a response cut off mid-body (Content-Length not met) is retried like a network failure', async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '500' });
        res.write('{"id":"u1","userName":');
        setTimeout(() => res.socket?.destroy(), 10);
      }),
    );
    const err = await rejection(testClient({ scimBaseUrl: `http://127.0.0.1:${port}/scim/v2` }).getUser('u1'));
    expect(err).toBeInstanceOf(TransientError);
  });

  it('the token never appears in a network error', async () => {
    const port = await listen(createServer((socket) => socket.destroy()));
    const err = await rejection(testClient({ scimBaseUrl: `http://127.0.0.1:${port}/scim/v2` }).getUser('u1'));
    expect(JSON.stringify(err)).not.toContain(FAKE_SCIM_TOKEN);
    expect(String(err.stack)).not.toContain(FAKE_SCIM_TOKEN);
    expect(JSON.stringify(err.cause, Object.getOwnPropertyNames(err.cause))).not.toContain(FAKE_SCIM_TOKEN);
  });
});

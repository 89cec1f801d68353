import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Queues } from '../queue/queues.js';

export const BOARD_PATH = '/admin/queues';

/**
 * The board's own page needs inline styles and loads its fonts from Google (in its HTML);
 * everything else stays as strict as the rest of the site.
 */
const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' data: https://fonts.gstatic.com",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join(';');

/**
 * bull-board 9.10.1 over our two queues, read-only: operators act through the status page
 * (retry/skip/approve there are CSRF-protected and recorded in the run). Registered inside the
 * guarded scope, so the admin token covers the whole mount — page, API and static assets.
 */
export async function registerQueueBoard(scope: FastifyInstance, queues: Queues): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [
      new BullMQAdapter(queues.byName.control, { readOnlyMode: true, description: 'orchestration: full sync, apply held steps' }),
      new BullMQAdapter(queues.byName.push, { readOnlyMode: true, description: 'per-record writes to IDaaS' }),
    ],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'oisync queues', miscLinks: [{ text: 'Status page', url: '/' }], hideDocsLink: true } },
  });
  await scope.register(
    async (board) => {
      board.addHook('onSend', async (_req, reply, payload) => {
        reply.header('content-security-policy', BOARD_CSP);
        return payload;
      });
      await board.register(adapter.registerPlugin());
    },
    { prefix: BOARD_PATH },
  );
}

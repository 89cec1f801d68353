import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { readDrift, readRuns, readStatus } from '../read-model.js';

/** The overview the status page polls, the mapping status, and the last drift report. */
export function statusRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/status', async () => readStatus(ctx));
  app.get('/api/mapping', () => Promise.resolve({ mapping: ctx.deps.mappingStatus?.() ?? null }));
  app.get('/api/drift', async () => readDrift(ctx, await readRuns(ctx)));
}

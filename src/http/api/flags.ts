import type { FastifyInstance } from 'fastify';
import { OisyncError } from '../../domain/errors.js';
import type { FlagKind, FlagState } from '../../domain/flags.js';
import { actorOf, answerAction, type ServerContext } from '../context.js';
import { fromRedis } from '../read-model.js';
import { CSRF_FIELD, flagParams } from './schemas.js';

/** The manual-cleanup queue: list flags, resolve one with a note. */
export function flagRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { state, logger } = ctx.deps;

  app.get<{ Querystring: { state: FlagState | 'all'; kind?: string } }>(
    '/api/flags',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            state: { type: 'string', enum: ['open', 'resolved', 'auto-closed', 'all'], default: 'open' },
            kind: { type: 'string', pattern: '^[a-z-]{1,40}$' },
          },
        },
      },
    },
    async (req) => {
      const { state: which, kind } = req.query;
      const flags = await fromRedis(
        state.listFlags({ ...(which !== 'all' ? { state: which } : {}), ...(kind ? { kind: kind as FlagKind } : {}) }),
      );
      return { total: flags.length, flags };
    },
  );

  app.post<{ Params: { flagId: string }; Body: { note: string } }>(
    '/api/flags/:flagId/resolve',
    {
      schema: {
        params: flagParams,
        body: { type: 'object', required: ['note'], properties: { note: { type: 'string', minLength: 1, maxLength: 1000 }, ...CSRF_FIELD } },
      },
    },
    async (req, reply) => {
      const by = actorOf(req);
      const flag = await fromRedis(state.resolveFlag(req.params.flagId, by, req.body.note.trim()));
      if (!flag) throw new OisyncError('FLAG_NOT_FOUND', `no flag "${req.params.flagId}"`);
      logger.info({ flag: flag.id, kind: flag.kind, by }, 'flag resolved over HTTP');
      return answerAction(ctx, req, reply, 200, { flag }, { notice: 'resolved', anchor: 'flags' });
    },
  );
}

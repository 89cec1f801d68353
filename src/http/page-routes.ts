import type { FastifyInstance } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import { STATUS_SCRIPT } from './assets/status-script.js';
import type { ServerContext } from './context.js';
import { RUN_ID } from './api/schemas.js';
import { fromRedis, readDrift, readFailures, readHeld, readRuns, readStatus } from './read-model.js';
import { runView } from './view-model.js';
import { statusPage } from './views/status-page.js';

const SHOWN_RUNS = 20;
const SHOWN_FAILURES = 50;
const SHOWN_FLAGS = 200;
const SHOWN_HELD_STEPS = 25;

/** `GET /` (the status page, server-rendered) and its script. */
export function pageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/assets/status.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(STATUS_SCRIPT));

  app.get<{ Querystring: { run?: string; notice?: string; error?: string } }>(
    '/',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { run: RUN_ID, notice: { type: 'string', maxLength: 40 }, error: { type: 'string', maxLength: 40 } },
        },
      },
    },
    async (req, reply) => {
      const now = new Date(ctx.now());
      const runs = await readRuns(ctx);
      const status = await readStatus(ctx, { runs, fresh: true });
      const views = runs.map((r) => runView(r, now));
      // The failures shown: the run asked for, else the newest run that has any.
      const chosen = req.query.run ? (views.find((r) => r.id === req.query.run) ?? (await runOrNull(ctx, req.query.run, now))) : views.find((r) => r.failed > 0);
      const [failures, held, flags, drift] = await Promise.all([
        chosen ? readFailures(ctx, chosen.id, 0, SHOWN_FAILURES) : Promise.resolve({ total: 0, failures: [] }),
        Promise.all(views.filter((r) => r.status === 'held').map(async (run) => ({ run, ...(await readHeld(ctx, run.id, SHOWN_HELD_STEPS)) }))),
        fromRedis(ctx.deps.state.listFlags({ state: 'open' })),
        readDrift(ctx, runs),
      ]);
      const session = req.operator?.via === 'session' ? req.operator.session : undefined;
      const error = req.query.error && req.query.error in ERROR_CODES ? (req.query.error as ErrorCode) : undefined;
      return reply.type('text/html; charset=utf-8').send(
        statusPage({
          status,
          runs: views.slice(0, SHOWN_RUNS),
          failuresRun: chosen ?? null,
          failures,
          held: held.filter((h) => h.total > 0),
          flags: { total: flags.length, flags: flags.slice(0, SHOWN_FLAGS) },
          drift,
          // Bearer clients (scripts) get the page too; their forms would need no token.
          csrf: session ? ctx.signer.csrfToken(session) : '',
          ...(req.query.notice ? { notice: req.query.notice } : {}),
          ...(error ? { error } : {}),
        }),
      );
    },
  );
}

async function runOrNull(ctx: ServerContext, runId: string, now: Date) {
  const run = await fromRedis(ctx.deps.state.getRun(runId));
  return run ? runView(run, now) : undefined;
}

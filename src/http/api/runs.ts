import type { FastifyInstance } from 'fastify';
import { requestApproval } from '../../engine/request-approval.js';
import { startFullSync } from '../../engine/start-run.js';
import { retryFailedRecord, skipFailedRecord } from '../../queue/failed-records.js';
import { RECENT_RUNS } from '../cluster.js';
import { actorOf, answerAction, type ServerContext } from '../context.js';
import { fromRedis, readFailures, readHeld, readRun, readRuns } from '../read-model.js';
import { runView } from '../view-model.js';
import { actionBody, CSRF_FIELD, failureParams, pageQuery, runParams } from './schemas.js';

interface RunParams {
  runId: string;
}
interface FailureParams extends RunParams {
  key: string;
}

/** Runs: history, one run in detail, start one, approve its held steps, act on its failed records. */
export function runRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { deps } = ctx;
  const now = (): Date => new Date(ctx.now());
  const actions = { state: deps.state, queues: deps.queues, now };

  app.get<{ Querystring: { limit: number } }>(
    '/api/runs',
    { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: RECENT_RUNS, default: 20 } } } } },
    async (req) => ({ runs: (await readRuns(ctx, req.query.limit)).map((r) => runView(r, now())) }),
  );

  app.post<{ Body: { dryRun?: boolean } | null }>(
    '/api/runs',
    { schema: { body: { type: ['object', 'null'], properties: { dryRun: { type: 'boolean', default: false }, ...CSRF_FIELD } } } },
    async (req, reply) => {
      const dryRun = req.body?.dryRun === true;
      const runId = await fromRedis(startFullSync(deps.queues, { dryRun, trigger: req.operator?.via === 'bearer' ? 'api' : 'status-page', now: now() }));
      deps.logger.info({ runId, dryRun, by: actorOf(req) }, 'full sync requested over HTTP');
      return answerAction(ctx, req, reply, 202, { runId, status: 'queued' }, { notice: dryRun ? 'dry-run-started' : 'sync-started', anchor: 'current' });
    },
  );

  app.get<{ Params: RunParams }>('/api/runs/:runId', { schema: { params: runParams } }, async (req) => {
    const run = await readRun(ctx, req.params.runId);
    const [failures, held, plan] = await Promise.all([
      readFailures(ctx, run.id, 0, 20),
      readHeld(ctx, run.id, 100),
      fromRedis(deps.state.getPlanSteps(run.id, 0, 100)),
    ]);
    return { run: runView(run, now()), failures, held, plan };
  });

  app.post<{ Params: RunParams }>('/api/runs/:runId/approve', { schema: { params: runParams, body: actionBody } }, async (req, reply) => {
    const by = actorOf(req);
    const { held } = await fromRedis(requestApproval(deps.state, deps.queues, req.params.runId, by));
    deps.logger.info({ runId: req.params.runId, held, by }, 'held steps approved over HTTP');
    return answerAction(ctx, req, reply, 202, { runId: req.params.runId, approved: held }, { notice: 'approved', run: req.params.runId, anchor: 'held' });
  });

  app.get<{ Params: RunParams; Querystring: { offset: number; limit: number } }>(
    '/api/runs/:runId/failures',
    { schema: { params: runParams, querystring: pageQuery } },
    async (req) => {
      const run = await readRun(ctx, req.params.runId);
      return { runId: run.id, ...(await readFailures(ctx, run.id, req.query.offset, req.query.limit)) };
    },
  );

  app.post<{ Params: FailureParams }>(
    '/api/runs/:runId/failures/:key/retry',
    { schema: { params: failureParams, body: actionBody } },
    async (req, reply) => {
      const { runId, key } = req.params;
      const { jobId } = await fromRedis(retryFailedRecord(actions, runId, key, actorOf(req)));
      deps.logger.info({ runId, key, jobId, by: actorOf(req) }, 'failed record retried over HTTP');
      return answerAction(ctx, req, reply, 202, { runId, key, jobId, status: 'retrying' }, { notice: 'retried', run: runId, anchor: 'failures' });
    },
  );

  app.post<{ Params: FailureParams }>(
    '/api/runs/:runId/failures/:key/skip',
    { schema: { params: failureParams, body: actionBody } },
    async (req, reply) => {
      const { runId, key } = req.params;
      const run = await fromRedis(skipFailedRecord(actions, runId, key, actorOf(req)));
      deps.logger.info({ runId, key, by: actorOf(req) }, 'failed record skipped over HTTP');
      return answerAction(ctx, req, reply, 200, { runId, key, status: 'skipped', run: run ? runView(run, now()) : null }, { notice: 'skipped', run: runId, anchor: 'failures' });
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';
import type { ProbeResult } from './probes.js';

async function redisAnswers(ping: () => Promise<string>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    // A persistent client queues commands while it reconnects; do not wait for that.
    return await Promise.race([
      ping().then((r) => r === 'PONG'),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** A probe result as unauthenticated callers may see it: whether and when, never the message. */
function publicProbe(p: ProbeResult | undefined): { ok: boolean | null; at: string | null; code?: string } {
  if (!p) return { ok: null, at: null };
  return { ok: p.ok, at: p.at, ...(p.code ? { code: p.code } : {}) };
}

/**
 * `/healthz`: the process answers (liveness; Docker's HEALTHCHECK). `/readyz`: Redis answers
 * and this process's workers run (503 otherwise), plus the last Okta and IDaaS probe results.
 * A failing probe makes the status `degraded` but not 503: the daemon can still serve, queue
 * and retry, and an orchestrator that pulled it out of rotation would not fix Okta.
 * Both are unauthenticated and say nothing secret (no URLs, no messages).
 */
export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/healthz', () => Promise.resolve({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const redis = await redisAnswers(() => ctx.deps.redis.ping(), 1_000);
    const workers = ctx.deps.workersRunning();
    const probes = ctx.prober.results();
    const okta = publicProbe(probes.okta);
    const scim = publicProbe(probes.scim);
    const ready = redis && workers;
    const status = !ready ? 'not-ready' : okta.ok === false || scim.ok === false ? 'degraded' : 'ready';
    return reply.code(ready ? 200 : 503).send({ status, checks: { redis: { ok: redis }, workers: { ok: workers }, okta, scim } });
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedCluster } from './cluster.js';
import type { OperatorDeps } from './options.js';
import type { Prober } from './probes.js';
import type { SessionSigner } from './auth/session.js';
import { backToPage, isFormPost } from './errors.js';

/** What every route module of the server shares. */
export interface ServerContext {
  readonly deps: OperatorDeps;
  readonly cluster: CachedCluster;
  readonly prober: Prober;
  readonly signer: SessionSigner;
  readonly now: () => number;
}

/** Who did it, for run notes and flag resolutions: the channel and the client address. */
export function actorOf(req: FastifyRequest): string {
  return `${req.operator?.via === 'bearer' ? 'API client' : 'status page'} (${req.ip})`;
}

/**
 * Answer an action: a form post from the status page goes back to the page with a notice;
 * an API call gets JSON with the given status.
 */
export function answerAction(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: unknown,
  page: { notice: string; run?: string; anchor?: string },
): FastifyReply {
  // What the operator changed shows on the next poll, not after the cache runs out.
  ctx.cluster.invalidate();
  if (isFormPost(req)) return backToPage(reply, page);
  return reply.code(status).send(body);
}

import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../domain/ports.js';
import { newRunId } from '../domain/runs.js';
import type { Secret } from '../domain/secret.js';
import { changesFromEvents, SYNC_EVENT_TYPES, type RawLogEvent } from '../okta/event-changes.js';
import { jobId, type DirtyIdsJob, type JobSpec } from '../queue/catalogue.js';

/** Where Okta delivers; register this URL (https, through your proxy) as the Event Hook. */
export const EVENT_HOOK_PATH = '/okta/events';

export interface EventHookOptions {
  /** The shared secret registered as the hook's `Authorization` header value. */
  readonly secret: Secret;
  /** The Okta app whose assignments are the sync scope (events about other apps are ignored). */
  readonly appId: string;
  /** Store one delivery's dirty ids as a job; the reply waits only for this. */
  readonly enqueue: (job: DirtyIdsJob) => Promise<void>;
  readonly logger: Logger;
  readonly path?: string;
  /** Event and delivery ids remembered for de-duplication (Okta delivers at least once). */
  readonly remember?: number;
  readonly now?: () => Date;
}

/** Okta's delivery envelope (okta-developer-docs, concepts/event-hooks). */
interface Delivery {
  readonly eventId?: unknown;
  readonly data?: { readonly events?: unknown };
}

const SYNC_TYPES = new Set(SYNC_EVENT_TYPES);

/**
 * The Okta Event Hook receiver: a low-latency trigger next to System Log polling (which stays on
 * as the safety net: hooks are best effort, retried once, unordered). Okta's one-time
 * verification is a GET echoing `x-okta-verification-challenge`; deliveries are POSTs. Both must
 * carry the shared secret in `Authorization`, compared in constant time. A delivery is
 * de-duplicated on its `eventId` and on each event's `uuid`, turned into dirty ids, enqueued as
 * a `dirty-ids` job (the same path a System Log batch takes), and answered 204 at once — Okta
 * gives up after 3 s. If the job cannot be stored the answer is 503, so Okta retries.
 */
export const eventHookPlugin: FastifyPluginAsync<EventHookOptions> = (app, opts) => {
  const path = opts.path ?? EVENT_HOOK_PATH;
  const seen = new RecentIds(opts.remember ?? 10_000);
  const now = opts.now ?? (() => new Date());
  const log = opts.logger.child({ component: 'event-hook' });

  const authorized = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const presented = req.headers.authorization;
    if (typeof presented === 'string' && opts.secret.equals(presented)) return true;
    log.warn({ ip: req.ip }, 'Event Hook request without the shared secret refused');
    void reply.code(401).send({ error: 'unauthorized' });
    return false;
  };

  app.get(path, (req, reply) => {
    if (!authorized(req, reply)) return reply;
    const challenge = req.headers['x-okta-verification-challenge'];
    if (typeof challenge !== 'string' || challenge === '') return reply.code(400).send({ error: 'missing x-okta-verification-challenge' });
    log.info({}, 'Okta Event Hook verified');
    return reply.code(200).send({ verification: challenge });
  });

  app.post(path, { bodyLimit: 4 * 1024 * 1024 }, async (req, reply) => {
    if (!authorized(req, reply)) return reply;
    const body = req.body as Delivery | null;
    const events = body && typeof body === 'object' && Array.isArray(body.data?.events) ? (body.data.events as unknown[]) : undefined;
    if (!events) return reply.code(400).send({ error: 'expected an Okta event hook delivery: { eventId, data: { events: [...] } }' });
    const eventId = typeof body?.eventId === 'string' ? body.eventId : undefined;
    if (eventId && seen.has(`d:${eventId}`)) return reply.code(204).send();

    const fresh = events.filter((e): e is RawLogEvent & { uuid?: string } => {
      if (!e || typeof e !== 'object') return false;
      const ev = e as RawLogEvent;
      if (typeof ev.eventType !== 'string' || !SYNC_TYPES.has(ev.eventType)) return false;
      return typeof ev.uuid !== 'string' || !seen.has(`e:${ev.uuid}`);
    });
    const changes = changesFromEvents(fresh, opts.appId);
    const uuids = fresh.flatMap((e) => (typeof e.uuid === 'string' ? [e.uuid] : []));
    if (changes.userIds.size + changes.groupIds.size > 0) {
      // The delivery's id names its job, so a redelivery to another process adds nothing.
      const key = eventId ?? createHash('sha256').update(uuids.sort().join(',')).digest('hex').slice(0, 32);
      const job: DirtyIdsJob = {
        runId: newRunId(now(), randomBytes(3).toString('hex')),
        key,
        trigger: 'event-hook',
        userIds: [...changes.userIds],
        groupIds: [...changes.groupIds],
        membershipGroupIds: [...changes.membershipGroupIds],
        assignedGroupIds: [...changes.assignedGroupIds],
      };
      try {
        await opts.enqueue(job);
      } catch (err) {
        log.warn({ err, eventId }, 'could not enqueue an Event Hook delivery; answering 503 so Okta retries');
        return reply.code(503).send({ error: 'try again' });
      }
      log.info({ eventId, events: fresh.length, users: job.userIds.length, groups: job.groupIds.length }, 'Event Hook delivery enqueued');
    }
    if (eventId) seen.add(`d:${eventId}`);
    for (const u of uuids) seen.add(`e:${u}`);
    return reply.code(204).send();
  });
  return Promise.resolve();
};

/** Register the receiver on a server (the daemon's, or a test's). */
export async function registerEventHook(app: FastifyInstance, opts: EventHookOptions): Promise<void> {
  await app.register(eventHookPlugin, opts);
}

/** The `enqueue` for `EventHookOptions`: one `dirty-ids` job per delivery, named by its key. */
export function dirtyIdsEnqueuer(queues: { add(spec: JobSpec): Promise<void> }): (job: DirtyIdsJob) => Promise<void> {
  return (job) => queues.add({ name: 'dirty-ids', jobId: jobId('hook', job.key), data: job });
}

/** A bounded set of recently seen ids: oldest forgotten first. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

import type { OisyncConfig } from '../config/schema.js';
import type { Logger } from '../domain/ports.js';
import type { JobName } from './catalogue.js';
import type { Queues } from './queues.js';

/** How a scheduler repeats: a cron pattern, or a fixed interval when no pattern fits. */
export type Repeat = { readonly pattern: string } | { readonly every: number };

/**
 * The repeat for the System Log poll. A cron pattern with a seconds field where the interval
 * divides a minute, an hour or a day evenly: BullMQ's `every` schedulers have been seen to stop
 * producing jobs when several processes upsert them (taskforcesh/bullmq#3262), patterns have not.
 * Other intervals fall back to `every`.
 */
export function incrementalRepeat(seconds: number): Repeat {
  if (seconds < 60 && 60 % seconds === 0) return { pattern: `*/${seconds} * * * * *` };
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    if (minutes < 60 && 60 % minutes === 0) return { pattern: `0 */${minutes} * * * *` };
    if (minutes % 60 === 0 && 24 % (minutes / 60) === 0) return { pattern: `0 0 */${minutes / 60} * * *` };
  }
  return { every: seconds * 1000 };
}

interface Entry {
  readonly id: string;
  readonly repeat: Repeat | 'off';
  readonly name: JobName;
  readonly data: Record<string, unknown>;
}

/**
 * Upsert the job schedulers from `schedule.*` at boot. Idempotent across processes (BullMQ
 * keeps one scheduler per id); the full template is always given because an upsert replaces
 * it. A pattern set to "off" (or `incrementalSeconds: 0`) removes its scheduler. The jobs
 * themselves are single-flight: a full sync and a reconcile share the writer lock, and a poll
 * that finds the previous one still running skips its turn.
 */
export async function upsertSchedules(queues: Queues, cfg: OisyncConfig['schedule'], logger: Logger): Promise<void> {
  const control = queues.byName.control;
  const entries: Entry[] = [
    { id: 'full-sync', repeat: cfg.fullSync === 'off' ? 'off' : { pattern: cfg.fullSync }, name: 'full-sync', data: { dryRun: false, trigger: 'schedule' } },
    { id: 'reconcile', repeat: cfg.reconcile === 'off' ? 'off' : { pattern: cfg.reconcile }, name: 'reconcile', data: { dryRun: false, trigger: 'schedule' } },
    { id: 'incremental', repeat: cfg.incrementalSeconds === 0 ? 'off' : incrementalRepeat(cfg.incrementalSeconds), name: 'incremental', data: { trigger: 'schedule' } },
  ];
  for (const e of entries) {
    if (e.repeat === 'off') {
      await control.removeJobScheduler(e.id);
      logger.info({ scheduler: e.id }, 'schedule off');
      continue;
    }
    const repeat = 'pattern' in e.repeat ? { pattern: e.repeat.pattern, tz: cfg.timezone } : { every: e.repeat.every };
    // Scheduled polls are many and small: keep only the last few in Redis.
    const opts = e.name === 'incremental' ? { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } } : {};
    await control.upsertJobScheduler(e.id, repeat, { name: e.name, data: e.data, opts });
    logger.info({ scheduler: e.id, ...repeat }, 'schedule set');
  }
}

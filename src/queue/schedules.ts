import type { OisyncConfig } from '../config/schema.js';
import type { Logger } from '../domain/ports.js';
import type { Queues } from './queues.js';

/**
 * Upsert the job schedulers from `schedule.*` at boot. Idempotent across processes (BullMQ
 * keeps one scheduler per id); the full template is always given because an upsert replaces
 * it. A pattern set to "off" removes its scheduler.
 */
export async function upsertSchedules(queues: Queues, cfg: OisyncConfig['schedule'], logger: Logger): Promise<void> {
  const control = queues.byName.control;
  const entries = [{ id: 'full-sync', pattern: cfg.fullSync, template: { name: 'full-sync', data: { dryRun: false, trigger: 'schedule' } } }] as const;
  for (const e of entries) {
    if (e.pattern === 'off') {
      await control.removeJobScheduler(e.id);
      logger.info({ scheduler: e.id }, 'schedule off');
      continue;
    }
    await control.upsertJobScheduler(e.id, { pattern: e.pattern, tz: cfg.timezone }, { name: e.template.name, data: e.template.data, opts: {} });
    logger.info({ scheduler: e.id, pattern: e.pattern, tz: cfg.timezone }, 'schedule set');
  }
}

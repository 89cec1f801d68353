import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { OisyncConfig } from '../config/schema.js';
import { JOB_QUEUE, QUEUE_NAMES, type JobName, type JobSpec, type QueueName } from './catalogue.js';
import type { Enqueuer } from './job-context.js';

/** BullMQ's key prefix: our Redis prefix as a hash tag, shared with the state keys' slot. */
export function bullPrefix(prefix: string): string {
  return `{${prefix}}`;
}

export function defaultJobOptions(cfg: OisyncConfig['queue']): DefaultJobOptions {
  return {
    attempts: cfg.attempts,
    backoff: { type: 'oisync' },
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: cfg.keepFailedDays * 24 * 3600 },
  };
}

/**
 * The producer side of our two queues. `control` runs orchestration (one run at a time per
 * kind); `push` runs per-record writes.
 */
export class Queues implements Enqueuer {
  readonly byName: Record<QueueName, Queue>;

  constructor(connection: ConnectionOptions, prefix: string, cfg: OisyncConfig['queue']) {
    const make = (name: QueueName): Queue => {
      const q = new Queue(name, {
        connection,
        prefix: bullPrefix(prefix),
        defaultJobOptions: name === 'control' ? { ...defaultJobOptions(cfg), attempts: 3 } : defaultJobOptions(cfg),
      });
      q.on('error', () => undefined); // connection errors surface through commands; don't crash
      return q;
    };
    this.byName = { control: make('control'), push: make('push') };
  }

  queueFor(name: JobName): Queue {
    return this.byName[JOB_QUEUE[name]];
  }

  async add(spec: JobSpec): Promise<void> {
    await this.queueFor(spec.name).add(spec.name, spec.data, { jobId: spec.jobId, ...(spec.lifo ? { lifo: true } : {}) });
  }

  async addBulk(specs: readonly JobSpec[]): Promise<void> {
    const groups = new Map<QueueName, JobSpec[]>();
    for (const s of specs) {
      const q = JOB_QUEUE[s.name];
      const list = groups.get(q) ?? [];
      list.push(s);
      groups.set(q, list);
    }
    for (const [q, list] of groups) {
      for (let i = 0; i < list.length; i += 1000) {
        await this.byName[q].addBulk(list.slice(i, i + 1000).map((s) => ({ name: s.name, data: s.data, opts: { jobId: s.jobId, ...(s.lifo ? { lifo: true } : {}) } })));
      }
    }
  }

  async jobState(name: JobName, jobId: string): Promise<string> {
    return this.queueFor(name).getJobState(jobId);
  }

  async pushQueueIdle(): Promise<boolean> {
    const c = await this.byName.push.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(c).every((n) => n === 0);
  }

  async workerCount(): Promise<Record<QueueName, number>> {
    const [control, push] = await Promise.all(QUEUE_NAMES.map((n) => this.byName[n].getWorkersCount()));
    return { control: control ?? 0, push: push ?? 0 };
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.byName).map((q) => q.close()));
  }
}

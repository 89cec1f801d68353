import type { OisyncConfig } from '../config/schema.js';
import type { Clock, Logger, Mapper, SourceDirectory, StateStore, TargetDirectory } from '../domain/ports.js';
import type { Outcome, RecordKind } from '../domain/runs.js';
import type { JobName, JobPayloads, JobSpec } from './catalogue.js';

/** The mapping in force; the daemon hot-reloads it, so read `current()` per run or job. */
export interface MappingSource {
  current(): Mapper;
}

export interface Enqueuer {
  addBulk(specs: readonly JobSpec[]): Promise<void>;
  /** BullMQ state of a job by its deterministic id ('completed', 'failed', ... or 'unknown'). */
  jobState(name: JobName, jobId: string): Promise<string>;
  /** True when the push queue has nothing waiting, delayed or active. */
  pushQueueIdle(): Promise<boolean>;
}

/** Everything a processor may use; built once by the composition root, never by a job. */
export interface JobContext {
  readonly source: SourceDirectory;
  readonly target: TargetDirectory;
  /** Same target, but every write is recorded and not sent (dry runs). */
  readonly dryRunTarget: TargetDirectory;
  readonly state: StateStore;
  readonly mapping: MappingSource;
  readonly config: OisyncConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly enqueue: Enqueuer;
}

/** What a processor sees of the BullMQ job (kept small so processors are easy to test). */
export interface JobInfo {
  readonly id: string;
  readonly attemptsMade: number;
  readonly attemptsStarted: number;
  /** Lets long control jobs show progress in the dashboard. */
  updateProgress(progress: Record<string, unknown>): Promise<void>;
}

/** The explicit result of a per-record job. */
export interface RecordResult {
  readonly key: string;
  readonly kind: RecordKind;
  readonly outcome: Outcome;
}

export type Processor<N extends JobName> = (data: JobPayloads[N], ctx: JobContext, job: JobInfo) => Promise<RecordResult | undefined>;

export type ProcessorTable = { [N in JobName]: Processor<N> };

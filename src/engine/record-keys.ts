import type { RecordKind } from '../domain/runs.js';
import { jobId, type JobName, type JobSpec } from '../queue/catalogue.js';

/** The jobs a record key may belong to, so a lost outcome can be looked up by job id. */
export type JobOfKey = (key: string) => readonly { name: JobName; jobId: string }[];

/**
 * Record keys name what a run's outcome is about: `u:<oktaId>` a user, `g:<oktaId>` a group,
 * `m:<oktaGroupId>:<batch>` one membership batch. Every writer run uses the same keys, so
 * `runs show`, the brake and `plan approve` work alike for full syncs, reconciles and
 * incremental passes.
 */
export function recordKey(spec: JobSpec): string {
  switch (spec.name) {
    case 'push-user':
    case 'leave-scope':
      return `u:${spec.data.oktaId}`;
    case 'push-group':
      return `g:${spec.data.oktaId}`;
    case 'push-members':
      return `m:${spec.data.oktaGroupId}:${spec.data.batch}`;
    default:
      return `run:${spec.jobId}`;
  }
}

export function recordKindOf(key: string): RecordKind {
  return key.startsWith('g:') ? 'group' : key.startsWith('m:') ? 'membership' : 'user';
}

/**
 * The jobs that may carry a record's outcome (for settling lost records). A user record is
 * written by `push-user` or, when it left scope, by `leave-scope`.
 */
export function jobOfKey(runId: string): JobOfKey {
  return (key) => {
    const [kind, id, batch] = key.split(':');
    if (!id) return [];
    if (kind === 'u') return [{ name: 'push-user', jobId: jobId('user', runId, id) }, { name: 'leave-scope', jobId: jobId('leave', runId, id) }];
    if (kind === 'g') return [{ name: 'push-group', jobId: jobId('group', runId, id) }];
    if (kind === 'm' && batch !== undefined) return [{ name: 'push-members', jobId: jobId('members', runId, id, batch) }];
    return [];
  };
}

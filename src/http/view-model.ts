import type { RunRecord } from '../domain/runs.js';
import { changedRecords, failedRecords, isFinalRun } from '../domain/runs.js';
import { duration, eta } from '../cli/render.js';
import type { JobSpec } from '../queue/catalogue.js';


/** A run as the API and the page show it: the stored record plus what an operator reads off it. */
export interface RunView extends RunRecord {
  readonly final: boolean;
  readonly elapsed: string;
  /** Remaining time from progress so far (running runs only). */
  readonly eta?: string;
  readonly failed: number;
  readonly changed: number;
}

export function runView(run: RunRecord, now: Date): RunView {
  const final = isFinalRun(run);
  const left = final ? undefined : eta(run, now);
  return { ...run, final, elapsed: duration(run, now), ...(left ? { eta: left } : {}), failed: failedRecords(run), changed: changedRecords(run) };
}

/** The run in progress, if any: the newest one not finished. */
export function currentRun(runs: readonly RunRecord[]): RunRecord | undefined {
  return runs.find((r) => !isFinalRun(r));
}

/** One destructive step the safety brake held, in words. */
export interface HeldStepView {
  readonly job: string;
  readonly label: string;
  readonly what: string;
}

export function heldStepView(spec: JobSpec): HeldStepView {
  switch (spec.name) {
    case 'push-user':
      return { job: spec.name, label: spec.data.label, what: spec.data.body.active === false ? 'deactivate in IDaaS (active: false)' : `${spec.data.action} in IDaaS` };
    case 'leave-scope':
      return { job: spec.name, label: spec.data.label, what: `${spec.data.action} in IDaaS (left the app's scope)` };
    case 'push-members':
      return { job: spec.name, label: spec.data.label, what: `remove ${spec.data.remove.length} member(s)${spec.data.addOktaIds.length ? `, add ${spec.data.addOktaIds.length}` : ''}` };
    case 'push-group':
      return { job: spec.name, label: spec.data.label, what: `${spec.data.action} group` };
    default:
      // control jobs are never held; listed so a new job kind still renders
      return { job: spec.name, label: spec.jobId, what: spec.name };
  }
}

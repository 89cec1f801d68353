import { DRIFT_CLASSES, type DriftEntry } from '../domain/drift.js';
import { changedRecords, failedRecords, type FailureRecord, type PlanStep, type RunRecord } from '../domain/runs.js';

/** Human-readable text for runs, plans and failures (the `--json` forms are the records themselves). */

export function duration(run: RunRecord, now = new Date()): string {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now.getTime();
  return formatMs(end - Date.parse(run.startedAt));
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Remaining time from progress so far; undefined until there is a rate to go by. */
export function eta(run: RunRecord, now = new Date()): string | undefined {
  const elapsed = now.getTime() - Date.parse(run.startedAt);
  if (run.done <= 0 || run.planned <= run.done || elapsed <= 0) return undefined;
  return formatMs(((run.planned - run.done) * elapsed) / run.done);
}

const KINDS = ['user', 'group', 'membership'] as const;
const SHOWN = ['created', 'adopted', 'updated', 'unchanged', 'deactivated', 'deleted', 'flagged', 'skipped', 'held', 'failed'] as const;

/** `users: 20 created, 3 unchanged, 1 failed` lines from a run's counters. */
export function countLines(run: RunRecord): string[] {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const parts = SHOWN.map((o) => [o, run.counts[`${kind}.${o}`] ?? 0] as const)
      .filter(([, n]) => n > 0)
      .map(([o, n]) => `${n} ${o}`);
    if (kind === 'membership') {
      const add = run.counts['plan.membership.add'] ?? 0;
      const remove = run.counts['plan.membership.remove'] ?? 0;
      const pending = run.counts['membership.pending'] ?? 0;
      const extra = [add && `${add} member adds`, remove && `${remove} member removals`, pending && `${pending} pending (user not provisioned)`].filter(Boolean);
      if (extra.length || parts.length) lines.push(`memberships: ${[...extra, ...parts.map((p) => `${p} batch(es)`)].join(', ')}`);
      continue;
    }
    if (parts.length) lines.push(`${kind}s: ${parts.join(', ')}`);
  }
  return lines;
}

/** What a dry run would do, from its plan counters. */
export function planCountLines(run: RunRecord): string[] {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const parts = Object.entries(run.counts)
      .filter(([k, n]) => k.startsWith(`plan.${kind}.`) && n > 0)
      .map(([k, n]) => `${n} ${k.slice(`plan.${kind}.`.length)}`);
    if (parts.length) lines.push(`${kind}s: ${parts.join(', ')}`);
  }
  const destructive = run.counts['plan.destructive'];
  if (destructive) lines.push(`destructive steps: ${destructive}`);
  return lines;
}

/** `drift: users 20 in-sync, 1 drifted` lines from a reconcile's counters. */
export function driftCountLines(run: RunRecord): string[] {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const parts = DRIFT_CLASSES.map((c) => [c, run.counts[`drift.${kind}.${c}`] ?? 0] as const)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${n} ${c}`);
    if (parts.length) lines.push(`drift: ${kind}s ${parts.join(', ')}`);
  }
  const closed = run.counts['flags.auto-closed'];
  if (closed) lines.push(`flags auto-closed: ${closed}`);
  return lines;
}

export function runSummary(run: RunRecord): string {
  const head = `run ${run.id}  ${run.kind}${run.dryRun ? ' (dry run)' : ''}  ${run.status}  ${duration(run)}  trigger=${run.trigger}`;
  const lines = [head, `  started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`];
  const counts = [...driftCountLines(run), ...(run.dryRun ? planCountLines(run) : countLines(run))];
  for (const l of counts) lines.push(`  ${l}`);
  if (run.sourceComplete === false) lines.push('  Okta read INCOMPLETE: no destructive step was planned');
  for (const n of run.notes) lines.push(`  note: ${n}`);
  if (run.error) lines.push(`  error: ${run.error}`);
  return lines.join('\n');
}

export function runRow(run: RunRecord): string {
  const failed = failedRecords(run);
  const changed = changedRecords(run);
  return [
    run.id.padEnd(26),
    (run.kind + (run.dryRun ? '*' : '')).padEnd(12),
    run.status.padEnd(10),
    run.startedAt.slice(0, 19).replace('T', ' ').padEnd(20),
    duration(run).padStart(8),
    `${run.done}/${run.planned}`.padStart(13),
    String(changed).padStart(8),
    String(failed).padStart(7),
  ].join(' ');
}

export const RUN_TABLE_HEADER = [
  'RUN'.padEnd(26),
  'KIND'.padEnd(12),
  'STATUS'.padEnd(10),
  'STARTED (UTC)'.padEnd(20),
  'TOOK'.padStart(8),
  'DONE/PLANNED'.padStart(13),
  'CHANGED'.padStart(8),
  'FAILED'.padStart(7),
].join(' ');

export function failureLine(f: FailureRecord): string {
  return `  ${f.kind} ${f.label} [${f.code}] ${f.message}${f.detail ? ` — IDaaS said: ${f.detail}` : ''}${f.jobId ? ` (job ${f.jobId})` : ''}`;
}

export function stepLines(step: PlanStep): string[] {
  const head = `  ${step.destructive ? '!' : ' '} ${step.action.padEnd(10)} ${step.kind.padEnd(10)} ${step.label}${step.reason ? ` — ${step.reason}` : ''}`;
  const lines = [head];
  for (const c of step.changes ?? []) lines.push(`        ${c.path}: ${show(c.old)} → ${show(c.new)}`);
  return lines;
}

/** One drift report entry: class, what, action and why, then its changes old (IDaaS) → new (Okta). */
export function driftLines(e: DriftEntry): string[] {
  const who = `${e.kind} ${e.label}${e.scimId ? ` [${e.scimId}]` : ''}`;
  const lines = [`  ${e.class.padEnd(20)} ${e.action.padEnd(10)} ${who} — ${e.reason}`];
  for (const c of e.changes ?? []) lines.push(`        ${c.path}: ${show(c.old)} → ${show(c.new)}`);
  return lines;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

import type { DriftEntry } from '../domain/drift.js';
import type { Flag } from '../domain/flags.js';
import { csvDocument } from './csv.js';

/** What an admin needs to clean IDaaS up by hand (seed guide: account, group memberships). */
export const FLAG_CSV_HEADER = [
  'flag id',
  'kind',
  'state',
  'okta login',
  'okta id',
  'idaas id',
  'idaas groups',
  'reason',
  'first seen',
  'last seen',
  'resolved by',
  'resolved at',
  'resolution note',
] as const;

export function flagsCsv(flags: readonly Flag[]): string {
  return csvDocument(
    FLAG_CSV_HEADER,
    flags.map((f) => [
      f.id,
      f.kind,
      f.state,
      f.login ?? '',
      f.oktaId ?? '',
      f.scimId ?? '',
      f.groups.join('; '),
      f.reason,
      f.firstSeen,
      f.lastSeen,
      f.resolution?.by ?? '',
      f.resolution?.at ?? '',
      f.resolution?.note ?? '',
    ]),
  );
}

export const FLAG_TABLE_HEADER = ['FLAG'.padEnd(44), 'KIND'.padEnd(20), 'STATE'.padEnd(11), 'LAST SEEN (UTC)'.padEnd(19), 'WHO / WHY'].join(' ');

export function flagRow(f: Flag): string {
  return [f.id.padEnd(44), f.kind.padEnd(20), f.state.padEnd(11), f.lastSeen.slice(0, 19).replace('T', ' ').padEnd(19), `${f.login ?? f.oktaId ?? ''}`].join(' ');
}

/** The full story of one flag, for `flags list` below its row and after `flags resolve`. */
export function flagDetail(f: Flag): string[] {
  const lines = [`    ${f.reason}`];
  if (f.scimId || f.groups.length) lines.push(`    IDaaS account ${f.scimId ?? '?'}${f.groups.length ? `, groups: ${f.groups.join(', ')}` : ''}`);
  if (f.resolution) lines.push(`    ${f.state} by ${f.resolution.by} at ${f.resolution.at}: ${f.resolution.note}`);
  return lines;
}

/** The drift report, one row per changed attribute (an entry without changes is one row). */
export const DRIFT_CSV_HEADER = ['run', 'class', 'kind', 'label', 'okta id', 'idaas id', 'action', 'attribute', 'idaas value', 'okta value', 'reason'] as const;

export function driftCsv(runId: string, entries: readonly DriftEntry[]): string {
  const rows: unknown[][] = [];
  for (const e of entries) {
    const base = [runId, e.class, e.kind, e.label, e.oktaId ?? '', e.scimId ?? '', e.action];
    if (!e.changes || e.changes.length === 0) rows.push([...base, '', '', '', e.reason]);
    else for (const c of e.changes) rows.push([...base, c.path, c.old ?? '', c.new ?? '', e.reason]);
  }
  return csvDocument(DRIFT_CSV_HEADER, rows);
}

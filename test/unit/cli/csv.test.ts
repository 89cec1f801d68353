import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, csvLine } from '../../../src/cli/csv.js';
import { driftCsv, flagsCsv } from '../../../src/cli/flag-render.js';
import type { Flag } from '../../../src/domain/flags.js';

/** A small RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV (RFC 4180)', () => {
  it('quotes only fields with a comma, a quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField({ value: 'x', type: 'work' })).toBe('"{""value"":""x"",""type"":""work""}"');
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });

  it('round-trips awkward values, with a BOM for spreadsheets', () => {
    const values = ['Musterstraße 12, 80331 München', '李雷', 'He said "no"', 'line1\r\nline2', '', '=1+1'];
    const doc = csvDocument(['v'], values.map((v) => [v]));
    expect(doc.startsWith('\uFEFFv\r\n')).toBe(true);
    expect(parseCsv(doc)).toEqual([['v'], ...values.map((v) => [v])]);
  });

  it('exports flags with the columns an admin needs', () => {
    const flag: Flag = {
      id: 'unassigned-00u1',
      kind: 'unassigned',
      oktaId: '00u1',
      login: 'jose@acme.example',
      scimId: 'user_9',
      groups: ['Sales', 'Sales, EMEA'],
      reason: 'left the app scope (unassigned in Okta); remove the account, "by hand"',
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-01-02T00:00:00.000Z',
      state: 'resolved',
      resolution: { by: 'alice', note: 'deleted, and removed from 2 groups', at: '2026-01-03T00:00:00.000Z' },
    };
    const rows = parseCsv(flagsCsv([flag]));
    expect(rows[0]).toEqual(['flag id', 'kind', 'state', 'okta login', 'okta id', 'idaas id', 'idaas groups', 'reason', 'first seen', 'last seen', 'resolved by', 'resolved at', 'resolution note']);
    expect(rows[1]).toEqual([
      'unassigned-00u1',
      'unassigned',
      'resolved',
      'jose@acme.example',
      '00u1',
      'user_9',
      'Sales; Sales, EMEA',
      flag.reason,
      flag.firstSeen,
      flag.lastSeen,
      'alice',
      '2026-01-03T00:00:00.000Z',
      'deleted, and removed from 2 groups',
    ]);
  });

  it('exports a drift report one row per changed attribute', () => {
    const rows = parseCsv(
      driftCsv('r1', [
        { class: 'drifted', kind: 'user', label: 'zoe', oktaId: '00u1', scimId: 's1', action: 'repair', reason: 'changed in IDaaS', changes: [{ path: 'displayName', old: 'A, B', new: 'C' }, { path: 'active', old: true, new: false }] },
        { class: 'unmanaged', kind: 'user', label: 'manual', scimId: 's2', action: 'none', reason: 'made by hand' },
      ]),
    );
    expect(rows.slice(1)).toEqual([
      ['r1', 'drifted', 'user', 'zoe', '00u1', 's1', 'repair', 'displayName', 'A, B', 'C', 'changed in IDaaS'],
      ['r1', 'drifted', 'user', 'zoe', '00u1', 's1', 'repair', 'active', 'true', 'false', 'changed in IDaaS'],
      ['r1', 'unmanaged', 'user', 'manual', '', 's2', 'none', '', '', '', 'made by hand'],
    ]);
  });
});

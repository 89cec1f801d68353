import { describe, expect, it } from 'vitest';
import type { DriftEntry } from '../../../src/domain/drift.js';
import type { Flag } from '../../../src/domain/flags.js';
import type { RunRecord } from '../../../src/domain/runs.js';
import { runCli } from '../../helpers/cli.js';
import { useStack } from '../../helpers/stack.js';

const JOSE = 'jose.garcia@acme.example';
const ZOE = 'zoe.muller@acme.example';
const NS = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';

describe('oisync reconcile, runs show --csv, and the flags commands', () => {
  const f = useStack();
  const cli = (...more: string[]): ReturnType<typeof runCli> => runCli([...f.stack.cli().args, ...more], f.stack.cli().env);

  it('reconcile --dry-run prints the drift report and exits 0 without writing', async () => {
    const zoe = f.stack.idaasUser(ZOE);
    if (!zoe) throw new Error('zoe missing');
    f.stack.idaas.edit.updateUser(zoe.id, { [`${NS}:user_address`]: 'Somewhere else, "upstairs"' });
    f.stack.okta.org.unassignUser({ user: JOSE });
    f.stack.idaas.counters.reset();
    const r = await cli('reconcile', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reconcile (dry run)  planned');
    expect(r.stdout).toContain('drift: users');
    expect(r.stdout).toMatch(/drifted\s+planned\s+user zoe\.muller@acme\.example/);
    expect(r.stdout).toContain(`${NS}:user_address: "Somewhere else, \\"upstairs\\"" → "Musterstraße 12, 80331 München"`);
    expect(r.stdout).toMatch(/unauthorized\s+planned\s+user jose\.garcia@acme\.example/);
    expect(f.stack.writes()).toEqual({});
  });

  it('reconcile --wait --json repairs, flags, and gives one JSON document with the report', async () => {
    const r = await cli('--json', 'reconcile', '--wait');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; run: RunRecord; report: { total: number; entries: DriftEntry[] } };
    expect(doc.ok).toBe(true);
    expect(doc.run.kind).toBe('reconcile');
    expect(doc.report.entries.map((e) => [e.label, e.class, e.action])).toEqual([
      [ZOE, 'drifted', 'repair'],
      [JOSE, 'unauthorized', 'flag'],
    ]);
    expect(f.stack.idaasUser(ZOE)?.[NS]).toEqual({ user_address: 'Musterstraße 12, 80331 München' });

    const csv = await cli('runs', 'show', doc.run.id, '--csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('run,class,kind,label,okta id,idaas id,action,attribute,idaas value,okta value,reason');
    expect(lines[1]).toContain(`,${NS}:user_address,"Somewhere else, ""upstairs""","Musterstraße 12, 80331 München",`);

    const shown = await cli('runs', 'show', doc.run.id);
    expect(shown.stdout).toContain('drift report (2;');
    expect(shown.stdout).toMatch(/unauthorized\s+flag\s+user jose/);
  });

  it('flags list and export show the unauthorized user with the groups to clean up', async () => {
    const list = await cli('flags', 'list', '--kind', 'unassigned');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`unassigned-${f.stack.oktaId(JOSE)}`);
    expect(list.stdout).toContain('groups: Sales');
    const csv = await cli('flags', 'export', '--csv');
    const rows = csv.stdout.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('flag id,kind,state,okta login,okta id,idaas id,idaas groups,reason,first seen,last seen,resolved by,resolved at,resolution note');
    expect(rows.some((l) => l.startsWith(`unassigned-${f.stack.oktaId(JOSE)},unassigned,open,${JOSE},${f.stack.oktaId(JOSE)},${f.stack.idaasUser(JOSE)?.id ?? ''},Sales,`))).toBe(true);
    const json = await cli('flags', 'export');
    expect((JSON.parse(json.stdout) as { flags: Flag[] }).flags.map((f) => f.kind)).toEqual(['unassigned']);
  });

  it('flags cleanup prints what it would do and exits 2 without --confirm; deletes with it and records who', async () => {
    const id = `unassigned-${f.stack.oktaId(JOSE)}`;
    const dry = await cli('flags', 'cleanup', id);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(new RegExp(`would delete\\s+${id} ${JOSE.replace(/\./g, '\\.')}`));
    expect(f.stack.idaasUser(JOSE)).toBeDefined();

    f.stack.idaas.counters.reset();
    const done = await cli('flags', 'cleanup', id, '--confirm');
    expect(done.code).toBe(0);
    expect(f.stack.idaasUser(JOSE)).toBeUndefined();
    expect(f.stack.writes()).toEqual({ 'DELETE /Users/{id}': 1 });
    const flag = await f.rt.state.getFlag(id);
    expect(flag?.state).toBe('resolved');
    expect(flag?.resolution?.by).toBe('tester');
    expect(flag?.resolution?.note).toContain('deleted in IDaaS by oisync flags cleanup');
  });

  it('flags cleanup refuses accounts oisync did not create, and unknown flags', async () => {
    const ghost = f.stack.idaas.edit.createUser({ userName: 'ghost@acme.example', externalId: '00uGhostGhostGhost01' });
    await f.stack.reconcile(f.rt);
    const r = await cli('flags', 'cleanup', 'orphan-00uGhostGhostGhost01', 'no-such-flag', '--confirm');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('oisync did not create this account (it was adopted)');
    expect(r.stdout).toContain('no-such-flag');
    expect(f.stack.idaasUser('ghost@acme.example')?.id).toBe(ghost.id);
  });

  it('flags resolve keeps who, when and the note; an unknown id is FLAG_NOT_FOUND', async () => {
    const r = await cli('flags', 'resolve', 'orphan-00uGhostGhostGhost01', '--note', 'kept: service account', '--by', 'alice');
    expect(r.code).toBe(0);
    const flag = await f.rt.state.getFlag('orphan-00uGhostGhostGhost01');
    expect(flag).toMatchObject({ state: 'resolved', resolution: { by: 'alice', note: 'kept: service account' } });
    // Seen again by the next reconcile, it stays resolved.
    await f.stack.reconcile(f.rt);
    expect((await f.rt.state.getFlag('orphan-00uGhostGhostGhost01'))?.state).toBe('resolved');
    const missing = await cli('flags', 'resolve', 'nope', '--note', 'x');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('FLAG_NOT_FOUND');
  });
});

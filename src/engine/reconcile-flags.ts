import type { FlagKind } from '../domain/flags.js';
import type { ReconcileContext } from './reconcile-context.js';

/** Why each kind of flag no longer applies when a complete reconcile does not raise it again. */
const GONE: Partial<Record<FlagKind, string>> = {
  unassigned: 'the user is back in scope, or the IDaaS account is gone',
  orphan: 'the account or group is accounted for again, or gone from IDaaS',
  'deactivation-ignored': 'IDaaS now shows the account inactive, or Okta made it active again',
  drift: 'IDaaS matches Okta again',
  disputed: 'only one IDaaS match is left',
  unlinked: 'the account is linked now, or no longer matches',
};

/**
 * Auto-close the open flags whose cause went away. A complete reconcile raises every flag whose
 * cause persists again (so its `lastSeen` moves past the run's start); an open flag of a kind
 * reconcile judges that was last seen before the run started is answered. Resolved flags stay
 * resolved; an auto-closed one reopens if its cause comes back.
 */
export async function autoCloseFlags(rc: ReconcileContext, groupsChecked: boolean): Promise<number> {
  const { state } = rc.ctx;
  let closed = 0;
  for (const flag of await state.listFlags({ state: 'open' })) {
    const why = GONE[flag.kind];
    if (!why || flag.lastSeen >= rc.startedAt) continue;
    if (!groupsChecked && flag.oktaId?.startsWith('00g')) continue; // groups were not looked at
    await state.autoCloseFlag(flag.id, `${why} (reconcile ${rc.runId})`);
    closed++;
  }
  if (closed) await state.addCount(rc.runId, 'flags.auto-closed', closed);
  return closed;
}

import type { ProcessorTable } from '../src/queue/job-context.js';
import { applyHeld } from './apply-held.js';
import { dirtyIds } from './dirty-ids.js';
import { fullSync } from './full-sync.js';
import { incremental } from './incremental.js';
import { leaveScope } from './leave-scope.js';
import { pushGroup } from './push-group.js';
import { pushMembers } from './push-members.js';
import { pushUser } from './push-user.js';
import { reconcile } from './reconcile.js';

/** Every processor, by job name; the type makes a job without a processor a compile error. */
export const processors: ProcessorTable = {
  'full-sync': fullSync,
  reconcile,
  incremental,
  'dirty-ids': dirtyIds,
  'apply-held': applyHeld,
  'push-user': pushUser,
  'push-group': pushGroup,
  'push-members': pushMembers,
  'leave-scope': leaveScope,
};

import type { ProcessorTable } from '../src/queue/job-context.js';
import { applyHeld } from './apply-held.js';
import { fullSync } from './full-sync.js';
import { leaveScope } from './leave-scope.js';
import { pushGroup } from './push-group.js';
import { pushMembers } from './push-members.js';
import { pushUser } from './push-user.js';

/** Every processor, by job name; the type makes a job without a processor a compile error. */
export const processors: ProcessorTable = {
  'full-sync': fullSync,
  'apply-held': applyHeld,
  'push-user': pushUser,
  'push-group': pushGroup,
  'push-members': pushMembers,
  'leave-scope': leaveScope,
};

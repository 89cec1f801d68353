import { runDirtyPass } from '../src/engine/dirty-pass.js';
import { settleOpenPasses } from '../src/engine/system-log-poll.js';
import type { Processor } from '../src/queue/job-context.js';

/** Dirty ids from an Okta Event Hook delivery, planned like a System Log batch; see src/engine/dirty-pass.ts. */
export const dirtyIds: Processor<'dirty-ids'> = async (d, ctx) => {
  await settleOpenPasses(ctx);
  await runDirtyPass(ctx, {
    runId: d.runId,
    trigger: d.trigger,
    ids: { userIds: d.userIds, groupIds: [...new Set([...d.groupIds, ...d.membershipGroupIds])], assignedGroupIds: d.assignedGroupIds },
  });
  return undefined;
};

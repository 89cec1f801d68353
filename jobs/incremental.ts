import { pollSystemLog } from '../src/engine/system-log-poll.js';
import type { Processor } from '../src/queue/job-context.js';

/** One System Log poll: read from the durable cursor, push what changed; see src/engine/system-log-poll.ts. */
export const incremental: Processor<'incremental'> = async (d, ctx, job) => {
  await pollSystemLog(ctx, job, d.trigger);
  return undefined;
};

import { processors } from '../../jobs/index.js';
import type { CliContext } from './context.js';
import { createAdapters } from './adapters.js';
import { Runtime, type AdapterFactory, type RuntimeOptions } from './runtime.js';

/** A full runtime for this command's config: Redis, queues, the Okta and IDaaS adapters, the mapping. */
export async function openRuntime(
  cli: CliContext,
  opts: { persistent: boolean; adapters?: AdapterFactory } & Pick<RuntimeOptions, 'onScimRequest' | 'onOutcome'>,
): Promise<Runtime> {
  const config = cli.config();
  return Runtime.open({
    config,
    logger: cli.logger(),
    persistent: opts.persistent,
    adapters: opts.adapters ?? createAdapters,
    processors,
    ...(opts.onScimRequest ? { onScimRequest: opts.onScimRequest } : {}),
    ...(opts.onOutcome ? { onOutcome: opts.onOutcome } : {}),
  });
}

/**
 * With `--wait` and no worker anywhere, a one-shot command runs workers in-process for the
 * duration, so a single command migrates end to end.
 */
export async function ensureWorkers(rt: Runtime, cli: CliContext): Promise<void> {
  const counts = await rt.queues.workerCount();
  if (counts.control > 0 && counts.push > 0) return;
  cli.logger().info({ workers: counts }, 'no workers running; starting them in this process for this run');
  rt.startWorkers(['control', 'push']);
}

import type { Command } from 'commander';
import { upsertSchedules } from '../../queue/schedules.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { openRuntime } from '../open-runtime.js';
import type { Runtime } from '../runtime.js';
import { untilSignal } from '../signals.js';

export function registerDaemonCommands(program: Command, bind: Bind): void {
  program
    .command('daemon')
    .description('scheduler + workers; runs until SIGTERM/SIGINT, then drains gracefully')
    .action(bind(daemon));
  program
    .command('worker')
    .description('workers only (scale out: run many, on many machines, against one Redis)')
    .action(bind(worker));
}

async function daemon(cli: CliContext): Promise<ExitCode> {
  const rt = await openRuntime(cli, { persistent: true });
  return serve(cli, rt, async () => {
    await upsertSchedules(rt.queues, rt.config.schedule, cli.logger());
  });
}

async function worker(cli: CliContext): Promise<ExitCode> {
  const rt = await openRuntime(cli, { persistent: true });
  return serve(cli, rt, () => Promise.resolve());
}

/** Start workers (and whatever else `boot` starts), then wait for a signal and drain. */
export async function serve(cli: CliContext, rt: Runtime, boot: () => Promise<void>): Promise<ExitCode> {
  const log = cli.logger();
  try {
    rt.startWorkers(['control', 'push']);
    await boot();
    log.info({ concurrency: rt.config.idaas.concurrency }, 'workers running; SIGTERM to stop');
    const signal = await untilSignal();
    log.info({ signal, graceMs: rt.config.queue.shutdownGraceMs }, 'stopping: no new jobs; letting running jobs finish');
  } finally {
    await rt.close();
  }
  log.info('stopped');
  return EXIT.OK;
}

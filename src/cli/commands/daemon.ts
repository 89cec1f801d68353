import type { Command } from 'commander';
import { OperatorMetrics } from '../../http/metrics.js';
import { upsertSchedules } from '../../queue/schedules.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { openRuntime } from '../open-runtime.js';
import { announceServer, eventHookRoutes, startOperatorServer, type RunningServer } from '../operator-server.js';
import { packageInfo } from '../package-info.js';
import type { Runtime } from '../runtime.js';
import { untilSignal } from '../signals.js';

export function registerDaemonCommands(program: Command, bind: Bind): void {
  program
    .command('daemon')
    .description('scheduler + workers + HTTP server (status page, API, metrics, queue dashboard); runs until SIGTERM/SIGINT, then drains gracefully')
    .action(bind(daemon));
  program
    .command('worker')
    .description('workers only (scale out: run many, on many machines, against one Redis)')
    .action(bind(worker));
}

/** Per-process metrics exist before the runtime, which reports into them through its hooks. */
export function newMetrics(): OperatorMetrics {
  return new OperatorMetrics({ defaultMetrics: true, version: packageInfo().version });
}

async function daemon(cli: CliContext): Promise<ExitCode> {
  const metrics = newMetrics();
  const rt = await openRuntime(cli, { persistent: true, onScimRequest: metrics.onScimRequest, onOutcome: metrics.onOutcome });
  return serve(
    cli,
    rt,
    async () => {
      await upsertSchedules(rt.queues, rt.config.schedule, cli.logger());
    },
    metrics,
  );
}

async function worker(cli: CliContext): Promise<ExitCode> {
  const rt = await openRuntime(cli, { persistent: true });
  return serve(cli, rt, () => Promise.resolve());
}

/**
 * Start workers (and whatever else `boot` starts) and, given metrics, the HTTP server; then
 * wait for a signal and drain: the server closes first (no new actions), then the workers get
 * their grace period, then queues and connections close.
 */
export async function serve(cli: CliContext, rt: Runtime, boot: () => Promise<void>, metrics?: OperatorMetrics): Promise<ExitCode> {
  const log = cli.logger();
  let http: RunningServer | undefined;
  try {
    rt.startWorkers(['control', 'push']);
    await boot();
    if (metrics) {
      http = await startOperatorServer(cli, rt, metrics, eventHookRoutes(rt, log));
      announceServer(cli, http);
      cli.emitJson({ server: http.json });
    }
    log.info({ concurrency: rt.config.idaas.concurrency }, 'workers running; SIGTERM to stop');
    const signal = await untilSignal();
    log.info({ signal, graceMs: rt.config.queue.shutdownGraceMs }, 'stopping: no new jobs; letting running jobs finish');
  } finally {
    await http?.close();
    await rt.close();
  }
  log.info('stopped');
  return EXIT.OK;
}

import { Option, type Command } from 'commander';
import { startIdaasEmulator } from '../../emulators/idaas/index.js';
import { demoOktaSeedFile, startOktaEmulator } from '../../emulators/okta/index.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { untilSignal } from '../signals.js';

const int = (v: string): number => {
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${v}"`);
  return n;
};

export function registerEmulateCommand(program: Command, bind: Bind): void {
  program
    .command('emulate')
    .description('start only the Okta and IDaaS emulators on loopback, for trying things by hand (Ctrl-C stops them)')
    .addOption(new Option('--users <n>', 'generate an Okta org with N users (default: the sample org in config/demo-okta.yaml)').argParser(int))
    .addOption(new Option('--groups <n>', 'groups in the generated org').argParser(int))
    .addOption(new Option('--seed-file <file>', 'Okta org from a YAML seed file (format: docs/emulators.md)'))
    .addOption(new Option('--okta-port <port>', 'Okta emulator port (default: any free port)').argParser(int))
    .addOption(new Option('--idaas-port <port>', 'IDaaS emulator port (default: any free port)').argParser(int))
    .addOption(new Option('--idaas-latency-ms <ms>', 'latency the IDaaS emulator adds to every SCIM request').argParser(int))
    .option('--no-okta-rate-limit', "never answer 429 from the Okta emulator (benchmarks); by default it enforces Okta's per-minute budgets")
    .action(bind(emulate));
}

interface EmulateOptions {
  users?: number;
  groups?: number;
  seedFile?: string;
  oktaPort?: number;
  idaasPort?: number;
  idaasLatencyMs?: number;
  oktaRateLimit: boolean;
}

async function emulate(cli: CliContext, opts: EmulateOptions): Promise<ExitCode> {
  const generated = opts.users !== undefined || opts.groups !== undefined;
  const okta = await startOktaEmulator({
    ...(opts.oktaPort !== undefined ? { port: opts.oktaPort } : {}),
    ...(opts.oktaRateLimit ? {} : { rateLimit: false as const }),
    ...(opts.seedFile ? { seedFile: opts.seedFile } : generated ? { users: opts.users ?? 100, groups: opts.groups ?? 10 } : { seedFile: demoOktaSeedFile() }),
  });
  const idaas = await startIdaasEmulator({
    ...(opts.idaasPort !== undefined ? { port: opts.idaasPort } : {}),
    ...(opts.idaasLatencyMs ? { faults: { latencyMs: opts.idaasLatencyMs } } : {}),
  }).catch(async (err: unknown) => {
    await okta.close();
    throw err;
  });
  try {
    // The emulators' tokens are throwaway test credentials; printing them is the point.
    if (cli.json) {
      cli.io.stdout.write(`${JSON.stringify({ okta: { url: okta.url, token: okta.token, appId: okta.appId }, idaas: { url: idaas.url, token: idaas.token } })}\n`);
    } else {
      const users = okta.org.state.userCount;
      cli.io.stdout.write(
        [
          `Okta emulator   ${okta.url}   (SSWS token ${okta.token}, app ${okta.appId}, ${users} users)`,
          `IDaaS emulator  ${idaas.url}   (Bearer token ${idaas.token})`,
          `admin APIs      ${okta.url}/__admin/...  and  ${idaas.adminUrl}/...  (docs/emulators.md)`,
          'Ctrl-C stops both.',
          '',
        ].join('\n'),
      );
    }
    await untilSignal();
  } finally {
    await Promise.all([okta.close(), idaas.close()]);
  }
  return EXIT.OK;
}

import { Command, CommanderError, Option } from 'commander';
import { FileProblemsError, OisyncError, describeError } from '../domain/errors.js';
import { registerConfigCommands } from './commands/config.js';
import { registerDaemonCommands } from './commands/daemon.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerEmulateCommand } from './commands/emulate.js';
import { registerFlagsCommands } from './commands/flags.js';
import { registerMappingCommands } from './commands/mapping.js';
import { registerPlanCommands } from './commands/plan.js';
import { registerReconcileCommand } from './commands/reconcile.js';
import { registerRunsCommands } from './commands/runs.js';
import { registerSyncCommand } from './commands/sync.js';
import { CliContext, type Bind, type CliIo, type GlobalOptions } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { packageInfo } from './package-info.js';


export type CommandAction = (ctx: CliContext) => Promise<ExitCode>;

/**
 * Builds the `oisync` program. Commands register through `bind`, which turns their result
 * into an exit code and every thrown error into a clear message (never a stack trace for
 * expected problems).
 */
export function buildProgram(io: CliIo, onExit: (code: ExitCode) => void): Command {
  const program = new Command('oisync')
    .description('Sync users, groups and memberships from Okta to Alibaba Cloud IDaaS over SCIM 2.0')
    .version(packageInfo().version, '-V, --version')
    .option('-c, --config <file>', 'config file (default: $OISYNC_CONFIG or ./config/oisync.yaml)')
    .option('--json', 'machine-readable output on stdout (logs stay on stderr)')
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const bind: Bind =
    (action: (ctx: CliContext, ...args: never[]) => Promise<ExitCode>) =>
    async (...args: unknown[]): Promise<void> => {
      const cmd = args[args.length - 1] as Command;
      const ctx = new CliContext(cmd.optsWithGlobals<GlobalOptions>(), io);
      onExit(await runAction(ctx, () => action(ctx, ...(args.slice(0, -1) as never[]))));
    };

  registerConfigCommands(program, bind);
  registerMappingCommands(program, bind);
  registerSyncCommand(program, bind);
  registerReconcileCommand(program, bind);
  registerFlagsCommands(program, bind);
  registerRunsCommands(program, bind);
  registerPlanCommands(program, bind);
  registerDaemonCommands(program, bind);
  registerEmulateCommand(program, bind);
  registerDemoCommand(program, bind);
  registerDoctorCommand(program, bind);
  return program;
}

async function runAction(ctx: CliContext, action: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await action();
  } catch (err) {
    return reportError(ctx, err);
  }
}

export function reportError(ctx: CliContext, err: unknown): ExitCode {
  const usage = err instanceof OisyncError && ['CONFIG_INVALID', 'CONFIG_NOT_FOUND', 'MAPPING_INVALID', 'MAPPING_NOT_FOUND', 'USAGE'].includes(err.code);
  const { code, message } = describeError(err);
  if (ctx.json) {
    ctx.emitJson({
      ok: false,
      error: { code, message, ...(err instanceof FileProblemsError ? { problems: err.problems } : {}) },
    });
  }
  ctx.printError(`error ${code}: ${message}`);
  if (!(err instanceof OisyncError) && err instanceof Error && err.stack) ctx.printError(err.stack);
  return usage ? EXIT.USAGE : EXIT.FAILED;
}

/** Run the CLI; resolves with the exit code (the caller sets process.exitCode). */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exit: ExitCode = EXIT.OK;
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    throw err;
  }
  return exit;
}

import type { Writable } from 'node:stream';
import { loadConfig } from '../config/load.js';
import type { OisyncConfig } from '../config/schema.js';
import { createLogger, type AppLogger } from '../log/logger.js';
import { Redactor } from '../log/redact.js';
import type { ExitCode } from './exit-codes.js';

/**
 * How a command module attaches an action: `bind(fn)` turns the action's result into the exit
 * code and any thrown error into a clear message.
 */
export type Bind = (action: (ctx: CliContext, ...args: never[]) => Promise<ExitCode>) => (...args: unknown[]) => Promise<void>;

/** Options every command accepts (set on the root program). */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  logLevel?: string;
}

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * What a command gets: its global options, where to write, and lazy access to the config and
 * the logger. Human output goes to stdout unless `--json`, in which case stdout carries exactly
 * one JSON document and logs stay on stderr.
 */
export class CliContext {
  readonly redactor = new Redactor();
  private cachedConfig: OisyncConfig | undefined;
  private cachedLogger: AppLogger | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly io: CliIo,
  ) {}

  get json(): boolean {
    return this.options.json === true;
  }

  /** Loads (once) and returns the config; throws FileProblemsError on any problem. */
  config(): OisyncConfig {
    if (!this.cachedConfig) this.useConfig(loadConfig({ explicitPath: this.options.config, env: this.io.env, cwd: this.io.cwd }));
    return this.cachedConfig as OisyncConfig;
  }

  /** Use a config built in-process (the demo builds one for its emulators). */
  useConfig(cfg: OisyncConfig): void {
    this.redactor.add(cfg.okta.apiToken);
    this.redactor.add(cfg.okta.oauth?.privateKey);
    this.redactor.add(cfg.idaas.bearerToken);
    this.redactor.add(cfg.server.adminToken);
    this.redactor.add(cfg.server.eventHookSecret);
    this.cachedConfig = cfg;
    this.cachedLogger = undefined;
  }

  logger(): AppLogger {
    if (!this.cachedLogger) {
      const cfg = this.cachedConfig;
      this.cachedLogger = createLogger({
        level: this.options.logLevel ?? cfg?.log.level ?? 'info',
        format: cfg?.log.format ?? 'auto',
        destination: this.io.stderr,
        redactor: this.redactor,
      });
    }
    return this.cachedLogger;
  }

  /** Human-readable output (suppressed with --json). */
  print(text = ''): void {
    if (!this.json) this.io.stdout.write(`${this.redactor.text(text)}\n`);
  }

  /** The machine-readable result (only with --json). */
  emitJson(value: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(this.redactor.value(value))}\n`);
  }

  /** An error for the operator, on stderr, with secrets removed. */
  printError(text: string): void {
    this.io.stderr.write(`${this.redactor.text(text)}\n`);
  }
}

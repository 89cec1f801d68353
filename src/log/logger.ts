import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import type { Logger } from '../domain/ports.js';
import { Redactor } from './redact.js';

export interface LoggerOptions {
  level?: string;
  /** auto = pretty when the destination is a TTY. */
  format?: 'auto' | 'json' | 'pretty';
  /** Where lines go; stderr by default so `--json` output on stdout stays clean. */
  destination?: DestinationStream & { isTTY?: boolean };
  redactor?: Redactor;
  name?: string;
}

export type AppLogger = PinoLogger & Logger;

/**
 * The one logger factory. Every line passes through the Redactor twice: the merged object
 * (bindings, error objects, details) via `formatters.log`, and the message string via
 * `hooks.logMethod`; pino's own path redaction covers the usual header locations too.
 */
export function createLogger(opts: LoggerOptions = {}): AppLogger {
  const redactor = opts.redactor ?? new Redactor();
  const dest = opts.destination ?? (process.stderr);
  const format = opts.format ?? 'auto';
  const usePretty = format === 'pretty' || (format === 'auto' && dest.isTTY === true);
  const stream: DestinationStream = usePretty
    ? pretty({ destination: dest as unknown as NodeJS.WritableStream, colorize: dest.isTTY === true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
    : dest;
  const logger = pino(
    {
      level: opts.level ?? 'info',
      ...(opts.name ? { name: opts.name } : {}),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'token',
          '*.token',
          'apiToken',
          '*.apiToken',
          'bearerToken',
          '*.bearerToken',
          'adminToken',
          '*.adminToken',
          'eventHookSecret',
          '*.eventHookSecret',
          'password',
          '*.password',
          'headers.authorization',
          '*.headers.authorization',
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
        ],
        censor: '[REDACTED]',
      },
      serializers: { err: (e: unknown) => redactor.value(e), error: (e: unknown) => redactor.value(e) },
      formatters: {
        log: (obj) => redactor.value(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((a) => (typeof a === 'string' ? redactor.text(a) : a));
          method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
  return logger;
}

/** A logger that writes nothing (tests, `--json` commands that must stay quiet). */
export function silentLogger(): AppLogger {
  return pino({ level: 'silent' });
}

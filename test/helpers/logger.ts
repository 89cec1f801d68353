import type { Logger } from '../../src/domain/ports.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** A Logger that keeps what it is told, for asserting on what an operator would read. */
export class RecordingLogger implements Logger {
  constructor(readonly lines: LogLine[] = []) {}
  debug(obj: object, msg = ''): void {
    this.lines.push({ level: 'debug', obj: obj as Record<string, unknown>, msg });
  }
  info(obj: object, msg = ''): void {
    this.lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg });
  }
  warn(obj: object, msg = ''): void {
    this.lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg });
  }
  error(obj: object, msg = ''): void {
    this.lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg });
  }
  child(): Logger {
    return new RecordingLogger(this.lines);
  }
}

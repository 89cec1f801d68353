import type { Bucket } from './rate-limiter.js';

/** One request as the emulator saw it; tests count and inspect these instead of timing. */
export interface RequestLogEntry {
  readonly seq: number;
  /** Epoch ms when it arrived. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly bucket: Bucket | 'admin';
  readonly limit?: number;
  readonly remaining?: number;
  /** Set when a fault rule answered the request. */
  readonly fault?: string;
}

/** A bounded log of the most recent requests. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 100_000) {}

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.entries.push({ ...entry, seq: ++this.seq });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  all(): readonly RequestLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}

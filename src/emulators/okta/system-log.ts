import type { LogEvent } from './log-events.js';

/**
 * The org's System Log: append-only, in publish order. A position is the count of events
 * before it, which makes the `after` cursor exact: resuming from it never repeats or skips
 * an event, whatever the filter.
 */
export class SystemLog {
  private readonly events: LogEvent[] = [];
  private readonly published: number[] = [];
  private last = 0;

  /** Appends with a publish time that never goes backwards, even if the clock does. */
  append(make: (publishedMs: number) => LogEvent, nowMs: number): LogEvent {
    const at = Math.max(nowMs, this.last);
    this.last = at;
    const event = make(at);
    this.events.push(event);
    this.published.push(at);
    return event;
  }

  get size(): number {
    return this.events.length;
  }

  at(position: number): LogEvent | undefined {
    return this.events[position];
  }

  all(): readonly LogEvent[] {
    return this.events;
  }

  /** The first position whose event was published at or after `ms`. */
  positionAt(ms: number): number {
    let lo = 0;
    let hi = this.published.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.published[mid] as number) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

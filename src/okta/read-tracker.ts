import type { ReadReport } from '../domain/ports.js';

type ListingState = 'reading' | 'done' | 'failed';

/**
 * Keeps the completeness of one scope read: every listing (users, groups, each group's
 * members) is registered when it starts and marked done only when its last page was read. A
 * listing that failed, hit an empty page with a next link, or was abandoned by the caller is
 * a problem; the engine refuses destructive steps unless the whole read was complete.
 */
export class ReadTracker {
  private readonly listings = new Map<string, ListingState>();
  private readonly problems: string[] = [];
  private counter = 0;

  /** Registers a listing; returns its key (a repeated listing gets a numbered key). */
  start(name: string): string {
    const key = this.listings.has(name) ? `${name} (#${++this.counter})` : name;
    this.listings.set(key, 'reading');
    return key;
  }

  done(key: string): void {
    if (this.listings.get(key) === 'reading') this.listings.set(key, 'done');
  }

  fail(key: string, reason: string): void {
    if (this.listings.get(key) === 'failed') return;
    this.listings.set(key, 'failed');
    this.problems.push(`${key}: ${reason}`);
  }

  /** A problem that does not stop the listing (e.g. an item that could not be used). */
  note(key: string, reason: string): void {
    this.problems.push(`${key}: ${reason}`);
  }

  state(key: string): ListingState | undefined {
    return this.listings.get(key);
  }

  /**
   * Complete when the users listing was read to its end and every other listing that was
   * started also was, with no problem noted.
   */
  report(): ReadReport {
    const problems = [...this.problems];
    if (![...this.listings.entries()].some(([k, s]) => k.startsWith('users') && s === 'done')) {
      problems.push('users: the listing of assigned users was not read to its end');
    }
    for (const [key, state] of this.listings) {
      if (state === 'reading') problems.push(`${key}: still being read, or stopped before its last page`);
    }
    return { complete: problems.length === 0, problems };
  }
}

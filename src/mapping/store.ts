import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { sha256Hex } from '../domain/canonical-json.js';
import { formatProblem, type FileProblem } from '../domain/errors.js';
import { systemClock, type Clock, type Logger } from '../domain/ports.js';
import { checkMapping, compileMapping } from './compile.js';
import type { CompiledMapping } from './compiled-mapping.js';
import { diffMappings, formatMappingDiff, type MappingDiff } from './diff.js';
import { readMappingFile } from './load.js';

export interface MappingStoreOptions {
  readonly file: string;
  readonly customFieldNamespace?: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Quiet time after a change event before the file is read (editors write in bursts), ms. */
  readonly debounceMs?: number;
  /** How often the file's size/mtime/inode is checked, in case fs.watch misses a change, ms; 0 disables. */
  readonly pollIntervalMs?: number;
  /** Use fs.watch (default true); the periodic check runs either way. */
  readonly watch?: boolean;
}

export interface MappingLoadError {
  readonly at: string;
  readonly code: 'MAPPING_INVALID' | 'MAPPING_NOT_FOUND';
  readonly message: string;
  readonly problems: readonly FileProblem[];
}

export interface MappingStatus {
  /** False while the file on disk is not the mapping in use (it failed to load). */
  readonly ok: boolean;
  readonly file: string;
  /** Hash of the mapping in use. */
  readonly hash: string;
  /** When the mapping in use was loaded. */
  readonly loadedAt: string;
  /** Warnings of the mapping in use. */
  readonly warnings: readonly FileProblem[];
  /** Why the file on disk is not in use, while it is not. */
  readonly lastError?: MappingLoadError;
  /** Reloads rejected since the process started (a metric: each is an edit that did not apply). */
  readonly reloadErrors: number;
}

export type ReloadOutcome =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'applied'; readonly hash: string; readonly previousHash: string; readonly diff: MappingDiff }
  | { readonly kind: 'rejected'; readonly error: MappingLoadError };

/**
 * The mapping a long-running daemon uses, reloaded when the file changes. A valid edit applies
 * to jobs that call `current()` afterwards (a job takes the mapper once, at its start, so one
 * job never mixes two mappings); an invalid edit is logged with every problem and exposed in
 * `status()`, and the last good mapping stays in use.
 */
export class MappingStore {
  private mapping: CompiledMapping;
  private loadedAt: Date;
  private lastError: MappingLoadError | undefined;
  private rejectedReloads = 0;
  /** Digest of the text last looked at (good or bad), so an unchanged file is not re-reported. */
  private seenText: string;
  private statSignature: string | undefined;
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly clock: Clock;
  private readonly listeners = new Set<(mapping: CompiledMapping, diff: MappingDiff) => void>();

  /** Loads the file; throws MAPPING_NOT_FOUND / MAPPING_INVALID, since a daemon must not start without a mapping. */
  constructor(private readonly opts: MappingStoreOptions) {
    this.clock = opts.clock ?? systemClock;
    const text = readMappingFile(opts.file);
    this.mapping = compileMapping(text, { ...this.compileOptions(), file: opts.file });
    this.seenText = sha256Hex(text);
    this.loadedAt = this.clock.now();
    this.statSignature = this.signature();
  }

  current(): CompiledMapping {
    return this.mapping;
  }

  status(): MappingStatus {
    return {
      ok: this.lastError === undefined,
      file: this.opts.file,
      hash: this.mapping.hash,
      loadedAt: this.loadedAt.toISOString(),
      warnings: this.mapping.warnings,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      reloadErrors: this.rejectedReloads,
    };
  }

  /** Called with the new mapping after each applied change (e.g. to update a metric). */
  onChange(listener: (mapping: CompiledMapping, diff: MappingDiff) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-read the file now. Never throws: a bad file is reported and the last good mapping kept. */
  reload(): ReloadOutcome {
    const log = this.opts.logger;
    let text: string;
    try {
      text = readMappingFile(this.opts.file);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return this.reject({ at: this.clock.now().toISOString(), code: 'MAPPING_NOT_FOUND', message, problems: [] }, `missing:${message}`);
    }
    const digest = sha256Hex(text);
    if (digest === this.seenText) return { kind: 'unchanged' };

    const r = checkMapping(text, { ...this.compileOptions(), file: this.opts.file });
    if (!r.ok) {
      const head = `${this.opts.file}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`;
      return this.reject({ at: this.clock.now().toISOString(), code: 'MAPPING_INVALID', message: head, problems: r.problems }, digest);
    }

    const previous = this.mapping;
    const diff = diffMappings(previous, r.mapping);
    this.mapping = r.mapping;
    this.seenText = digest;
    this.loadedAt = this.clock.now();
    const recovered = this.lastError !== undefined;
    this.lastError = undefined;
    const fields = {
      file: this.opts.file,
      hash: r.mapping.hash,
      previousHash: previous.hash,
      user: diff.user,
      group: diff.group,
      ...(r.mapping.warnings.length ? { warnings: r.mapping.warnings.map(formatProblem) } : {}),
    };
    const summary = formatMappingDiff(diff);
    if (diff.same) log.info(fields, `mapping file changed; ${summary} (hash ${short(r.mapping.hash)})${recovered ? '; the earlier error is fixed' : ''}`);
    else log.info(fields, `mapping reloaded: ${summary} (hash ${short(previous.hash)} → ${short(r.mapping.hash)}); applies to jobs started from now on`);
    if (!diff.same) for (const l of this.listeners) l(r.mapping, diff);
    return { kind: 'applied', hash: r.mapping.hash, previousHash: previous.hash, diff };
  }

  /** Watch the file (fs.watch on its directory, plus a periodic stat in case events are missed). */
  start(): void {
    if (this.watcher || this.poller) return;
    if (this.opts.watch !== false) this.watchDirectory();
    const every = this.opts.pollIntervalMs ?? 5_000;
    if (every > 0) {
      this.poller = setInterval(() => {
        const sig = this.signature();
        if (sig !== this.statSignature) {
          this.statSignature = sig;
          this.schedule();
        }
      }, every);
      this.poller.unref();
    }
  }

  private watchDirectory(): void {
    const name = basename(this.opts.file);
    try {
      // The directory, not the file: editors save by writing a new file and renaming it over,
      // which a watch on the old file would never see.
      this.watcher = watch(dirname(this.opts.file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed.toString() === name) this.schedule();
      });
      this.watcher.on('error', (err) => {
        this.opts.logger.warn({ file: this.opts.file, err }, 'mapping file watch failed; relying on periodic checks');
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (err) {
      this.opts.logger.warn({ file: this.opts.file, err }, 'cannot watch the mapping file; relying on periodic checks');
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = undefined;
  }

  private schedule(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.statSignature = this.signature();
      this.reload();
    }, this.opts.debounceMs ?? 200);
    this.debounce.unref();
  }

  private reject(error: MappingLoadError, seen: string): ReloadOutcome {
    if (seen === this.seenText) return { kind: 'unchanged' };
    this.seenText = seen;
    this.lastError = error;
    this.rejectedReloads += 1;
    this.opts.logger.error(
      { file: this.opts.file, code: error.code, problems: error.problems.map(formatProblem), hash: this.mapping.hash },
      `mapping reload rejected (${error.code}): ${error.message}; keeping the last good mapping (hash ${short(this.mapping.hash)})`,
    );
    return { kind: 'rejected', error };
  }

  private signature(): string | undefined {
    try {
      const s = statSync(this.opts.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return undefined;
    }
  }

  private compileOptions(): { customFieldNamespace?: string } {
    return this.opts.customFieldNamespace === undefined ? {} : { customFieldNamespace: this.opts.customFieldNamespace };
  }
}

function short(hash: string): string {
  return hash.slice(0, 12);
}

import { describeError, UnauthorizedError } from '../domain/errors.js';
import type { RunContext } from './run-context.js';

/**
 * Iterate an Okta listing; if it breaks off part-way, keep what was read, note why on the run,
 * and end the listing. The reader's completeness report then says "incomplete", so no
 * destructive step is planned, and the run ends as failed. Credentials refused are not a
 * partial read: they stop the run.
 */
export async function* guarded<T>(rc: RunContext, what: string, pages: AsyncIterable<T>): AsyncIterable<T> {
  try {
    for await (const page of pages) yield page;
  } catch (err) {
    if (err instanceof UnauthorizedError) throw err;
    const { code, message } = describeError(err);
    rc.ctx.logger.warn({ runId: rc.runId, what, code }, `Okta ${what} listing stopped part-way: ${message}`);
    await rc.ctx.state.addRunNote(rc.runId, `Okta ${what} listing stopped part-way (${code}: ${message})`);
  }
}

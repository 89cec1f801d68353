import cliProgress from 'cli-progress';
import type { StateStore } from '../domain/ports.js';
import { isFinalRun, type RunRecord } from '../domain/runs.js';
import type { CliContext } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { eta } from './render.js';


export function exitCodeFor(run: RunRecord): ExitCode {
  switch (run.status) {
    case 'succeeded':
    case 'planned':
      return EXIT.OK;
    case 'held':
      return EXIT.HELD;
    default:
      return EXIT.FAILED;
  }
}

/**
 * Wait for a run to end, showing progress: a bar with counts and ETA on a TTY, a line every few
 * seconds otherwise, nothing with --json.
 */
export async function followRun(cli: CliContext, state: StateStore, runId: string, pollMs = 300): Promise<RunRecord> {
  const tty = cli.io.stderr.isTTY === true && !cli.json;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: ' {phase} |{bar}| {value}/{total} records | {eta_text}', hideCursor: true, stream: cli.io.stderr, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let lastLine = 0;
  let lastText = '';
  try {
    for (;;) {
      const run = await state.getRun(runId);
      if (run) {
        const etaText = eta(run) ? `ETA ${eta(run)}` : run.phase;
        if (bar) {
          if (!started) bar.start(Math.max(run.planned, 1), run.done, { phase: run.phase, eta_text: etaText });
          started = true;
          bar.setTotal(Math.max(run.planned, 1));
          bar.update(run.done, { phase: run.phase.padEnd(11), eta_text: etaText });
        } else if (!cli.json && Date.now() - lastLine > 5000) {
          const text = `${run.phase}: ${run.done}/${run.planned} records${eta(run) ? `, ETA ${eta(run)}` : ''}`;
          if (text !== lastText) cli.io.stderr.write(`${text}\n`);
          lastText = text;
          lastLine = Date.now();
        }
        if (isFinalRun(run)) return run;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    bar?.stop();
  }
}

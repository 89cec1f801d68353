import type { Command } from 'commander';
import type { CheckResult, Verdict } from '../../doctor/check.js';
import { configFailed, runDoctor } from '../../doctor/run-doctor.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { packageInfo } from '../package-info.js';

export function registerDoctorCommand(program: Command, bind: Bind): void {
  program
    .command('doctor')
    .description('preflight before the first sync: config, Okta token and permissions, app and groups, IDaaS connector test, discovery and custom field namespace, password policy, Redis, clock')
    .action(bind(doctor));
}

const MARK: Record<Verdict, string> = { PASS: 'PASS', WARN: 'WARN', FAIL: 'FAIL', SKIP: 'SKIP' };

async function doctor(cli: CliContext): Promise<ExitCode> {
  let results: CheckResult[];
  try {
    const config = cli.config();
    results = await runDoctor(config, { logger: cli.logger(), now: Date.now, userAgent: `okta-idaas-sync/${packageInfo().version} (doctor)` });
  } catch (err) {
    results = configFailed(err);
  }
  const count = (v: Verdict): number => results.filter((r) => r.verdict === v).length;
  const ok = count('FAIL') === 0;
  cli.emitJson({ ok, checks: results });
  const width = Math.max(...results.map((r) => r.id.length));
  for (const r of results) {
    const [first = '', ...rest] = r.detail.split('\n');
    cli.print(`${MARK[r.verdict]}  ${r.id.padEnd(width)}  ${first}`);
    for (const l of rest) cli.print(`${' '.repeat(width + 8)}${l}`);
    if (r.fix && (r.verdict === 'FAIL' || r.verdict === 'WARN')) cli.print(`${' '.repeat(width + 8)}fix: ${r.fix}`);
  }
  cli.print(`\n${count('PASS')} passed, ${count('WARN')} warning(s), ${count('FAIL')} failed, ${count('SKIP')} skipped`);
  return ok ? EXIT.OK : EXIT.FAILED;
}

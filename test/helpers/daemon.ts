import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface RunningDaemon {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** SIGTERM, then the exit code once it has drained. */
  stop(): Promise<number | null>;
}

/**
 * `oisync daemon` as its own process (through tsx, as `npm run demo` runs), resolved once it
 * prints where the status page listens.
 */
export async function startDaemon(configFile: string, env: Record<string, string>, timeoutMs = 60_000): Promise<RunningDaemon> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), '--config', configFile, 'daemon'], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the daemon did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const look = (): void => {
      const m = /Status page +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    child.stdout?.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`the daemon exited (${code}) before it listened:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

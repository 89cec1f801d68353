import { userInfo } from 'node:os';
import type { CliContext } from './context.js';

/** Who is at the keyboard, for approvals and flag resolutions: $USER, else the OS account. */
export function operatorName(cli: CliContext): string {
  return cli.io.env['USER'] ?? cli.io.env['USERNAME'] ?? userInfo().username;
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of the shipped sample org, `config/demo-okta.yaml`, found by walking up from this file
 * (works from src/ under tsx/vitest and from dist/).
 */
export function demoOktaSeedFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'config', 'demo-okta.yaml');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('config/demo-okta.yaml not found above ' + fileURLToPath(import.meta.url));
}

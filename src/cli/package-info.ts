import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /** The project root (where package.json and config/ are). */
  readonly root: string;
}

let cached: PackageInfo | undefined;

/** Finds our package.json by walking up from this file (works from src/ under vitest and from dist/). */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'okta-idaas-sync') {
        cached = { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir };
        return cached;
      }
    }
    dir = dirname(dir);
  }
  throw new Error('package.json of okta-idaas-sync not found above ' + fileURLToPath(import.meta.url));
}

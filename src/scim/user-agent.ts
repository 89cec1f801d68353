import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * `okta-idaas-sync/<version>`: a distinct User-Agent so IDaaS-side logs show who called.
 * The version is read from our package.json (walking up, so it works from src/ and dist/).
 */
export function defaultUserAgent(): string {
  if (cached) return cached;
  let version = '0.0.0';
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'okta-idaas-sync') {
        version = pkg.version ?? version;
        break;
      }
    }
    dir = dirname(dir);
  }
  cached = `okta-idaas-sync/${version}`;
  return cached;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Realistic-length fake credentials, so redaction is tested as it works on real ones. */
export const FAKE_OKTA_TOKEN = '00aB3xQ9_fakeOktaSSWSToken_7fK2pLmN4vR8sT1wY';
export const FAKE_SCIM_TOKEN = 'idaas-fake-bearer-5d1c7e9a2b4f6083-KqZ';
export const FAKE_ADMIN_TOKEN = 'admin-fake-token-9c8b7a6d5e4f3a2b1c0d';

export const TEST_ENV: NodeJS.ProcessEnv = {
  OKTA_API_TOKEN: FAKE_OKTA_TOKEN,
  IDAAS_SCIM_TOKEN: FAKE_SCIM_TOKEN,
  OISYNC_ADMIN_TOKEN: FAKE_ADMIN_TOKEN,
};

/** A temp directory holding the given files; returns its path. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'oisync-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export const MINIMAL_MAPPING = `user:
  userName: { from: profile.login, required: true }
group:
  displayName: { from: profile.name, required: true }
`;

export function minimalConfig(extra = ''): string {
  return `okta:
  orgUrl: https://acme.okta.com
  apiToken: \${OKTA_API_TOKEN}
  appId: 0oa1app
idaas:
  scimBaseUrl: https://tenant.aliyunidaas.com/api/v2/app_1/scim/v2
  bearerToken: \${IDAAS_SCIM_TOKEN}
${extra}`;
}

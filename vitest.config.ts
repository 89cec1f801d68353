import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Keep stray Okta SDK configuration out of every test process (the SDK reads OKTA_CLIENT_*).
    env: { OKTA_CLIENT_ORGURL: '', OKTA_CLIENT_TOKEN: '' },
  },
});

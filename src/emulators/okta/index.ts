/** The embedded Okta management API emulator (demo mode and tests). See docs/emulators.md. */
export { startOktaEmulator, buildOrgFromOptions, type OktaEmulator } from './start.js';
export type { OktaEmulatorOptions } from './options.js';
export { OktaOrg, type AdminResult, type ProfilePatch } from './org.js';
export type { FaultRule } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { Bucket } from './rate-limiter.js';
export { DEFAULT_LIMITS } from './rate-limiter.js';
export type { LogEvent } from './log-events.js';
export { generateOrg, type GenerateOptions } from './generate.js';
export { loadSeedFile, parseSeed } from './seed-file.js';
export type { SeedOrg } from './seed-model.js';
export { demoOktaSeedFile } from './demo-seed.js';
export { ADMIN_ACTIONS, type AdminAction } from './routes/admin.js';

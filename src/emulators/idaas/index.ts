export { startIdaasEmulator, type IdaasEmulator } from './server.js';
export type { IdaasEmulatorOptions, PasswordPolicy } from './options.js';
export type { FaultSettings } from './faults.js';
export type { CounterSnapshot } from './counters.js';
export type { EmulatorEdits, EmulatorState } from './edits.js';

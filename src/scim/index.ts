export { createScimClient, type CreateScimClientDeps, type IdaasConfig, type ScimTarget } from './create-scim-client.js';
export { ScimClient, type ConnectorTest, type ScimRequestEvent } from './client.js';
export { checkCapabilities } from './discovery.js';
export type { RecordedWrite } from './dry-run-transport.js';
export { parseRetryAfter } from './retry-after.js';

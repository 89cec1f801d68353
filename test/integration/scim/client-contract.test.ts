/**
 * The TargetDirectory contract, run against the real SCIM client talking to the IDaaS
 * emulator over HTTP — once with PATCH answering 200 + resource, once with 204.
 */
import { startIdaasEmulator } from '../../../src/emulators/idaas/index.js';
import { SCHEMA_CUSTOMFIELD_USER } from '../../../src/domain/scim.js';
import { Secret } from '../../../src/domain/secret.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createScimClient } from '../../../src/scim/index.js';
import { targetDirectoryContract } from '../../contract/target-directory.contract.js';
import { idaasConfig } from '../../helpers/scim-client.js';

for (const patchReturns of ['resource', 'no-content'] as const) {
  targetDirectoryContract(`SCIM client → IDaaS emulator (PATCH answers ${patchReturns === 'resource' ? '200' : '204'})`, async () => {
    const emu = await startIdaasEmulator({ patchReturns });
    const membershipBatchSize = 25;
    const target = createScimClient(idaasConfig({ scimBaseUrl: emu.url, bearerToken: new Secret(emu.token), membershipBatchSize }), { logger: silentLogger() });
    return {
      target,
      customField: { namespace: SCHEMA_CUSTOMFIELD_USER, field: 'user_address' },
      membershipBatchSize,
      close: async () => {
        target.close();
        await emu.close();
      },
    };
  });
}

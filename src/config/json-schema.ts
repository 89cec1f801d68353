import { z } from 'zod';
import { configSchema } from './schema.js';

/**
 * JSON Schema (draft 2020-12) of the config file, as editors see it: the input form, before
 * defaults and secret wrapping. Published as config/oisync.schema.json; a test keeps the
 * committed file equal to this output.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'okta-idaas-sync configuration (config/oisync.yaml)',
  };
}

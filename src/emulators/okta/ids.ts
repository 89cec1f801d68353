import { createHash, randomBytes } from 'node:crypto';
import type { Rng } from './prng.js';

/**
 * Okta-shaped ids: a 3-character type prefix and 17 base62 characters (20 in all), e.g.
 * `00u1a2B3c4D5e6F7g8H9`. Code that stores or validates ids should meet the real shape here.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const ID_PREFIX = {
  user: '00u',
  group: '00g',
  app: '0oa',
  appUser: '0ua',
  policy: '00p',
  userType: 'oty',
  errorId: 'oae',
} as const;

export type IdPrefix = (typeof ID_PREFIX)[keyof typeof ID_PREFIX];

function encode(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i % bytes.length] ?? 0) % ALPHABET.length];
  return out;
}

/** A deterministic id from the generator's PRNG. */
export function idFromRng(prefix: IdPrefix, rng: Rng): string {
  let out: string = prefix;
  for (let i = 0; i < 17; i++) out += ALPHABET[rng.int(0, ALPHABET.length - 1)];
  return out;
}

/** A stable id derived from a name (a seed file's login or group name), so edits elsewhere in the file keep ids. */
export function idFromName(prefix: IdPrefix, name: string): string {
  return prefix + encode(createHash('sha256').update(`${prefix}:${name}`).digest(), 17);
}

/** A random id for things created at run time (admin API) and for error ids. */
export function randomId(prefix: IdPrefix): string {
  return prefix + encode(randomBytes(17), 17);
}

export function isOktaId(value: string, prefix: IdPrefix): boolean {
  return value.length === 20 && value.startsWith(prefix) && /^[0-9A-Za-z]+$/.test(value);
}

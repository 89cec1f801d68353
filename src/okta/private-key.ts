import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OisyncError } from '../domain/errors.js';
import type { Secret } from '../domain/secret.js';

export interface LoadedKey {
  /** PEM or JWK JSON text, as the SDK accepts it. */
  readonly key: string;
  /** `kid`: configured, or taken from a JWK. */
  readonly keyId?: string;
}

/**
 * Reads the OAuth private key (file or inline secret) and checks it is an RSA key the SDK can
 * sign with: EC keys fail inside the SDK since 7.3 (its DPoP code hard-codes RS256), so we
 * refuse them up front with a clear message. Errors name the file, never the key.
 */
export function loadPrivateKey(source: { privateKeyFile?: string | undefined; privateKey?: Secret | undefined; keyId?: string | undefined }): LoadedKey {
  const where = source.privateKeyFile ? `okta.oauth.privateKeyFile (${source.privateKeyFile})` : 'okta.oauth.privateKey';
  let text: string;
  if (source.privateKey && !source.privateKey.isEmpty) {
    text = source.privateKey.reveal();
  } else if (source.privateKeyFile) {
    try {
      text = readFileSync(source.privateKeyFile, 'utf8');
    } catch (err) {
      throw new OisyncError('OKTA_PRIVATE_KEY', `${where} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
        details: { file: source.privateKeyFile },
      });
    }
  } else {
    throw new OisyncError('OKTA_PRIVATE_KEY', 'okta.oauth needs privateKeyFile or privateKey');
  }
  const trimmed = text.trim();
  let kid: string | undefined;
  let type: string | undefined;
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as { kid?: unknown };
      kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
      type = createPrivateKey({ key: jwk as never, format: 'jwk' }).asymmetricKeyType;
    } else {
      type = createPrivateKey(trimmed).asymmetricKeyType;
    }
  } catch {
    throw new OisyncError('OKTA_PRIVATE_KEY', `${where} is not a private key in PEM (PKCS#1/PKCS#8) or JWK form`);
  }
  if (type !== 'rsa') {
    throw new OisyncError('OKTA_PRIVATE_KEY', `${where} is an ${type ?? 'unknown'} key; the Okta SDK signs only with RSA keys (RS256)`);
  }
  const keyId = source.keyId ?? kid;
  return { key: trimmed, ...(keyId ? { keyId } : {}) };
}

import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/domain/secret.js';
import { loadPrivateKey } from '../../../src/okta/private-key.js';
import { tempDir } from '../../helpers/config.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

describe('OAuth private key', () => {
  it('accepts RSA keys as PKCS#8 PEM, PKCS#1 PEM and JWK (kid from the JWK)', () => {
    const pkcs8 = rsa.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pkcs1 = rsa.export({ type: 'pkcs1', format: 'pem' }).toString();
    const jwk = JSON.stringify({ ...rsa.export({ format: 'jwk' }), kid: 'kid-1' });
    const dir = tempDir({ 'key.pem': pkcs1 });
    expect(loadPrivateKey({ privateKey: new Secret(pkcs8), keyId: 'k' })).toEqual({ key: pkcs8.trim(), keyId: 'k' });
    expect(loadPrivateKey({ privateKeyFile: join(dir, 'key.pem') }).key).toBe(pkcs1.trim());
    expect(loadPrivateKey({ privateKey: new Secret(jwk) }).keyId).toBe('kid-1');
  });

  it('refuses EC keys (the SDK signs DPoP with RS256 only), naming the source, not the key', () => {
    const pem = ec.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dir = tempDir();
    const file = join(dir, 'ec.pem');
    writeFileSync(file, pem);
    expect(() => loadPrivateKey({ privateKeyFile: file })).toThrow(`okta.oauth.privateKeyFile (${file}) is an ec key; the Okta SDK signs only with RSA keys (RS256)`);
  });

  it('names an unreadable file and refuses garbage without echoing it', () => {
    expect(() => loadPrivateKey({ privateKeyFile: '/nonexistent/key.pem' })).toThrow(/privateKeyFile \(\/nonexistent\/key\.pem\) cannot be read \(ENOENT\)/);
    let message = '';
    try {
      loadPrivateKey({ privateKey: new Secret('not-a-key-but-a-secret-value-123') });
    } catch (e) {
      message = (e as Error).message;
      expect(e).toMatchObject({ code: 'OKTA_PRIVATE_KEY' });
    }
    expect(message).toMatch(/not a private key/);
    expect(message).not.toContain('secret-value');
  });
});

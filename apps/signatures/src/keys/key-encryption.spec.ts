import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSignaturesConfig } from '../signatures.config';
import { KeyEncryption } from './key-encryption';

// What the platform's settings say (NODE_ENV, DATA_DIR), as loadSignaturesConfig and fromConfig read them.
const PRODUCTION = { production: true, DATA_DIR: './data' };
const DEVELOPMENT = { production: false, DATA_DIR: './data' };

describe('KeyEncryption (AES-256-GCM at rest)', () => {
  const encryption = new KeyEncryption(randomBytes(32));
  const secret = Buffer.from('-----BEGIN PRIVATE KEY----- not really');

  it('opens what it sealed, for the same context', () => {
    const sealed = encryption.seal(secret, 'signer-key:demo:u1');
    expect(sealed.includes(secret)).toBe(false);
    expect(encryption.open(sealed, 'signer-key:demo:u1')).toEqual(secret);
  });

  it('refuses a sealed secret moved to another row (context)', () => {
    const sealed = encryption.seal(secret, 'signer-key:demo:u1');
    expect(() => encryption.open(sealed, 'signer-key:demo:u2')).toThrow('does not authenticate');
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = encryption.seal(secret, 'c');
    sealed[sealed.length - 1] ^= 1;
    expect(() => encryption.open(sealed, 'c')).toThrow('does not authenticate');
  });

  it('says so when the key changed', () => {
    const sealed = encryption.seal(secret, 'c');
    expect(() => new KeyEncryption(randomBytes(32)).open(sealed, 'c')).toThrow('encrypted with another key');
  });

  it('uses SIGNATURES_KEY_ENCRYPTION_KEY when set', () => {
    const key = randomBytes(32).toString('base64');
    const config = loadSignaturesConfig(PRODUCTION, { SIGNATURES_KEY_ENCRYPTION_KEY: key });
    const sealed = KeyEncryption.fromConfig(config, PRODUCTION).seal(secret, 'c');
    expect(new KeyEncryption(Buffer.from(key, 'base64')).open(sealed, 'c')).toEqual(secret);
  });

  it('generates a development key once under DATA_DIR, with a warning', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-kek-'));
    const warn = jest.fn();
    const platform = { production: false, DATA_DIR: dataDir };
    const config = loadSignaturesConfig(platform, {});
    const first = KeyEncryption.fromConfig(config, platform, { warn } as never);
    const sealed = first.seal(secret, 'c');
    expect(KeyEncryption.fromConfig(config, platform, { warn } as never).open(sealed, 'c')).toEqual(secret);
    const file = join(dataDir, 'signatures', 'key-encryption.key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toHaveLength(32);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SIGNATURES_KEY_ENCRYPTION_KEY is not set'));
  });

  it('refuses to start in production without the key, naming the variable', () => {
    expect(() => loadSignaturesConfig(PRODUCTION, {})).toThrow(/SIGNATURES_KEY_ENCRYPTION_KEY: required when NODE_ENV=production/);
  });

  it('refuses a key that is not 32 bytes of base64', () => {
    expect(() => loadSignaturesConfig(DEVELOPMENT, { SIGNATURES_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /SIGNATURES_KEY_ENCRYPTION_KEY=.*32 bytes/,
    );
  });
});

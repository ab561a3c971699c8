import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { PlatformConfig } from '@amtsweg/platform';
import type { SignaturesConfig } from '../signatures.config';

const FORMAT_VERSION = 1;
const KEY_ID_LENGTH = 4;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + KEY_ID_LENGTH + IV_LENGTH + TAG_LENGTH;

/**
 * Seals secrets at rest (private keys, TOTP secrets) with AES-256-GCM. `context` names what the
 * secret belongs to (`signer-key:demo:<user>`) and is authenticated with it, so a sealed value
 * copied into another row does not open there.
 *
 * Sealed layout: version (1) · key id (4, from SHA-256 of the key) · IV (12) · tag (16) · ciphertext.
 */
export class KeyEncryption {
  private readonly keyId: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the key encryption key must be 32 bytes');
    this.keyId = createHash('sha256').update(key).digest().subarray(0, KEY_ID_LENGTH);
  }

  seal(plaintext: Buffer, context: string): Buffer {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), this.keyId, iv, cipher.getAuthTag(), ciphertext]);
  }

  open(sealed: Buffer, context: string): Buffer {
    if (sealed.length < HEADER_LENGTH || sealed[0] !== FORMAT_VERSION)
      throw new Error(`sealed secret for ${context} has an unknown format`);
    if (!sealed.subarray(1, 1 + KEY_ID_LENGTH).equals(this.keyId)) {
      throw new Error(`sealed secret for ${context} was encrypted with another key (SIGNATURES_KEY_ENCRYPTION_KEY changed?)`);
    }
    const iv = sealed.subarray(1 + KEY_ID_LENGTH, 1 + KEY_ID_LENGTH + IV_LENGTH);
    const tag = sealed.subarray(1 + KEY_ID_LENGTH + IV_LENGTH, HEADER_LENGTH);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(HEADER_LENGTH)), decipher.final()]);
    } catch {
      throw new Error(`sealed secret for ${context} does not authenticate (tampered, or sealed for another row)`);
    }
  }

  /**
   * The key from SIGNATURES_KEY_ENCRYPTION_KEY; outside production without it, a key generated once
   * under DATA_DIR/signatures (loadSignaturesConfig refuses production without the variable).
   */
  static fromConfig(
    config: SignaturesConfig,
    platform: Pick<PlatformConfig, 'production' | 'DATA_DIR'>,
    logger = new Logger('KeyEncryption'),
  ): KeyEncryption {
    if (config.SIGNATURES_KEY_ENCRYPTION_KEY) return new KeyEncryption(Buffer.from(config.SIGNATURES_KEY_ENCRYPTION_KEY, 'base64'));
    if (platform.production) throw new Error('SIGNATURES_KEY_ENCRYPTION_KEY is required in production');
    const dir = join(platform.DATA_DIR, 'signatures');
    const file = join(dir, 'key-encryption.key');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      // 'wx': two processes on one data folder must not both create a key; the loser reads the winner's.
      try {
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    logger.warn(
      `SIGNATURES_KEY_ENCRYPTION_KEY is not set: signing keys are encrypted with a development key stored in ${file}. Never do this in production.`,
    );
    return new KeyEncryption(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }
}

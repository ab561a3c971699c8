import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Personal data an event carries for messaging alone (the citizen's address, the manage link),
 * sealed with AES-256-GCM so that Kafka, its dead-letter topics and anyone reading them see none of
 * it (docs/personal-data-in-events.md). Every part base64url. `keyId` names the key of the ring that
 * sealed it, so keys can be rotated: the first key seals, every key opens.
 */
export interface SealedBox {
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/**
 * What a sealed box belongs to: the additional authenticated data, so that a box copied into another
 * tenant's event or another booking's event does not open there.
 */
export interface SealBinding {
  tenant: string;
  /** The event's subject: the booking id, or the release request id. */
  subject: string;
}

export interface SealKey {
  id: string;
  key: Buffer;
}

/** A box that does not open: unknown key id, tampered, moved to another event, or not JSON. */
export class UnopenableSeal extends Error {}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const AAD_LABEL = 'amtsweg.messaging-seal.v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Known to everyone who reads this file: events sealed with it are as good as clear. Used only
 * outside production when EVENT_SEAL_KEYS is unset, so that `npm start` needs no setup.
 */
export const DEVELOPMENT_SEAL_KEY: SealKey = {
  id: 'dev',
  key: createHash('sha256').update('amtsweg development event seal key, not a secret').digest(),
};

/**
 * `EVENT_SEAL_KEYS`: `id:key[,id:key…]`, each key 32 bytes in base64 or base64url. Throws with a
 * line that names the problem, never the key.
 */
export function parseSealKeys(setting: string): SealKey[] {
  const keys = setting.split(',').map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon).trim();
    if (colon < 0 || !KEY_ID.test(id)) throw new Error(`key ${index + 1}: expected id:key with an id of 1-32 letters, digits, _ or -`);
    const key = Buffer.from(entry.slice(colon + 1).trim(), 'base64');
    if (key.length !== 32) throw new Error(`key "${id}": must be 32 bytes in base64 (openssl rand -base64 32), is ${key.length}`);
    return { id, key };
  });
  const ids = keys.map((key) => key.id);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice) throw new Error(`key id "${twice}" appears twice`);
  return keys;
}

/** Seals with the first key of its ring and opens with any: rotation is adding a key in front. */
export class MessagingSeal {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly SealKey[]) {
    if (keys.length === 0) throw new Error('a messaging seal needs at least one key');
    this.byId = new Map(keys.map((key) => [key.id, key.key]));
  }

  get sealingKeyId(): string {
    return this.keys[0].id;
  }

  seal(plaintext: object, binding: SealBinding): SealedBox {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(id, binding));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(plaintext), 'utf8'), cipher.final()]);
    return {
      keyId: id,
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  }

  /** The sealed object, parsed; the caller validates its shape. Throws UnopenableSeal. */
  open(box: SealedBox, binding: SealBinding): unknown {
    const key = this.byId.get(box.keyId);
    if (!key) throw new UnopenableSeal(`sealed with key "${box.keyId}", which EVENT_SEAL_KEYS does not hold`);
    const iv = Buffer.from(box.iv, 'base64url');
    const tag = Buffer.from(box.tag, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new UnopenableSeal('sealed box with a malformed iv or tag');
    let plaintext: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(box.keyId, binding));
      decipher.setAuthTag(tag);
      plaintext = Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnopenableSeal(`sealed box does not open with key "${box.keyId}" for this event (altered, or moved from another event)`);
    }
    try {
      return JSON.parse(plaintext) as unknown;
    } catch {
      throw new UnopenableSeal('sealed box holds no JSON');
    }
  }
}

/** Label, key id, tenant and subject, each length-prefixed so that no two bindings read alike. */
function additionalData(keyId: string, { tenant, subject }: SealBinding): Buffer {
  return Buffer.concat(
    [AAD_LABEL, keyId, tenant, subject].map((part) => {
      const bytes = Buffer.from(part, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    }),
  );
}

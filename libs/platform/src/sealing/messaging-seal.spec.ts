import { randomBytes } from 'node:crypto';
import { ConfigurationError, loadConfig } from '../config/platform-config';
import { DEVELOPMENT_SEAL_KEY, MessagingSeal, parseSealKeys, UnopenableSeal, type SealedBox } from './messaging-seal';
import { messagingSealFor } from './messaging-seal.provider';

const key = (id: string) => ({ id, key: randomBytes(32) });
const binding = { tenant: 'demo', subject: '01937a2e-5b6c-7d8e-9f01-23456789abcd' };
const contact = { email: 'citizen@example.org', manageUrl: 'http://localhost:3000/demo/buchung/K7M2-P9QX?token=s3cr3t' };

/** One base64url character changed, so the bytes differ but the box stays well-formed. */
const flipped = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);

describe('the messaging seal (AES-256-GCM)', () => {
  const k1 = key('k1');
  const seal = new MessagingSeal([k1]);

  it('opens what it sealed, for the same tenant and subject, and shows nothing of it in the box', () => {
    const box = seal.seal(contact, binding);
    expect(box).toEqual({
      keyId: 'k1',
      iv: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      ciphertext: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      tag: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(JSON.stringify(box)).not.toMatch(/citizen|example|token|s3cr3t/);
    expect(seal.open(box, binding)).toEqual(contact);
  });

  it('uses a fresh IV for every box', () => {
    expect(seal.seal(contact, binding).iv).not.toBe(seal.seal(contact, binding).iv);
  });

  it.each<[string, (box: SealedBox) => SealedBox]>([
    ['an altered ciphertext', (box) => ({ ...box, ciphertext: flipped(box.ciphertext) })],
    ['an altered tag', (box) => ({ ...box, tag: flipped(box.tag) })],
    ['an altered iv', (box) => ({ ...box, iv: flipped(box.iv) })],
    ['a truncated tag', (box) => ({ ...box, tag: box.tag.slice(0, 8) })],
  ])('refuses %s', (_what, tamper) => {
    expect(() => seal.open(tamper(seal.seal(contact, binding)), binding)).toThrow(UnopenableSeal);
  });

  it('refuses a box moved to another tenant’s or another booking’s event (the binding is authenticated)', () => {
    const box = seal.seal(contact, binding);
    expect(() => seal.open(box, { ...binding, tenant: 'other' })).toThrow(UnopenableSeal);
    expect(() => seal.open(box, { ...binding, subject: '01937a2e-5b6c-7d8e-9f01-000000000000' })).toThrow(UnopenableSeal);
    // Length-prefixed parts: shifting characters between tenant and subject is another binding.
    expect(() => seal.open(box, { tenant: 'demo0', subject: binding.subject.slice(1) })).toThrow(UnopenableSeal);
  });

  it('refuses a box of a key id it does not hold, naming the id (and nothing of the content)', () => {
    const box = new MessagingSeal([key('gone')]).seal(contact, binding);
    expect(() => seal.open(box, binding)).toThrow(new UnopenableSeal('sealed with key "gone", which EVENT_SEAL_KEYS does not hold'));
  });

  it('rotates: a new key in front seals, the old one behind still opens what it sealed', () => {
    const k2 = key('k2');
    const rotated = new MessagingSeal([k2, k1]);
    const old = seal.seal(contact, binding);
    const fresh = rotated.seal(contact, binding);
    expect(fresh.keyId).toBe('k2');
    expect(rotated.open(old, binding)).toEqual(contact);
    expect(rotated.open(fresh, binding)).toEqual(contact);
    // Once k1 is gone from every ring, its boxes are unreadable for good (crypto-shredding).
    expect(() => new MessagingSeal([k2]).open(old, binding)).toThrow(UnopenableSeal);
    // And a box claiming k1 that k2 sealed does not open either: the key id is authenticated too.
    expect(() => rotated.open({ ...fresh, keyId: 'k1' }, binding)).toThrow(UnopenableSeal);
  });
});

describe('EVENT_SEAL_KEYS', () => {
  const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

  it('reads id:key pairs, the first being the sealing key, in base64 or base64url', () => {
    const keys = parseSealKeys(`2026-12:${b64(32)}, 2026-06:${randomBytes(32).toString('base64url')}`);
    expect(keys.map((k) => [k.id, k.key.length])).toEqual([
      ['2026-12', 32],
      ['2026-06', 32],
    ]);
  });

  it.each([
    [`k1:${b64(16)}`, /key "k1": must be 32 bytes/],
    [b64(32), /key 1: expected id:key/],
    [`bad id!:${b64(32)}`, /key 1: expected id:key/],
    [`k1:${b64(32)},k1:${b64(32)}`, /key id "k1" appears twice/],
  ])('refuses %s at start, naming the variable but not the key', (setting, problem) => {
    expect(() => loadConfig({ EVENT_SEAL_KEYS: setting })).toThrow(ConfigurationError);
    expect(() => loadConfig({ EVENT_SEAL_KEYS: setting })).toThrow(problem);
    expect(() => loadConfig({ EVENT_SEAL_KEYS: setting })).toThrow(/^invalid configuration:\n {2}EVENT_SEAL_KEYS: /);
  });

  it('falls back to the development key outside production, and refuses to start without keys in production', () => {
    expect(messagingSealFor(loadConfig({ NODE_ENV: 'development' })).sealingKeyId).toBe(DEVELOPMENT_SEAL_KEY.id);
    expect(loadConfig({ NODE_ENV: 'development' }).usesDevSealKey).toBe(true);
    const production = loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://login.example.org' });
    expect(() => messagingSealFor(production)).toThrow(/EVENT_SEAL_KEYS: required when NODE_ENV=production/);
    const configured = loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://login.example.org', EVENT_SEAL_KEYS: `k9:${b64(32)}` });
    expect(messagingSealFor(configured).sealingKeyId).toBe('k9');
    expect(configured.usesDevSealKey).toBe(false);
  });
});

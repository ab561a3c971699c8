import { randomBytes, X509Certificate } from 'node:crypto';
import { EmbeddedPostgres, openServiceDataSource, SystemClock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { signaturesDatabase } from '../signatures.database';
import { certificateFromDer } from './certificates';
import { KeyEncryption } from './key-encryption';
import { SigningKeys } from './signing-keys';
import { RevocationEndpointsOf } from '../revocation/revocation-endpoints';

const clara = { tenant: 'demo', userId: '0190a000-0000-7000-8000-000000000102', name: 'Clara Bürgerbüro', email: 'clerk@demo.example' };
const sam = { tenant: 'demo', userId: '0190a000-0000-7000-8000-000000000101', name: 'Sam Sachbearbeitung', email: 'staff@demo.example' };
const musterClara = { ...clara, tenant: 'muster', userId: '0190a000-0000-7000-8000-000000000202', email: 'clerk@muster.example' };

describe('SigningKeys (embedded database)', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;
  let keys: SigningKeys;
  const kek = randomBytes(32);

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
    dataSource = await openServiceDataSource(signaturesDatabase, { kind: 'embedded', embedded });
    keys = new SigningKeys(dataSource, new KeyEncryption(kek), new SystemClock(), new RevocationEndpointsOf('http://localhost:3000'));
  }, 60_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await embedded?.close();
  });

  it('creates the tenant CA on first use, once, even for two first signers at the same moment', async () => {
    expect(await keys.caCertificates('demo')).toEqual([]);
    const [a, b] = await Promise.all([keys.credentialFor(clara), keys.credentialFor(sam)]);
    expect(await dataSource.query(`SELECT tenant FROM signatures.tenant_ca`)).toEqual([{ tenant: 'demo' }]);
    expect(a.chainDer[0]).toEqual(b.chainDer[0]);
    const ca = new X509Certificate(a.chainDer[0]);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain('O=demo');
  }, 30_000);

  it("issues the signer a certificate naming them, their e-mail, user id and tenant, for signing only, from the tenant's CA", async () => {
    const credential = await keys.credentialFor(clara);
    const certificate = new X509Certificate(credential.certificateDer);
    expect(certificate.subject.split('\n')).toEqual([
      'CN=Clara Bürgerbüro',
      'emailAddress=clerk@demo.example',
      `UID=${clara.userId}`,
      'O=demo',
      'OU=amtsweg Signaturen',
    ]);
    expect(certificate.ca).toBe(false);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.4']); // Node lists the extended key usage (e-mail protection) here
    const keyUsage = certificateFromDer(credential.certificateDer).getExtension('keyUsage') as Record<string, boolean>;
    expect(keyUsage).toMatchObject({ critical: true, digitalSignature: true, nonRepudiation: true, keyCertSign: false });
    expect(certificate.checkIssued(new X509Certificate(credential.chainDer[0]))).toBe(true);
    expect(certificate.verify(new X509Certificate(credential.chainDer[0]).publicKey)).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  it('keeps using the same key and certificate for the same signer', async () => {
    const [first, second] = [await keys.credentialFor(clara), await keys.credentialFor(clara)];
    expect(second.certificateDer).toEqual(first.certificateDer);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM signatures.signer_key WHERE user_id = $1`, [clara.userId])).toEqual([
      { n: 1 },
    ]);
  });

  it('issues a new certificate when the signer is now named differently, and keeps the old one as replaced', async () => {
    const before = await keys.credentialFor(clara);
    const after = await keys.credentialFor({ ...clara, name: 'Clara Neumann' });
    expect(after.certificateDer).not.toEqual(before.certificateDer);
    expect(new X509Certificate(after.certificateDer).subject).toContain('CN=Clara Neumann');
    const rows = await dataSource.query(
      `SELECT replaced_at IS NULL AS current FROM signatures.signer_key WHERE user_id = $1 ORDER BY created_at`,
      [clara.userId],
    );
    expect(rows).toEqual([{ current: false }, { current: true }]);
  });

  it('gives every tenant its own CA', async () => {
    const muster = await keys.credentialFor(musterClara);
    const demo = await keys.credentialFor(sam);
    expect(muster.chainDer[0]).not.toEqual(demo.chainDer[0]);
    expect(new X509Certificate(muster.certificateDer).checkIssued(new X509Certificate(demo.chainDer[0]))).toBe(false);
  });

  it('stores private keys only sealed: unreadable without the key encryption key', async () => {
    const [row] = await dataSource.query(
      `SELECT private_key_sealed FROM signatures.signer_key WHERE user_id = $1 AND replaced_at IS NULL`,
      [sam.userId],
    );
    const sealed = Buffer.from(row.private_key_sealed);
    const credential = await keys.credentialFor(sam);
    const pkcs8 = credential.privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(sealed.includes(pkcs8.subarray(40, 80))).toBe(false);
    const withOtherKey = new SigningKeys(
      dataSource,
      new KeyEncryption(randomBytes(32)),
      new SystemClock(),
      new RevocationEndpointsOf('http://localhost:3000'),
    );
    await expect(withOtherKey.credentialFor(sam)).rejects.toThrow('encrypted with another key');
  });

  it('rolls in a new CA: new signer certificates come from it, the old CA stays listed for what it vouched for', async () => {
    const before = await keys.credentialFor(clara);
    const [oldCa] = await keys.caCertificates('demo');
    const recorded: string[] = [];
    const newCa = await keys.rotateCa('demo', async (_manager, ca) => void recorded.push(ca.sha256));
    expect(recorded).toEqual([newCa.sha256]);
    expect(newCa.sha256).not.toBe(oldCa.sha256);
    expect(newCa.certificate.subject.getField('CN').value).toMatch(/^amtsweg Signatur-CA demo ab \d{4}-\d{2}-\d{2}$/);

    const listed = await keys.caCertificates('demo');
    expect(listed.map((ca) => [ca.sha256, ca.current])).toEqual([
      [newCa.sha256, true],
      [oldCa.sha256, false],
    ]);

    const after = await keys.credentialFor(clara);
    expect(after.certificateDer).not.toEqual(before.certificateDer);
    expect(after.chainDer[0]).toEqual(newCa.certificateDer);
    const issuedBy = (certificate: Buffer, ca: Buffer) => new X509Certificate(certificate).verify(new X509Certificate(ca).publicKey);
    expect(issuedBy(after.certificateDer, newCa.certificateDer)).toBe(true);
    expect(issuedBy(before.certificateDer, oldCa.certificateDer)).toBe(true);
    expect(issuedBy(before.certificateDer, newCa.certificateDer)).toBe(false);
    // Other tenants keep theirs.
    expect((await keys.caCertificates('muster')).map((ca) => ca.current)).toEqual([true]);
  }, 30_000);
});

import { createHash, X509Certificate } from 'node:crypto';
import { TestClock } from '@amtsweg/platform/testing';
import { enrolSigners } from './enrolled-signer';
import { binary } from './http-binary';
import { signedByOne } from './signature-requests';
import { startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const ADMIN = 'admin@demo.example';
const MUSTER_STAFF = 'staff@muster.example';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Issue 18, "Trust that anyone can obtain": the CAs published without a sign-in, rolled over, and verification open to anyone. */
describe('published signing CAs', () => {
  let t: SignaturesTestApp;
  let signBody: (email: string) => Promise<{ otp: string }>;

  beforeAll(async () => {
    t = await startSignaturesApp();
    signBody = await enrolSigners(t, [CLERK]);
  }, 60_000);
  afterAll(() => t?.close());

  /** A document uploaded by staff and signed by the clerk: the signed PDF. */
  async function signedDocument(title: string): Promise<Buffer> {
    return signedByOne(t, { requester: STAFF, signer: CLERK, signBody }, { title, pdf: await samplePdf(1, title) });
  }

  const verifyWithoutSignIn = (pdf: Buffer) =>
    t.http().post('/api/v1/tenants/demo/signatures/verify').attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' });

  it('answers 404 SIGNATURE.NO_CA_YET while the municipality has no CA, and an empty list', async () => {
    const response = await t.http().get('/api/v1/tenants/demo/signatures/ca.pem').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('SIGNATURE.NO_CA_YET');
    expect((await t.http().get('/api/v1/tenants/demo/signatures/cas').expect(200)).body).toEqual([]);
  });

  it('publishes the current CA as PEM and DER with its fingerprint, without a sign-in, never a key', async () => {
    await signedDocument('Erste Signatur');
    const pem = await t.http().get('/api/v1/tenants/demo/signatures/ca.pem').expect(200);
    expect(pem.headers['content-type']).toMatch(/^application\/x-pem-file/);
    expect(pem.text).toMatch(/^-----BEGIN CERTIFICATE-----\r?\n/);
    expect(pem.text).not.toMatch(/PRIVATE KEY/);
    const certificate = new X509Certificate(pem.text);
    expect(certificate.ca).toBe(true);
    expect(pem.headers['x-certificate-sha256']).toBe(sha256(certificate.raw));

    const der = await t.http().get('/api/v1/tenants/demo/signatures/ca.crt').buffer(true).parse(binary).expect(200);
    expect(der.headers['content-type']).toMatch(/^application\/pkix-cert/);
    expect((der.body as Buffer).equals(certificate.raw)).toBe(true);
    expect(der.headers['x-certificate-sha256']).toBe(pem.headers['x-certificate-sha256']);

    expect((await t.http().get('/api/v1/tenants/demo/signatures/cas').expect(200)).body).toEqual([
      {
        sha256: sha256(certificate.raw),
        subject: 'CN=amtsweg Signatur-CA demo, O=demo, OU=amtsweg Signaturen',
        notBefore: expect.stringMatching(/[+-]\d{2}:\d{2}$/),
        notAfter: expect.stringMatching(/[+-]\d{2}:\d{2}$/),
        current: true,
      },
    ]);
  }, 60_000);

  it('lets only a tenant-admin roll in a new CA; what the old one vouched for keeps verifying, for anyone', async () => {
    const before = await signedDocument('Vor dem Wechsel');
    const oldSha = (await t.http().get('/api/v1/tenants/demo/signatures/cas').expect(200)).body[0].sha256;

    await t
      .http()
      .post('/api/v1/tenants/demo/signatures/cas')
      .set({ Authorization: await t.bearer(STAFF) })
      .expect(403);
    await t.http().post('/api/v1/tenants/demo/signatures/cas').expect(401);
    const rolledIn = await t
      .http()
      .post('/api/v1/tenants/demo/signatures/cas')
      .set({ Authorization: await t.bearer(ADMIN) })
      .expect(201);
    expect(rolledIn.body).toMatchObject({
      current: true,
      subject: expect.stringMatching(/^CN=amtsweg Signatur-CA demo ab \d{4}-\d{2}-\d{2}, O=demo/),
    });
    expect(rolledIn.body.sha256).not.toBe(oldSha);

    const listed = (await t.http().get('/api/v1/tenants/demo/signatures/cas').expect(200)).body as Array<{
      sha256: string;
      current: boolean;
    }>;
    expect(listed.map((ca) => [ca.sha256, ca.current])).toEqual([
      [rolledIn.body.sha256, true],
      [oldSha, false],
    ]);
    expect((await t.http().get('/api/v1/tenants/demo/signatures/ca.pem').expect(200)).headers['x-certificate-sha256']).toBe(
      rolledIn.body.sha256,
    );

    const after = await signedDocument('Nach dem Wechsel');
    for (const pdf of [before, after]) {
      const report = await verifyWithoutSignIn(pdf).expect(200);
      expect(report.body).toMatchObject({ intact: true, signatures: [expect.objectContaining({ chainsToTenantCa: true, problems: [] })] });
    }
    const certificateOf = async (pdf: Buffer) => (await verifyWithoutSignIn(pdf).expect(200)).body.signatures[0].certificateSha256;
    expect(await certificateOf(after)).not.toBe(await certificateOf(before));

    const [audit] = (await t.dataSource.query(
      `SELECT actor, details FROM signatures.tenant_audit_entry WHERE tenant = 'demo' AND action = 'ca-rolled-in'`,
    )) as Array<{ actor: string; details: { certificateSha256: string } }>;
    expect(audit).toEqual({ actor: t.userId(ADMIN), details: { certificateSha256: rolledIn.body.sha256 } });

    // Another municipality's CAs do not vouch for this one's signatures.
    const elsewhere = await t
      .http()
      .post('/api/v1/tenants/muster/signatures/verify')
      .attach('file', after, { filename: 'x.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(elsewhere.body.signatures[0]).toMatchObject({
      chainsToTenantCa: false,
      problems: [expect.objectContaining({ code: 'NOT_TRUSTED' })],
    });
  }, 120_000);
});

describe('verification without a sign-in', () => {
  let t: SignaturesTestApp;
  const clock = TestClock.stoppedAt('2026-12-07T10:00:05Z');

  beforeAll(async () => {
    t = await startSignaturesApp({ clock, env: { SIGNATURES_PUBLIC_VERIFY_PER_MINUTE: '2' } });
  }, 60_000);
  afterAll(() => t?.close());

  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await samplePdf(1);
  });

  const verify = (tenant: string, authorization?: string) => {
    const request = t.http().post(`/api/v1/tenants/${tenant}/signatures/verify`);
    if (authorization) request.set('Authorization', authorization);
    return request.attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' });
  };

  it('limits an address without a token per minute, across tenants, with 429 and Retry-After; staff with a token are not counted', async () => {
    await verify('demo').expect(200);
    await verify('muster').expect(200);
    const refused = await verify('demo').expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('REQUEST.RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe('55');
    const staff = await t.bearer(STAFF);
    await verify('demo', staff).expect(200);
    clock.advance(60_000);
    await verify('demo').expect(200);
  }, 60_000);

  it('checks a token when one is sent: invalid is 401, another tenant’s is 404', async () => {
    expect((await verify('demo', 'Bearer not.a.token').expect(401)).body.code).toBe('AUTH.INVALID_TOKEN');
    const musterStaff = await t.bearer(MUSTER_STAFF);
    expect((await verify('demo', musterStaff).expect(404)).body.code).toBe('TENANT.NOT_FOUND');
  });
});

import { base32 } from '../src/signing-factor/totp';
import { timeStepAt, totpCode } from '../src/signing-factor/totp';
import { startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';

function secretOf(otpauthUri: string): Buffer {
  const encoded = new URL(otpauthUri).searchParams.get('secret') ?? '';
  // base32 decode (RFC 4648, no padding), checked against our encoder.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of encoded) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const secret = Buffer.from(bytes);
  expect(base32(secret)).toBe(encoded);
  return secret;
}

describe('second factor for signing (TOTP), through the API', () => {
  let t: SignaturesTestApp;
  let staff: string;
  let clerk: string;

  beforeAll(async () => {
    t = await startSignaturesApp();
    staff = `Bearer ${await t.token(STAFF)}`;
    clerk = `Bearer ${await t.token(CLERK)}`;
  }, 60_000);
  afterAll(() => t?.close());

  const code = (secret: Buffer, offsetSteps = 0) => totpCode(secret, timeStepAt(t.clock.now()) + offsetSteps);

  async function requestForClerk(): Promise<string> {
    const response = await t
      .http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set('Authorization', staff)
      .field('title', 'Zweiter Faktor')
      .field('steps', JSON.stringify([[CLERK]]))
      .field('dueAt', new Date(Date.now() + 86_400_000 * 3).toISOString())
      .attach('file', await samplePdf(1), { filename: 'x.pdf', contentType: 'application/pdf' })
      .expect(201);
    return response.body.id;
  }

  it('enrolls in two steps, then requires a fresh, unused code for every signature', async () => {
    const before = await requestForClerk();
    await t.http().get('/api/v1/tenants/demo/signing-factor').set('Authorization', clerk).expect(200, { enrolled: false });
    const enrollment = await t.http().post('/api/v1/tenants/demo/signing-factor').set('Authorization', clerk).expect(201);
    expect(enrollment.body.otpauthUri).toMatch(
      /^otpauth:\/\/totp\/amtsweg:clerk%40demo\.example\?secret=[A-Z2-7]{32}&issuer=amtsweg&algorithm=SHA1&digits=6&period=30$/,
    );
    const secret = secretOf(enrollment.body.otpauthUri);
    // The same URI as a QR code for the web page, and the secret as text to type in.
    expect(enrollment.body.qrSvg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(enrollment.body.secret).toBe(base32(secret));

    // Not yet confirmed: no signature at all (the tenant requires a second factor, the default).
    const unconfirmed = await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${before}/sign`)
      .set('Authorization', clerk)
      .send({})
      .expect(403);
    expect(unconfirmed.body.code).toBe('SIGNATURE.SECOND_FACTOR_NOT_ENROLLED');

    const wrong = await t
      .http()
      .post('/api/v1/tenants/demo/signing-factor/confirm')
      .set('Authorization', clerk)
      .send({ otp: code(secret, 5) })
      .expect(403);
    expect(wrong.body.code).toBe('SIGNATURE.SECOND_FACTOR_INVALID');
    // Codes are kept as sent: recomputing one later could land in the next 30-second step, a fresh code.
    const confirmingCode = code(secret);
    const confirmed = await t
      .http()
      .post('/api/v1/tenants/demo/signing-factor/confirm')
      .set('Authorization', clerk)
      .send({ otp: confirmingCode })
      .expect(200);
    expect(confirmed.body).toMatchObject({ enrolled: true, confirmedAt: expect.any(String) });
    const again = await t.http().post('/api/v1/tenants/demo/signing-factor').set('Authorization', clerk).expect(409);
    expect(again.body.code).toBe('SIGNING_FACTOR.ALREADY_ENROLLED');

    const id = await requestForClerk();
    const sign = (otp?: string) =>
      t
        .http()
        .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
        .set('Authorization', clerk)
        .send(otp ? { otp } : {});
    expect((await sign()).body.code).toBe('SIGNATURE.SECOND_FACTOR_REQUIRED');
    expect((await sign(code(secret, -3))).body.code).toBe('SIGNATURE.SECOND_FACTOR_INVALID');
    // The code used to confirm is spent.
    expect((await sign(confirmingCode)).body.code).toBe('SIGNATURE.SECOND_FACTOR_INVALID');
    t.clock.advance(30_000);
    const signingCode = code(secret);
    const signed = await sign(signingCode);
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('completed');

    // The same code once more, on another request: refused.
    const other = await requestForClerk();
    const reuse = await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${other}/sign`)
      .set('Authorization', clerk)
      .send({ otp: signingCode })
      .expect(403);
    expect(reuse.body.code).toBe('SIGNATURE.SECOND_FACTOR_INVALID');
    const [entry] = (await t.dataSource.query(`SELECT details FROM signatures.audit_entry WHERE request_id = $1 AND action = 'signed'`, [
      id,
    ])) as Array<{ details: { secondFactor: boolean } }>;
    expect(entry.details.secondFactor).toBe(true);
  }, 60_000);

  it('stores the secret only sealed', async () => {
    const [row] = await t.dataSource.query(`SELECT secret_sealed FROM signatures.signing_factor WHERE user_id = $1`, [t.userId(CLERK)]);
    const sealed = Buffer.from(row.secret_sealed);
    expect(sealed[0]).toBe(1);
    expect(sealed.length).toBe(1 + 4 + 12 + 16 + 20);
  });

  it('locks out after five wrong codes in a row (429 with Retry-After)', async () => {
    const itAdmin = `Bearer ${await t.token('it-admin@demo.example')}`;
    const enrollment = await t.http().post('/api/v1/tenants/demo/signing-factor').set('Authorization', itAdmin).expect(201);
    const secret = secretOf(enrollment.body.otpauthUri);
    await t
      .http()
      .post('/api/v1/tenants/demo/signing-factor/confirm')
      .set('Authorization', itAdmin)
      .send({ otp: code(secret) })
      .expect(200);
    const response = await t
      .http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set('Authorization', staff)
      .field('title', 'Sperre')
      .field('steps', JSON.stringify([['it-admin@demo.example']]))
      .field('dueAt', new Date(Date.now() + 86_400_000 * 3).toISOString())
      .attach('file', await samplePdf(1), { filename: 'x.pdf', contentType: 'application/pdf' })
      .expect(201);
    const wrongCode = String((Number(code(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    const attempt = (otp: string) =>
      t.http().post(`/api/v1/tenants/demo/signature-requests/${response.body.id}/sign`).set('Authorization', itAdmin).send({ otp });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(wrongCode)).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    // Locked now: even the right code is refused until the lockout has passed.
    t.clock.advance(30_000);
    const locked = await attempt(code(secret));
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('SIGNATURE.SECOND_FACTOR_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(15 * 60_000);
    expect((await attempt(code(secret))).status).toBe(200);
  }, 30_000);
});

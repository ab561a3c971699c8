import { authenticatorCode, EnrolledSigner } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT_ADMIN = 'it-admin@demo.example';
const ADMIN = 'admin@demo.example';
const MUSTER_ADMIN = 'admin@muster.example';

describe('a second factor before anybody signs, its reset, and failed attempts in the audit (embedded database)', () => {
  let t: SignaturesTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startSignaturesApp();
    for (const email of [STAFF, CLERK, IT_ADMIN, ADMIN, MUSTER_ADMIN]) tokens[email] = await t.token(email);
  }, 60_000);
  afterAll(() => t?.close());

  const as = (email: string) => ({ Authorization: `Bearer ${tokens[email]}` });
  const post = (email: string) => (path: string, body: object) => t.http().post(path).set(as(email)).send(body);
  const enrol = (email: string) => EnrolledSigner.enrol(post(email), 'demo', t.clock);
  const base = '/api/v1/tenants/demo/signature-requests';
  const sign = (email: string, id: string, otp?: string) =>
    t
      .http()
      .post(`${base}/${id}/sign`)
      .set(as(email))
      .send(otp ? { otp } : {});
  const trail = async (id: string) =>
    (await t.http().get(`${base}/${id}/audit`).set(as(STAFF)).expect(200)).body as {
      entries: Array<{ action: string; actor: string; details: Record<string, unknown> }>;
      intact: boolean;
    };
  const tenantTrail = async () =>
    (await t.dataSource.query(
      `SELECT action, actor, details FROM signatures.tenant_audit_entry WHERE tenant = 'demo' ORDER BY seq`,
    )) as Array<{ action: string; actor: string; details: Record<string, unknown> }>;

  async function createRequest(steps: string[][]): Promise<string> {
    const response = await t
      .http()
      .post(base)
      .set(as(STAFF))
      .field('title', 'Vertrag')
      .field('steps', JSON.stringify(steps))
      .field('dueAt', new Date(Date.now() + 3 * 86_400_000).toISOString())
      .attach('file', await samplePdf(1), { filename: 'v.pdf', contentType: 'application/pdf' })
      .expect(201);
    return response.body.id;
  }

  it('refuses a signer who never enrolled: 403 SIGNATURE.SECOND_FACTOR_NOT_ENROLLED with where to enrol, and nothing is signed', async () => {
    const id = await createRequest([[CLERK]]);
    const response = await sign(CLERK, id);
    expect({ status: response.status, code: response.body.code, enrolment: response.body.enrolment }).toEqual({
      status: 403,
      code: 'SIGNATURE.SECOND_FACTOR_NOT_ENROLLED',
      enrolment: '/api/v1/tenants/demo/signing-factor',
    });
    const after = await t.http().get(`${base}/${id}`).set(as(CLERK)).expect(200);
    expect(after.body.status).toBe('pending');
    // Looking at the request (GET) is audited too, after the refusal.
    expect((await trail(id)).entries.map((entry) => [entry.action, entry.details.reason])).toEqual([
      ['created', undefined],
      ['step-started', undefined],
      ['signing-failed', 'not-enrolled'],
      ['viewed', undefined],
    ]);
  });

  it('signs with the login token alone only where a tenant-admin turned the requirement off', async () => {
    await t
      .http()
      .put('/api/v1/tenants/demo/signature-settings')
      .set(as(ADMIN))
      .send({ allowEmbeddedFiles: false, requireSecondFactor: false })
      .expect(200);
    try {
      const id = await createRequest([[CLERK]]);
      await sign(CLERK, id).expect(200);
      const signed = (await trail(id)).entries.find((entry) => entry.action === 'signed');
      expect(signed?.details.secondFactor).toBe(false);
    } finally {
      await t
        .http()
        .put('/api/v1/tenants/demo/signature-settings')
        .set(as(ADMIN))
        .send({ allowEmbeddedFiles: false, requireSecondFactor: true })
        .expect(200);
    }
  });

  it('writes wrong codes, a wrong turn and a lockout into the request’s audit trail', async () => {
    const itAdmin = await enrol(IT_ADMIN);
    const clerk = await enrol(CLERK);
    const id = await createRequest([[IT_ADMIN], [CLERK]]);
    const early = await sign(CLERK, id, await clerk.nextCode()).expect(403);
    expect(early.body.code).toBe('SIGNATURE.NOT_YOUR_TURN');
    for (let i = 0; i < 5; i++) expect((await sign(IT_ADMIN, id, itAdmin.wrongCode())).body.code).toBe('SIGNATURE.SECOND_FACTOR_INVALID');
    expect((await sign(IT_ADMIN, id, await itAdmin.nextCode())).status).toBe(429);

    const audit = await trail(id);
    expect(audit.intact).toBe(true);
    const failed = audit.entries.filter((entry) => entry.action === 'signing-failed');
    expect(failed.map((entry) => [entry.actor, entry.details.reason])).toEqual([
      [t.userId(CLERK), 'not-your-turn'],
      ...Array.from({ length: 5 }, () => [t.userId(IT_ADMIN), 'wrong-code']),
      [t.userId(IT_ADMIN), 'locked'],
    ]);
  });

  it('writes a wrong code while confirming the set-up into the tenant’s audit trail', async () => {
    const started = await t.http().post('/api/v1/tenants/demo/signing-factor').set(as(STAFF)).expect(201);
    expect(started.body.otpauthUri).toBeDefined();
    await t.http().post('/api/v1/tenants/demo/signing-factor/confirm').set(as(STAFF)).send({ otp: '000000' }).expect(403);
    expect(await tenantTrail()).toContainEqual({
      action: 'signing-factor-failed',
      actor: t.userId(STAFF),
      details: { reason: 'wrong-code' },
    });
  });

  it('locks the set-up too after five wrong codes (429), each attempt in the tenant’s audit trail', async () => {
    const { secret } = (await t.http().post('/api/v1/tenants/demo/signing-factor').set(as(ADMIN)).expect(201)).body as { secret: string };
    const valid = new Set([-1, 0, 1].map((offset) => authenticatorCode(secret, t.clock.now(), offset)));
    const wrong = ['000001', '000002', '000003', '000004'].find((code) => !valid.has(code));
    const confirm = () => t.http().post('/api/v1/tenants/demo/signing-factor/confirm').set(as(ADMIN)).send({ otp: wrong });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await confirm()).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    const reasons = (await tenantTrail())
      .filter((entry) => entry.actor === t.userId(ADMIN) && entry.action === 'signing-factor-failed')
      .map((entry) => entry.details.reason);
    expect(reasons).toEqual(['wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'locked']);
  });

  it('lets a tenant-admin reset a person’s factor: audited, the person notified, and they must enrol again', async () => {
    const clerkId = t.userId(CLERK);
    await t.http().delete(`/api/v1/tenants/demo/signing-factor/${clerkId}`).set(as(STAFF)).expect(403);
    await t.http().delete(`/api/v1/tenants/muster/signing-factor/${clerkId}`).set(as(ADMIN)).expect(404);
    await t.http().delete(`/api/v1/tenants/demo/signing-factor/${clerkId}`).set(as(ADMIN)).expect(204);
    await t.http().get('/api/v1/tenants/demo/signing-factor').set(as(CLERK)).expect(200, { enrolled: false });
    const unknown = await t.http().delete(`/api/v1/tenants/demo/signing-factor/${clerkId}`).set(as(ADMIN)).expect(404);
    expect(unknown.body.code).toBe('SIGNING_FACTOR.NOT_ENROLLED');

    expect(await tenantTrail()).toContainEqual({ action: 'signing-factor-reset', actor: t.userId(ADMIN), details: { userId: clerkId } });
    const [event] = (await outboxEvents(t.dataSource)).filter((e) => e.type === 'de.amtsweg.signatures.signing-factor.reset.v1');
    expect(event).toMatchObject({ tenantid: 'demo', data: { userId: clerkId, resetBy: t.userId(ADMIN) } });
    expect(event.data).not.toHaveProperty('email');

    const id = await createRequest([[CLERK]]);
    expect((await sign(CLERK, id)).body.code).toBe('SIGNATURE.SECOND_FACTOR_NOT_ENROLLED');
    const again = await enrol(CLERK);
    await sign(CLERK, id, await again.nextCode()).expect(200);
  });

  it('answers 400 for a user id no identity provider issues (a control character), never a 5xx', async () => {
    for (const userId of ['%00', 'a%0Ab', 'x'.repeat(256)]) {
      const answer = await t.http().delete(`/api/v1/tenants/demo/signing-factor/${userId}`).set(as(ADMIN));
      expect([answer.status, answer.body.code]).toEqual([400, 'REQUEST.INVALID_ID']);
    }
  });
});

import { describeWithPdfsig, pdfsig } from './pdfsig';
import { enrolSigners } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { binary } from './http-binary';
import { uploadForSignature } from './signature-requests';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT_ADMIN = 'it-admin@demo.example';
const ADMIN = 'admin@demo.example';

/**
 * The whole flow on the embedded default: upload → two steps, three signers → completed,
 * every transition's event in the outbox, and poppler's pdfsig trusting every signature.
 */
describeWithPdfsig('signature flow, end to end (embedded database, in-process bus)', () => {
  let t: SignaturesTestApp;
  const tokens: Record<string, string> = {};
  let signBody: (email: string) => Promise<{ otp: string }>;

  beforeAll(async () => {
    t = await startSignaturesApp();
    for (const email of [STAFF, CLERK, IT_ADMIN, ADMIN]) tokens[email] = await t.token(email);
    signBody = await enrolSigners(t, [CLERK, IT_ADMIN, ADMIN]);
  }, 60_000);
  afterAll(() => t?.close());

  const as = (email: string) => ({ Authorization: `Bearer ${tokens[email]}` });

  it('goes from upload through two steps of three signers to completed, with valid PAdES signatures and every event', async () => {
    const original = await samplePdf(3, 'Dienstvereinbarung Homeoffice');
    const dueAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await uploadForSignature(t.http, as(STAFF), {
      title: 'Dienstvereinbarung Homeoffice',
      steps: [[CLERK], [t.userId(IT_ADMIN), ADMIN]],
      dueAt: dueAt,
      pdf: original,
      filename: 'dv.pdf',
    }).expect(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({
      status: 'pending',
      currentStep: 1,
      signatureCount: 0,
      requester: { userId: t.userId(STAFF), email: STAFF },
    });
    expect(
      created.body.steps.map((s: { state: string; signers: Array<{ email: string }> }) => [s.state, s.signers.map((x) => x.email)]),
    ).toEqual([
      ['active', [CLERK]],
      ['waiting', [IT_ADMIN, ADMIN]],
    ]);

    // Step 1: only the clerk's inbox has it, and only the clerk may sign.
    const clerkInbox = await t.http().get('/api/v1/tenants/demo/signature-requests?as=signer&status=pending').set(as(CLERK)).expect(200);
    expect(clerkInbox.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    const itInbox = await t.http().get('/api/v1/tenants/demo/signature-requests?as=signer').set(as(IT_ADMIN)).expect(200);
    expect(itInbox.body).toEqual({ items: [], nextCursor: null });
    await t.http().post(`/api/v1/tenants/demo/signature-requests/${id}/sign`).set(as(IT_ADMIN)).send({}).expect(403);

    const afterClerk = await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
      .set(as(CLERK))
      .send(await signBody(CLERK))
      .expect(200);
    expect(afterClerk.body).toMatchObject({ status: 'pending', currentStep: 2, signatureCount: 1 });

    // Step 2: both signers at the same moment — both signatures must end up in the document.
    const [byIt, byAdmin] = await Promise.all([
      t
        .http()
        .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
        .set(as(IT_ADMIN))
        .send(await signBody(IT_ADMIN)),
      t
        .http()
        .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
        .set(as(ADMIN))
        .send(await signBody(ADMIN)),
    ]);
    expect([byIt.status, byAdmin.status]).toEqual([200, 200]);
    const final = await t.http().get(`/api/v1/tenants/demo/signature-requests/${id}`).set(as(STAFF)).expect(200);
    expect(final.body).toMatchObject({ status: 'completed', signatureCount: 3, originalSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(final.body.endedAt).toMatch(/[+-]\d{2}:\d{2}$/);

    const document = await t
      .http()
      .get(`/api/v1/tenants/demo/signature-requests/${id}/document`)
      .set(as(STAFF))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(document.headers['content-type']).toBe('application/pdf');
    const pdf = document.body as Buffer;
    const [{ certificate_pem: caPem }] = await t.dataSource.query(`SELECT certificate_pem FROM signatures.tenant_ca WHERE tenant = 'demo'`);
    const { signatures, output } = await pdfsig(pdf, caPem);
    expect({ count: signatures.length, output }).toEqual({ count: 3, output });
    for (const signature of signatures) {
      expect(signature.validation).toBe('Signature is Valid.');
      expect(signature.certificate).toBe('Certificate is Trusted.');
    }
    expect(signatures.map((s) => s.totalDocumentSigned)).toEqual([false, false, true]);
    expect(signatures[0].commonName).toBe('Clara Bürgerbüro');
    expect(new Set(signatures.slice(1).map((s) => s.commonName))).toEqual(new Set(['Ivo IT-Betrieb', 'Ada Verwaltung']));

    const events = await outboxEvents(t.dataSource, id);
    expect(events.map((e) => e.type.replace('de.amtsweg.signatures.request.', ''))).toEqual([
      'created.v1',
      'step-started.v1',
      'signed.v1',
      'step-started.v1',
      'signed.v1',
      'signed.v1',
      'completed.v1',
    ]);
    expect(events.every((e) => e.subject === id && e.tenantid === 'demo')).toBe(true);
    expect(events[1].data).toMatchObject({ step: 1, signers: [{ userId: t.userId(CLERK) }] });
    expect(JSON.stringify(events)).not.toContain(CLERK);
    expect(events[3].data).toMatchObject({ step: 2, signers: [{ userId: t.userId(IT_ADMIN) }, { userId: t.userId(ADMIN) }] });
    expect(events[6].data).toMatchObject({
      requesterId: t.userId(STAFF),
      originalSha256: final.body.originalSha256,
      documentSha256: final.body.documentSha256,
    });
    // No document bytes and no names in any event.
    expect(JSON.stringify(events)).not.toMatch(/JVBER|Clara|Ivo|Ada/);

    const audit = await t.http().get(`/api/v1/tenants/demo/signature-requests/${id}/audit`).set(as(STAFF)).expect(200);
    expect(audit.body.intact).toBe(true);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'step-started',
      // The step-2 signer who tried too early.
      'signing-failed',
      'signed',
      'step-started',
      'signed',
      'signed',
      'completed',
      'viewed',
      'downloaded',
    ]);
  }, 60_000);
});

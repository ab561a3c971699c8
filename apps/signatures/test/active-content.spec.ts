import { startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { activeContentPdfs, samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const ADMIN = 'admin@demo.example';
const MUSTER_ADMIN = 'admin@muster.example';

describe('active content in uploads, and the tenant’s signature settings (embedded database)', () => {
  let t: SignaturesTestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startSignaturesApp();
    for (const email of [STAFF, CLERK, ADMIN, MUSTER_ADMIN]) tokens[email] = await t.token(email);
  }, 60_000);
  afterAll(() => t?.close());

  const as = (email: string) => ({ Authorization: `Bearer ${tokens[email]}` });
  const settings = (tenant = 'demo') => `/api/v1/tenants/${tenant}/signature-settings`;
  const requests = async () =>
    ((await t.dataSource.query(`SELECT count(*)::int AS n FROM signatures.signature_request`)) as Array<{ n: number }>)[0].n;
  const upload = (file: Buffer) =>
    t
      .http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set(as(STAFF))
      .field('title', 'Vertrag')
      .field('steps', JSON.stringify([[CLERK]]))
      .field('dueAt', new Date(Date.now() + 3 * 86_400_000).toISOString())
      .attach('file', file, { filename: 'x.pdf', contentType: 'application/pdf' });

  const attacks: Array<{ what: string; file: () => Promise<Buffer>; found: string[] }> = [
    { what: '/OpenAction JavaScript in an object stream', file: activeContentPdfs.openActionJavaScript, found: ['javascript'] },
    { what: 'a page /AA running JavaScript', file: activeContentPdfs.pageAdditionalAction, found: ['javascript'] },
    { what: 'a /Names /JavaScript tree', file: activeContentPdfs.namesJavaScript, found: ['javascript'] },
    { what: 'a /Launch action', file: activeContentPdfs.launchAction, found: ['launch'] },
    { what: 'an embedded file', file: activeContentPdfs.embeddedFile, found: ['embedded-file'] },
    { what: 'a /RichMedia annotation', file: activeContentPdfs.richMedia, found: ['rich-media'] },
    { what: 'an XFA form', file: activeContentPdfs.xfaForm, found: ['xfa'] },
    { what: 'JavaScript added in a later revision', file: activeContentPdfs.javaScriptInLaterRevision, found: ['javascript'] },
  ];
  it.each(attacks)(
    'refuses $what with 422 SIGNATURE.DOCUMENT_ACTIVE_CONTENT naming $found, and stores nothing',
    async ({ file, found }) => {
      const before = await requests();
      const response = await upload(await file());
      expect({ status: response.status, code: response.body.code, activeContent: response.body.activeContent }).toEqual({
        status: 422,
        code: 'SIGNATURE.DOCUMENT_ACTIVE_CONTENT',
        activeContent: found,
      });
      expect(await requests()).toBe(before);
    },
  );

  it('still accepts a plain document', async () => {
    await upload(await samplePdf(2)).expect(201);
  });

  it('answers the defaults to a tenant-admin: no embedded files, a second factor required', async () => {
    await t.http().get(settings()).set(as(ADMIN)).expect(200, { allowEmbeddedFiles: false, requireSecondFactor: true });
  });

  it('lets only a tenant-admin change the settings, of their own tenant', async () => {
    const body = { allowEmbeddedFiles: true, requireSecondFactor: true };
    const forbidden = await t.http().put(settings()).set(as(STAFF)).send(body).expect(403);
    expect(forbidden.body.code).toBe('AUTH.ROLE_REQUIRED');
    await t.http().put(settings('muster')).set(as(ADMIN)).send(body).expect(404);
    const invalid = await t.http().put(settings()).set(as(ADMIN)).send({ allowEmbeddedFiles: 'yes' }).expect(400);
    expect(invalid.body.code).toBe('REQUEST.INVALID');
  });

  it('accepts embedded files once the tenant allows them, audits the change, and still refuses scripts', async () => {
    await t
      .http()
      .put(settings())
      .set(as(ADMIN))
      .send({ allowEmbeddedFiles: true, requireSecondFactor: true })
      .expect(200, { allowEmbeddedFiles: true, requireSecondFactor: true });
    await t.http().get(settings()).set(as(ADMIN)).expect(200, { allowEmbeddedFiles: true, requireSecondFactor: true });
    await t.http().get(settings('muster')).set(as(MUSTER_ADMIN)).expect(200, { allowEmbeddedFiles: false, requireSecondFactor: true });

    await upload(await activeContentPdfs.embeddedFile()).expect(201);
    const script = await upload(await activeContentPdfs.openActionJavaScript()).expect(422);
    expect(script.body.activeContent).toEqual(['javascript']);

    const entries = (await t.dataSource.query(
      `SELECT action, actor, details FROM signatures.tenant_audit_entry WHERE tenant = 'demo' ORDER BY seq`,
    )) as Array<{
      action: string;
      actor: string;
      details: Record<string, unknown>;
    }>;
    expect(entries).toContainEqual({
      action: 'settings-changed',
      actor: t.userId(ADMIN),
      details: { allowEmbeddedFiles: true, requireSecondFactor: true },
    });
  });
});

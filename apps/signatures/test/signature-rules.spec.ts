import { RequestEvents } from '../src/request/request-events';
import { enrolSigners } from './enrolled-signer';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { encryptedPdf, samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const IT_ADMIN = 'it-admin@demo.example';
const ADMIN = 'admin@demo.example';
const MUSTER_CLERK = 'clerk@muster.example';

describe('signature requests: who may do what, and what is refused (embedded database)', () => {
  let t: SignaturesTestApp;
  const tokens: Record<string, string> = {};
  let pdf: Buffer;
  let signBody: (email: string) => Promise<{ otp: string }>;

  beforeAll(async () => {
    t = await startSignaturesApp();
    for (const email of [STAFF, CLERK, IT_ADMIN, ADMIN, MUSTER_CLERK]) tokens[email] = await t.token(email);
    pdf = await samplePdf(1);
    signBody = await enrolSigners(t, [CLERK]);
  }, 60_000);
  afterAll(() => t?.close());

  const as = (email: string) => ({ Authorization: `Bearer ${tokens[email]}` });
  const base = '/api/v1/tenants/demo/signature-requests';
  const dueAt = () => new Date(Date.now() + 3 * 86_400_000).toISOString();

  async function createRequest(steps: string[][], requester = STAFF, title = 'Vertrag'): Promise<string> {
    const response = await t
      .http()
      .post(base)
      .set(as(requester))
      .field('title', title)
      .field('steps', JSON.stringify(steps))
      .field('dueAt', dueAt())
      .attach('file', pdf, { filename: 'v.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  describe('identity and tenants', () => {
    let id: string;
    beforeAll(async () => {
      id = await createRequest([[CLERK], [IT_ADMIN]]);
    });

    it('answers 401 without a token', async () => {
      const response = await t.http().get(`${base}/${id}`).expect(401);
      expect(response.body.code).toBe('AUTH.MISSING_TOKEN');
    });

    it('answers 403 to a token without the staff or clerk role', async () => {
      const token = await t.token(IT_ADMIN, { roles: ['it-admin'] });
      const response = await t
        .http()
        .get(base)
        .set({ Authorization: `Bearer ${token}` })
        .expect(403);
      expect(response.body.code).toBe('AUTH.ROLE_REQUIRED');
    });

    it("shows another tenant nothing: 404 on the other tenant's path and for the id on its own", async () => {
      await t.http().get(`${base}/${id}`).set(as(MUSTER_CLERK)).expect(404);
      await t.http().get(`/api/v1/tenants/muster/signature-requests/${id}`).set(as(MUSTER_CLERK)).expect(404);
      await t.http().post(`/api/v1/tenants/muster/signature-requests/${id}/sign`).set(as(MUSTER_CLERK)).send({}).expect(404);
      const inbox = await t.http().get('/api/v1/tenants/muster/signature-requests?as=signer').set(as(MUSTER_CLERK)).expect(200);
      expect(inbox.body.items).toEqual([]);
    });

    it('answers 404 to a colleague of the same tenant who takes no part, on every route', async () => {
      for (const [method, path] of [
        ['get', `${base}/${id}`],
        ['get', `${base}/${id}/document`],
        ['get', `${base}/${id}/audit`],
        ['post', `${base}/${id}/sign`],
        ['post', `${base}/${id}/withdraw`],
      ] as const) {
        const response = await t.http()[method](path).set(as(ADMIN)).send({});
        expect({ path, status: response.status, code: response.body.code }).toEqual({
          path,
          status: 404,
          code: 'SIGNATURE.REQUEST_NOT_FOUND',
        });
      }
    });

    it('answers 400 for an id that is not a UUID', async () => {
      await t.http().get(`${base}/not-a-uuid`).set(as(STAFF)).expect(400);
    });
  });

  describe('signing rules', () => {
    it('lets only the named signers of the current step sign, each once (403 otherwise, 409 for a second signature)', async () => {
      const id = await createRequest([[CLERK], [IT_ADMIN]]);
      const later = await t.http().post(`${base}/${id}/sign`).set(as(IT_ADMIN)).send({}).expect(403);
      expect(later.body.code).toBe('SIGNATURE.NOT_YOUR_TURN');
      const requester = await t.http().post(`${base}/${id}/sign`).set(as(STAFF)).send({}).expect(403);
      expect(requester.body.code).toBe('SIGNATURE.NOT_A_SIGNER');
      await t
        .http()
        .post(`${base}/${id}/sign`)
        .set(as(CLERK))
        .send(await signBody(CLERK))
        .expect(200);
      const again = await t.http().post(`${base}/${id}/sign`).set(as(CLERK)).send({}).expect(409);
      expect(again.body.code).toBe('SIGNATURE.ALREADY_SIGNED');
    }, 30_000);

    it('lets only the requester withdraw, and nobody sign a withdrawn request (409)', async () => {
      const id = await createRequest([[CLERK, IT_ADMIN]]);
      const bySigner = await t.http().post(`${base}/${id}/withdraw`).set(as(CLERK)).expect(403);
      expect(bySigner.body.code).toBe('SIGNATURE.NOT_REQUESTER');
      const withdrawn = await t.http().post(`${base}/${id}/withdraw`).set(as(STAFF)).expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', actions: { sign: false, reject: false, withdraw: false } });
      const sign = await t.http().post(`${base}/${id}/sign`).set(as(CLERK)).send({}).expect(409);
      expect(sign.body.code).toBe('SIGNATURE.REQUEST_NOT_PENDING');
      await t.http().post(`${base}/${id}/withdraw`).set(as(STAFF)).expect(409);
      const events = await outboxEvents(t.dataSource, id);
      expect(events.at(-1)).toMatchObject({
        type: 'de.amtsweg.signatures.request.withdrawn.v1',
        data: { pendingSigners: [{ userId: t.userId(CLERK) }, { userId: t.userId(IT_ADMIN) }] },
      });
    }, 30_000);

    it('ends the request when a signer rejects, with the reason for the requester', async () => {
      const id = await createRequest([[CLERK], [IT_ADMIN]]);
      await t.http().post(`${base}/${id}/reject`).set(as(CLERK)).send({ reason: '   ' }).expect(400);
      await t.http().post(`${base}/${id}/reject`).set(as(IT_ADMIN)).send({ reason: 'Nicht dran' }).expect(403);
      const rejected = await t.http().post(`${base}/${id}/reject`).set(as(CLERK)).send({ reason: 'Falsche Kostenstelle' }).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { by: t.userId(CLERK), reason: 'Falsche Kostenstelle' } });
      expect(rejected.body.steps.map((s: { state: string }) => s.state)).toEqual(['cancelled', 'cancelled']);
      await t.http().post(`${base}/${id}/sign`).set(as(CLERK)).send({}).expect(409);
      const [last] = (await outboxEvents(t.dataSource, id)).slice(-1);
      expect(last).toMatchObject({
        type: 'de.amtsweg.signatures.request.rejected.v1',
        data: { rejectedBy: t.userId(CLERK), reason: 'Falsche Kostenstelle', step: 1, requesterId: t.userId(STAFF) },
      });
    }, 30_000);

    it('refuses unknown fields in the sign body and a malformed code', async () => {
      const id = await createRequest([[CLERK]]);
      await t.http().post(`${base}/${id}/sign`).set(as(CLERK)).send({ otp: '12' }).expect(400);
      await t.http().post(`${base}/${id}/sign`).set(as(CLERK)).send({ signer: 'someone' }).expect(400);
    });
  });

  describe('the inbox', () => {
    it('shows a signer only requests whose current step names them; as requester, one’s own, newest first, in pages', async () => {
      const first = await createRequest([[IT_ADMIN]], CLERK, 'Erste');
      const second = await createRequest([[ADMIN], [IT_ADMIN]], CLERK, 'Zweite');
      const third = await createRequest([[IT_ADMIN]], CLERK, 'Dritte');
      const inbox = await t.http().get(`${base}?as=signer&status=pending&limit=200`).set(as(IT_ADMIN)).expect(200);
      const ids = inbox.body.items.map((r: { id: string }) => r.id);
      expect(ids).toEqual(expect.arrayContaining([first, third]));
      expect(ids).not.toContain(second);

      const page1 = await t.http().get(`${base}?as=requester&limit=2`).set(as(CLERK)).expect(200);
      expect(page1.body.items.map((r: { title: string }) => r.title)).toEqual(['Dritte', 'Zweite']);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await t.http().get(`${base}?as=requester&limit=2&cursor=${page1.body.nextCursor}`).set(as(CLERK)).expect(200);
      expect(page2.body.items.map((r: { title: string }) => r.title)).toEqual(['Erste']);
      expect(page2.body.nextCursor).toBeNull();
    }, 30_000);

    it('refuses a cursor it did not hand out and an unknown status', async () => {
      await t.http().get(`${base}?cursor=bogus`).set(as(CLERK)).expect(400);
      await t.http().get(`${base}?status=archived`).set(as(CLERK)).expect(400);
    });
  });

  describe('bad uploads leave nothing behind', () => {
    const counts = async () => {
      const [row] = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM signatures.signature_request)::int AS requests, (SELECT count(*) FROM signatures.outbox_event)::int AS events,
                (SELECT count(*) FROM signatures.audit_entry)::int AS audit, (SELECT count(*) FROM signatures.request_signer)::int AS signers`,
      );
      return row;
    };
    const upload = (file: Buffer | undefined, fields: Record<string, string> = {}) => {
      let call = t.http().post(base).set(as(STAFF));
      const all = { title: 'Vertrag', steps: JSON.stringify([[CLERK]]), dueAt: dueAt(), ...fields };
      for (const [name, value] of Object.entries(all)) call = call.field(name, value);
      return file ? call.attach('file', file, { filename: 'x.pdf', contentType: 'application/pdf' }) : call;
    };

    const bad: Array<{
      what: string;
      file: () => Promise<Buffer> | Buffer | undefined;
      fields: Record<string, string>;
      status: number;
      code: string;
    }> = [
      {
        what: 'a file that is not a PDF',
        file: () => Buffer.from('GIF89a not a pdf at all'),
        fields: {},
        status: 415,
        code: 'SIGNATURE.NOT_A_PDF',
      },
      { what: 'an encrypted PDF', file: () => encryptedPdf(), fields: {}, status: 422, code: 'SIGNATURE.DOCUMENT_ENCRYPTED' },
      {
        what: 'a PDF header with garbage behind it',
        file: () => Buffer.from('%PDF-1.7\n garbage'),
        fields: {},
        status: 422,
        code: 'SIGNATURE.DOCUMENT_UNREADABLE',
      },
      { what: 'no file', file: () => undefined, fields: {}, status: 400, code: 'SIGNATURE.DOCUMENT_MISSING' },
      { what: 'steps that are not JSON', file: () => samplePdf(1), fields: { steps: '[[clerk' }, status: 400, code: 'REQUEST.INVALID' },
      { what: 'an empty step', file: () => samplePdf(1), fields: { steps: '[[]]' }, status: 400, code: 'REQUEST.INVALID' },
      {
        what: 'a signer of another tenant',
        file: () => samplePdf(1),
        fields: { steps: JSON.stringify([[MUSTER_CLERK]]) },
        status: 422,
        code: 'SIGNATURE.UNKNOWN_SIGNER',
      },
      {
        what: 'a signer named twice',
        file: () => samplePdf(1),
        fields: { steps: JSON.stringify([[CLERK], [CLERK.toUpperCase()]]) },
        status: 422,
        code: 'SIGNATURE.SIGNER_NAMED_TWICE',
      },
      {
        what: 'a due date in the past',
        file: () => samplePdf(1),
        fields: { dueAt: '2020-01-01T00:00:00Z' },
        status: 422,
        code: 'SIGNATURE.DUE_DATE_PASSED',
      },
      { what: 'a due date that is no date', file: () => samplePdf(1), fields: { dueAt: 'tomorrow' }, status: 400, code: 'REQUEST.INVALID' },
      { what: 'an unknown field', file: () => samplePdf(1), fields: { priority: 'high' }, status: 400, code: 'REQUEST.INVALID' },
    ];
    it.each(bad)('answers $what with $status $code and creates nothing', async ({ file, fields, status, code }) => {
      const before = await counts();
      const response = await upload(await file(), fields);
      expect({ status: response.status, code: response.body.code, type: response.headers['content-type'] }).toEqual({
        status,
        code,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(await counts()).toEqual(before);
    });

    it('rolls the whole request back when a late step of the creating transaction fails', async () => {
      const before = await counts();
      const events = t.app.get(RequestEvents);
      const failing = jest.spyOn(events, 'stepStarted').mockRejectedValueOnce(new Error('outbox unavailable'));
      try {
        const response = await upload(await samplePdf(1));
        expect(response.status).toBe(500);
      } finally {
        failing.mockRestore();
      }
      expect(await counts()).toEqual(before);
      const [{ documents }] = await t.dataSource.query(`SELECT count(*)::int AS documents FROM signatures.request_document`);
      expect(documents).toBe(before.requests);
    });

    it('answers 413 for a document over 20 MB', async () => {
      const big = Buffer.concat([await samplePdf(1), Buffer.alloc(20 * 1024 * 1024 + 1, 0x20)]);
      const response = await upload(big);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 413, code: 'SIGNATURE.DOCUMENT_TOO_LARGE' });
    });

    it('answers 415 to a JSON body', async () => {
      const response = await t.http().post(base).set(as(STAFF)).send({ title: 'x', steps: '[]', dueAt: dueAt() }).expect(415);
      expect(response.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    });
  });
});

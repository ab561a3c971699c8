import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binary } from './http-binary';
import { describeWithPdfsig } from './pdfsig';
import { enrolSigners } from './enrolled-signer';
import { startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { flipByte, samplePdf } from './signing-fixtures';

const run = promisify(execFile);
const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const MUSTER_CLERK = 'clerk@muster.example';

/** The text of a PDF as poppler's pdftotext reads it (installed with pdfsig). */
async function pdfText(pdf: Buffer): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'amtsweg-text-')), 'doc.pdf');
  writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

describe('audit trail, completion certificate and verification, through the API', () => {
  let t: SignaturesTestApp;
  const auth: Record<string, string> = {};
  let completedId: string;
  let signedPdf: Buffer;
  let uploaded: Buffer;

  beforeAll(async () => {
    t = await startSignaturesApp();
    for (const email of [STAFF, CLERK, MUSTER_CLERK]) auth[email] = `Bearer ${await t.token(email)}`;
    const signBody = await enrolSigners(t, [CLERK]);
    const created = await t
      .http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set('Authorization', auth[STAFF])
      .field('title', 'Prüfbericht Brandschutz')
      .field('steps', JSON.stringify([[CLERK]]))
      .field('dueAt', new Date(Date.now() + 86_400_000 * 3).toISOString())
      .attach('file', (uploaded = await samplePdf(2)), { filename: 'x.pdf', contentType: 'application/pdf' })
      .expect(201);
    completedId = created.body.id;
    await t
      .http()
      .post(`/api/v1/tenants/demo/signature-requests/${completedId}/sign`)
      .set('Authorization', auth[CLERK])
      .send(await signBody(CLERK))
      .expect(200);
    signedPdf = (
      await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${completedId}/document`)
        .set('Authorization', auth[STAFF])
        .buffer(true)
        .parse(binary)
        .expect(200)
    ).body;
  }, 60_000);
  afterAll(() => t?.close());

  describe('the audit trail', () => {
    it('records every action with its actor in a hash chain that verifies', async () => {
      await t.http().get(`/api/v1/tenants/demo/signature-requests/${completedId}`).set('Authorization', auth[CLERK]).expect(200);
      const audit = await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${completedId}/audit`)
        .set('Authorization', auth[STAFF])
        .expect(200);
      expect(audit.body.intact).toBe(true);
      expect(audit.body.headHash).toBe(audit.body.entries.at(-1).hash);
      const entries = audit.body.entries as Array<{
        seq: number;
        action: string;
        actor: string;
        prevHash: string;
        hash: string;
        details: Record<string, unknown>;
      }>;
      expect(entries.map((e) => [e.seq, e.action, e.actor])).toEqual([
        [1, 'created', t.userId(STAFF)],
        [2, 'step-started', 'system'],
        [3, 'signed', t.userId(CLERK)],
        [4, 'completed', 'system'],
        [5, 'downloaded', t.userId(STAFF)],
        [6, 'viewed', t.userId(CLERK)],
      ]);
      expect(entries[0].prevHash).toBe('0'.repeat(64));
      for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
      expect(entries[2].details).toMatchObject({ step: 1, certificateSha256: expect.stringMatching(/^[0-9a-f]{64}$/), secondFactor: true });
    });

    it('records the original as uploaded and the document prepared for signing, which the first signature covers', async () => {
      const audit = await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${completedId}/audit`)
        .set('Authorization', auth[STAFF])
        .expect(200);
      const { originalSha256, preparedSha256 } = audit.body.entries[0].details as { originalSha256: string; preparedSha256: string };
      expect(originalSha256).toBe(createHash('sha256').update(uploaded).digest('hex'));
      expect(preparedSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(preparedSha256).not.toBe(originalSha256);
      // The original is kept as uploaded; the signatures went into the prepared document.
      const [row] = await t.dataSource.query(
        `SELECT string_agg(c.bytes, ''::bytea ORDER BY c.seq) AS original_pdf
           FROM signatures.request_document d JOIN signatures.document_chunk c ON c.document_id = d.original_document_id
          WHERE d.request_id = $1`,
        [completedId],
      );
      expect(Buffer.from(row.original_pdf).equals(uploaded)).toBe(true);
      const firstRangeEnd = Number(/\/ByteRange \[0 (\d+)/.exec(signedPdf.toString('latin1'))![1]);
      const preparedEnd = signedPdf.lastIndexOf('%%EOF', firstRangeEnd) + '%%EOF'.length;
      expect(createHash('sha256').update(signedPdf.subarray(0, preparedEnd)).digest('hex')).toBe(preparedSha256);
    });

    it('shows the break when a row is changed directly in the database', async () => {
      await t.dataSource.query(`UPDATE signatures.audit_entry SET actor = 'someone-else' WHERE request_id = $1 AND seq = 3`, [completedId]);
      try {
        const audit = await t
          .http()
          .get(`/api/v1/tenants/demo/signature-requests/${completedId}/audit`)
          .set('Authorization', auth[STAFF])
          .expect(200);
        expect(audit.body).toMatchObject({ intact: false, brokenAt: 3 });
        expect(audit.body.headHash).toBeUndefined();
      } finally {
        await t.dataSource.query(`UPDATE signatures.audit_entry SET actor = $2 WHERE request_id = $1 AND seq = 3`, [
          completedId,
          t.userId(CLERK),
        ]);
      }
      const repaired = await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${completedId}/audit`)
        .set('Authorization', auth[STAFF])
        .expect(200);
      expect(repaired.body.intact).toBe(true);
    });

    it('shows the break when a row is deleted', async () => {
      const [row] = await t.dataSource.query(`SELECT * FROM signatures.audit_entry WHERE request_id = $1 AND seq = 2`, [completedId]);
      await t.dataSource.query(`DELETE FROM signatures.audit_entry WHERE request_id = $1 AND seq = 2`, [completedId]);
      try {
        const audit = await t
          .http()
          .get(`/api/v1/tenants/demo/signature-requests/${completedId}/audit`)
          .set('Authorization', auth[STAFF])
          .expect(200);
        expect(audit.body).toMatchObject({ intact: false, brokenAt: 2 });
      } finally {
        await t.dataSource.query(
          `INSERT INTO signatures.audit_entry (request_id, seq, tenant, action, actor, at, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
          [row.request_id, row.seq, row.tenant, row.action, row.actor, row.at, JSON.stringify(row.details), row.prev_hash, row.hash],
        );
      }
    });
  });

  describeWithPdfsig('the completion certificate (read back with pdftotext)', () => {
    it('lists the trail and the SHA-256 of the original and the final document, for a completed request', async () => {
      const request = await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${completedId}`)
        .set('Authorization', auth[STAFF])
        .expect(200);
      const audit = await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${completedId}/audit`)
        .set('Authorization', auth[STAFF])
        .expect(200);
      const response = await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${completedId}/certificate`)
        .set('Authorization', auth[STAFF])
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const text = (await pdfText(response.body)).replace(/\s+/g, ' ');
      expect(text).toContain('Signaturnachweis');
      expect(text).toContain('Prüfbericht Brandschutz');
      expect(text).toContain(`SHA-256 Original ${request.body.originalSha256}`);
      expect(text).toContain(`SHA-256 signiert ${request.body.documentSha256}`);
      expect(text).toContain(`SHA-256 zur Signatur aufbereitet ${audit.body.entries[0].details.preparedSha256}`);
      expect(text).toContain('Clara Bürgerbüro');
      expect(text).toContain('Sam Sachbearbeitung');
      // Every entry up to this download, each hash whole on its line.
      for (const entry of audit.body.entries) expect(text).toContain(entry.hash);
      expect(text).toContain('Hash-Kette des Protokolls ist unversehrt');
      // The fingerprint a recipient compares with what the municipality publishes, and where it does.
      const published = await t.http().get('/api/v1/tenants/demo/signatures/ca.pem').expect(200);
      expect(text).toContain(`Signatur-CA (SHA-256) ${published.headers['x-certificate-sha256']}`);
      expect(text).toContain(`CA veröffentlicht unter ${t.config.publicUrl}/api/v1/tenants/demo/signatures/cas`);
    });

    it('is refused (409) while the request is not completed', async () => {
      const created = await t
        .http()
        .post('/api/v1/tenants/demo/signature-requests')
        .set('Authorization', auth[STAFF])
        .field('title', 'Offen')
        .field('steps', JSON.stringify([[CLERK]]))
        .field('dueAt', new Date(Date.now() + 86_400_000 * 3).toISOString())
        .attach('file', await samplePdf(1), { filename: 'x.pdf', contentType: 'application/pdf' })
        .expect(201);
      const response = await t
        .http()
        .get(`/api/v1/tenants/demo/signature-requests/${created.body.id}/certificate`)
        .set('Authorization', auth[STAFF])
        .expect(409);
      expect(response.body.code).toBe('SIGNATURE.REQUEST_NOT_COMPLETED');
    });
  });

  describe('POST /signatures/verify', () => {
    const verify = (email: string, pdf: Buffer, tenant = 'demo') =>
      t
        .http()
        .post(`/api/v1/tenants/${tenant}/signatures/verify`)
        .set('Authorization', auth[email])
        .attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' });

    it("names each signature's signer and time, intact, and chaining to this tenant's CA", async () => {
      const response = await verify(STAFF, signedPdf).expect(200);
      expect(response.body).toMatchObject({ intact: true, unsignedChanges: [] });
      expect(response.body.signatures).toEqual([
        expect.objectContaining({
          index: 1,
          signer: { name: 'Clara Bürgerbüro', email: CLERK, organization: 'demo', userId: t.userId(CLERK) },
          signedAt: expect.stringMatching(/[+-]\d{2}:\d{2}$/),
          subFilter: 'ETSI.CAdES.detached',
          digestAlgorithm: 'SHA-256',
          intact: true,
          coversWholeDocument: true,
          chainsToTenantCa: true,
          problems: [],
        }),
      ]);
      expect(response.body.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('reports a changed byte: not intact', async () => {
      const response = await verify(STAFF, flipByte(signedPdf, 300)).expect(200);
      expect(response.body.intact).toBe(false);
      expect(response.body.signatures[0]).toMatchObject({ intact: false, chainsToTenantCa: true });
      expect(response.body.signatures[0].problems).toContainEqual({ code: 'DIGEST_MISMATCH', detail: expect.any(String) });
    });

    it("does not chain to another tenant's CA", async () => {
      const response = await verify(MUSTER_CLERK, signedPdf, 'muster').expect(200);
      expect(response.body.signatures[0]).toMatchObject({
        intact: true,
        chainsToTenantCa: false,
        problems: [{ code: 'NOT_TRUSTED', detail: expect.any(String) }],
      });
    });

    it('finds no signatures in an unsigned PDF, and refuses what is not a PDF', async () => {
      expect((await verify(STAFF, await samplePdf(1)).expect(200)).body).toMatchObject({
        intact: false,
        unsignedChanges: [],
        signatures: [],
      });
      await verify(STAFF, Buffer.from('hello')).expect(415);
    });
  });
});

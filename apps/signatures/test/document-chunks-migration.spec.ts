import { EmbeddedPostgres, openServiceDataSource } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { signaturesMigrations } from '../src/migrations';
import { signaturesDatabase } from '../src/signatures.database';

/**
 * The upgrade that moved documents into chunks (issue 14, item 7) keeps every document a request
 * had: its original and its signed document, byte for byte, named by the request.
 */
describe('migration DocumentChunks1796500000000', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource | undefined;
  const original = Buffer.from('%PDF-1.7 original \x00\xff bytes');
  const signed = Buffer.from('%PDF-1.7 signed \x00\xfe bytes, longer');
  const requestId = '0190a000-0000-7000-8000-0000000000aa';

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await embedded?.close();
  });

  it('moves both documents of an existing request into chunks and drops the old columns', async () => {
    const before = signaturesMigrations.filter((migration) => migration.name !== 'DocumentChunks1796500000000');
    expect(before).toHaveLength(signaturesMigrations.length - 1);
    dataSource = await openServiceDataSource({ ...signaturesDatabase, migrations: before }, { kind: 'embedded', embedded });
    await dataSource.query(
      `INSERT INTO signatures.signature_request (id, tenant, title, requester_id, status, current_step, step_count, due_at,
         original_sha256, document_sha256, created_at, updated_at)
       VALUES ($1, 'demo', 'Vertrag', 'u1', 'pending', 1, 1, now(), 'a', 'b', now(), now())`,
      [requestId],
    );
    await dataSource.query(
      `INSERT INTO signatures.request_document (request_id, original_pdf, current_pdf, signature_count) VALUES ($1, $2, $3, 1)`,
      [requestId, original, signed],
    );
    await dataSource.destroy();

    dataSource = await openServiceDataSource(signaturesDatabase, { kind: 'embedded', embedded });
    const [documents] = (await dataSource.query(
      `SELECT o.bytes AS original, c.bytes AS current, d.signature_count, so.tenant, so.byte_size, so.expires_at
         FROM signatures.request_document d
         JOIN signatures.stored_document so ON so.id = d.original_document_id
         JOIN signatures.document_chunk o ON o.document_id = d.original_document_id
         JOIN signatures.document_chunk c ON c.document_id = d.current_document_id
        WHERE d.request_id = $1`,
      [requestId],
    )) as Array<{ original: Buffer; current: Buffer; signature_count: number; tenant: string; byte_size: number; expires_at: Date | null }>;
    expect(Buffer.from(documents.original).equals(original)).toBe(true);
    expect(Buffer.from(documents.current).equals(signed)).toBe(true);
    expect(documents).toMatchObject({ signature_count: 1, tenant: 'demo', byte_size: original.length, expires_at: null });
    const columns = (await dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'signatures' AND table_name = 'request_document' ORDER BY column_name`,
    )) as Array<{ column_name: string }>;
    expect(columns.map((column) => column.column_name)).toEqual([
      'current_document_id',
      'original_document_id',
      'request_id',
      'signature_count',
    ]);
  }, 60_000);
});

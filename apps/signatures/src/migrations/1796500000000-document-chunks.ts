import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents move out of `request_document` into chunks of their own (issue 14, item 7): a 20 MB
 * PDF written or read in one statement held the embedded database's only session for a second or
 * more, and every other tenant's booking waited behind it. A document is now a row of
 * `stored_document` and its bytes a series of `document_chunk`s, written and read one short
 * statement at a time; a request names its original and its current document.
 *
 * `expires_at` is the document's only lifecycle: set while a document is staged (written before
 * the request that will name it commits) and once a newer signature has replaced it (readers that
 * looked it up just before keep a grace period); NULL while a request names it. A round deletes
 * what has expired.
 */
export class DocumentChunks1796500000000 implements MigrationInterface {
  name = 'DocumentChunks1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signatures.stored_document (
        id uuid PRIMARY KEY,
        tenant text NOT NULL,
        byte_size int NOT NULL CHECK (byte_size >= 0),
        chunk_count int NOT NULL CHECK (chunk_count >= 0),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX stored_document_expiry ON signatures.stored_document (expires_at) WHERE expires_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE signatures.document_chunk (
        document_id uuid NOT NULL REFERENCES signatures.stored_document (id) ON DELETE CASCADE,
        seq int NOT NULL CHECK (seq >= 0),
        bytes bytea NOT NULL,
        PRIMARY KEY (document_id, seq)
      )`);
    // PDFs are compressed already: trying to compress them again on every write only costs time.
    await q.query(`ALTER TABLE signatures.document_chunk ALTER COLUMN bytes SET STORAGE EXTERNAL`);

    // Existing documents move over as one chunk each (a reader joins chunks of any size).
    await q.query(`
      ALTER TABLE signatures.request_document
        ADD COLUMN original_document_id uuid NULL,
        ADD COLUMN current_document_id uuid NULL`);
    await q.query(
      `UPDATE signatures.request_document SET original_document_id = gen_random_uuid(), current_document_id = gen_random_uuid()`,
    );
    for (const [idColumn, pdfColumn] of [
      ['original_document_id', 'original_pdf'],
      ['current_document_id', 'current_pdf'],
    ]) {
      await q.query(`
        INSERT INTO signatures.stored_document (id, tenant, byte_size, chunk_count, created_at, expires_at)
        SELECT d.${idColumn}, r.tenant, length(d.${pdfColumn}), 1, r.updated_at, NULL
          FROM signatures.request_document d JOIN signatures.signature_request r ON r.id = d.request_id`);
      await q.query(
        `INSERT INTO signatures.document_chunk (document_id, seq, bytes) SELECT ${idColumn}, 0, ${pdfColumn} FROM signatures.request_document`,
      );
    }
    await q.query(`
      ALTER TABLE signatures.request_document
        ALTER COLUMN original_document_id SET NOT NULL,
        ALTER COLUMN current_document_id SET NOT NULL,
        ADD FOREIGN KEY (original_document_id) REFERENCES signatures.stored_document (id),
        ADD FOREIGN KEY (current_document_id) REFERENCES signatures.stored_document (id),
        DROP COLUMN original_pdf,
        DROP COLUMN current_pdf`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatures.request_document ADD COLUMN original_pdf bytea NULL, ADD COLUMN current_pdf bytea NULL`);
    for (const [idColumn, pdfColumn] of [
      ['original_document_id', 'original_pdf'],
      ['current_document_id', 'current_pdf'],
    ]) {
      await q.query(`
        UPDATE signatures.request_document d
           SET ${pdfColumn} = (SELECT string_agg(c.bytes, ''::bytea ORDER BY c.seq) FROM signatures.document_chunk c WHERE c.document_id = d.${idColumn})`);
    }
    await q.query(`
      ALTER TABLE signatures.request_document
        ALTER COLUMN original_pdf SET NOT NULL,
        ALTER COLUMN current_pdf SET NOT NULL,
        DROP COLUMN original_document_id,
        DROP COLUMN current_document_id`);
    await q.query(`DROP TABLE signatures.document_chunk`);
    await q.query(`DROP TABLE signatures.stored_document`);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { asBulkWork, changedRows, Clock, dataSourceToken, newId } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * One statement moves at most this much. In the embedded default every statement holds the one
 * database session while it runs, and chunks are bulk work (`asBulkWork`: other statements go
 * first), so the chunk size bounds how long another tenant's booking can wait behind a document
 * (a few milliseconds per MiB), not the document's size. Smaller chunks were slower for everyone
 * (256 KiB: bookings p50 during a 19.7 MB upload 153 ms instead of 25 ms).
 */
const CHUNK_BYTES = 1024 * 1024;
/** A staged document that no request named within this time was left by a failed or interrupted upload. */
const STAGED_FOR_MS = 60 * 60_000;
/** A replaced document stays readable this long for whoever looked it up just before it was replaced. */
const REPLACED_READABLE_FOR_MS = 60 * 60_000;

/**
 * The signatures service's PDFs, stored as chunks (see the migration DocumentChunks1796500000000).
 * Documents never change: a signature makes a new document, and the request names the new one.
 * So a document can be written before the transaction that names it (`stage`, then `attach` in it)
 * and read after the transaction that found it, one chunk per statement, without holding a lock or
 * the embedded session for the whole document.
 */
@Injectable()
export class DocumentStore {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes a document outside any transaction, one chunk per statement; it expires unless a
   * request's transaction `attach`es it. Never call this inside a transaction of this database:
   * the embedded session is that transaction's until it ends.
   */
  async stage(tenant: string, bytes: Buffer): Promise<string> {
    return asBulkWork(() => this.write(this.dataSource.manager, tenant, bytes));
  }

  /**
   * Writes a document inside the caller's transaction, for small documents the service makes itself
   * (a handover protocol). Like a staged one it lives only once `attach`ed: one way to keep a document.
   */
  async stageIn(manager: EntityManager, tenant: string, bytes: Buffer): Promise<string> {
    return this.write(manager, tenant, bytes);
  }

  /** In the transaction that names a staged document: it no longer expires. */
  async attach(manager: EntityManager, id: string): Promise<void> {
    const attached = await changedRows(manager, `UPDATE signatures.stored_document SET expires_at = NULL WHERE id = $1`, [id]);
    if (attached !== 1) throw new Error(`staged document ${id} is gone (it expired before its request committed)`);
  }

  /** In the transaction that names a newer document instead: this one expires after a grace period for readers. */
  async release(manager: EntityManager, id: string): Promise<void> {
    const expiresAt = new Date(this.clock.now().getTime() + REPLACED_READABLE_FOR_MS);
    await manager.query(`UPDATE signatures.stored_document SET expires_at = $2 WHERE id = $1`, [id, expiresAt]);
  }

  /**
   * A staged document that will not be named after all (the request failed): gone now rather than
   * at expiry. Never throws — it runs while another error is on its way to the caller, and what it
   * cannot delete (the database is away) expires anyway.
   */
  async discard(id: string): Promise<void> {
    await this.dataSource
      .query(`DELETE FROM signatures.stored_document WHERE id = $1 AND expires_at IS NOT NULL`, [id])
      .catch(() => undefined);
  }

  /** The document's bytes, one chunk per statement (outside a transaction, or in the caller's). */
  async read(id: string, manager: EntityManager = this.dataSource.manager): Promise<Buffer> {
    return asBulkWork(() => this.readChunks(id, manager));
  }

  private async readChunks(id: string, manager: EntityManager): Promise<Buffer> {
    const [document] = (await manager.query(`SELECT byte_size, chunk_count FROM signatures.stored_document WHERE id = $1`, [id])) as Array<{
      byte_size: number;
      chunk_count: number;
    }>;
    if (!document) throw new Error(`stored document ${id} does not exist`);
    const chunks: Buffer[] = [];
    for (let seq = 0; seq < Number(document.chunk_count); seq++) {
      const [chunk] = (await manager.query(`SELECT bytes FROM signatures.document_chunk WHERE document_id = $1 AND seq = $2`, [
        id,
        seq,
      ])) as Array<{
        bytes: Buffer;
      }>;
      if (!chunk) throw new Error(`stored document ${id} lacks chunk ${seq}`);
      chunks.push(chunk.bytes);
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.length !== Number(document.byte_size))
      throw new Error(`stored document ${id} has ${bytes.length} bytes, not ${document.byte_size}`);
    return bytes;
  }

  /**
   * The document's chunks one by one (outside a transaction), for a reader that streams it on and
   * never holds it whole: the off-boarding export.
   */
  async *chunks(id: string): AsyncGenerator<Buffer> {
    const [document] = (await this.dataSource.query(`SELECT chunk_count FROM signatures.stored_document WHERE id = $1`, [id])) as Array<{
      chunk_count: number;
    }>;
    if (!document) throw new Error(`stored document ${id} does not exist`);
    for (let seq = 0; seq < Number(document.chunk_count); seq++) {
      const [chunk] = (await this.dataSource.query(`SELECT bytes FROM signatures.document_chunk WHERE document_id = $1 AND seq = $2`, [
        id,
        seq,
      ])) as Array<{ bytes: Buffer }>;
      if (!chunk) throw new Error(`stored document ${id} lacks chunk ${seq}`);
      yield chunk.bytes;
    }
  }

  /** Deletes what has expired, one document per statement; answers how many. */
  async deleteExpired(): Promise<number> {
    const expired = (await this.dataSource.query(
      `SELECT id FROM signatures.stored_document WHERE expires_at IS NOT NULL AND expires_at <= $1 ORDER BY expires_at LIMIT 100`,
      [this.clock.now()],
    )) as Array<{ id: string }>;
    for (const { id } of expired) {
      await this.dataSource.query(`DELETE FROM signatures.stored_document WHERE id = $1 AND expires_at IS NOT NULL`, [id]);
    }
    return expired.length;
  }

  private async write(manager: EntityManager, tenant: string, bytes: Buffer): Promise<string> {
    const id = newId();
    const expiresAt = new Date(this.clock.now().getTime() + STAGED_FOR_MS);
    const chunkCount = Math.ceil(bytes.length / CHUNK_BYTES);
    // The document row first, expiring: chunks of an upload cut off half-way are then swept with it.
    await manager.query(
      `INSERT INTO signatures.stored_document (id, tenant, byte_size, chunk_count, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, tenant, bytes.length, chunkCount, this.clock.now(), expiresAt],
    );
    for (let seq = 0; seq < chunkCount; seq++) {
      await manager.query(`INSERT INTO signatures.document_chunk (document_id, seq, bytes) VALUES ($1, $2, $3)`, [
        id,
        seq,
        bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES),
      ]);
    }
    return id;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestSigner, RequestStatus, SignatureRequest, SignerStatus } from './signature-request';

interface RequestRow {
  id: string;
  tenant: string;
  title: string;
  requester_id: string;
  requester_email: string | null;
  status: RequestStatus;
  current_step: number;
  step_count: number;
  due_at: Date;
  remind_at: Date | null;
  reminded_at: Date | null;
  handover_id: string | null;
  original_sha256: string;
  document_sha256: string;
  signature_count: number;
  rejection_reason: string | null;
  ended_by: string | null;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

interface SignerRow {
  request_id: string;
  user_id: string;
  step: number;
  position: number;
  email: string;
  name: string;
  status: SignerStatus;
  signed_at: Date | null;
  certificate_sha256: string | null;
}

/** The stored documents (DocumentStore ids) a request names. */
export interface RequestDocuments {
  originalId: string;
  currentId: string;
}

export interface RequestListQuery {
  tenant: string;
  userId: string;
  as: 'signer' | 'requester';
  status?: RequestStatus;
  /** Keyset: requests created before this (createdAt, id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

const REQUEST_COLUMNS = `r.*, d.signature_count`;
const FROM_REQUEST = `signatures.signature_request r JOIN signatures.request_document d ON d.request_id = r.id`;

/**
 * Signature requests with their signers and document, in raw SQL. Every method takes the caller's
 * EntityManager: inside a transaction, every query must go through it.
 */
@Injectable()
export class SignatureRequestRepository {
  /** `documents.originalId` the document as uploaded (kept for the record), `documents.currentId` the one that gets the signatures. */
  async insert(manager: EntityManager, request: SignatureRequest, documents: RequestDocuments): Promise<void> {
    await manager.query(
      `INSERT INTO signatures.signature_request
         (id, tenant, title, requester_id, requester_email, status, current_step, step_count, due_at, remind_at, reminded_at,
          handover_id, original_sha256, document_sha256, rejection_reason, ended_by, created_at, updated_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, $13, NULL, NULL, $14, $15, NULL)`,
      [
        request.id,
        request.tenant,
        request.title,
        request.requesterId,
        request.requesterEmail ?? null,
        request.status,
        request.currentStep,
        request.stepCount,
        request.dueAt,
        request.remindAt ?? null,
        request.handoverId ?? null,
        request.originalSha256,
        request.documentSha256,
        request.createdAt,
        request.updatedAt,
      ],
    );
    await manager.query(
      `INSERT INTO signatures.request_document (request_id, original_document_id, current_document_id, signature_count) VALUES ($1, $2, $3, 0)`,
      [request.id, documents.originalId, documents.currentId],
    );
    for (const signer of request.signers) {
      await manager.query(
        `INSERT INTO signatures.request_signer (request_id, user_id, step, position, email, name, status) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [request.id, signer.userId, signer.step, signer.position, signer.email, signer.name, signer.status],
      );
    }
  }

  /**
   * The request of `tenant` with this id, or undefined. `forUpdate` locks its row until the
   * transaction ends: every change (and every audit entry) of one request happens one at a time.
   */
  async find(
    manager: EntityManager,
    tenant: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<SignatureRequest | undefined> {
    const [row] = (await manager.query(
      // Both rows locked: a waiter re-reads only the rows it locks, so `d.signature_count` must be one of them
      // (with `OF r` alone, the second of two parallel signers read the count from before the first signed).
      `SELECT ${REQUEST_COLUMNS} FROM ${FROM_REQUEST} WHERE r.id = $1 AND r.tenant = $2${options.forUpdate ? ' FOR UPDATE OF r, d' : ''}`,
      [id, tenant],
    )) as RequestRow[];
    if (!row) return undefined;
    const [request] = await this.withSigners(manager, [row]);
    return request;
  }

  /** The pending requests of `tenant` in which `userId` is a signer who has not signed yet. */
  async pendingFor(manager: EntityManager, tenant: string, userId: string): Promise<SignatureRequest[]> {
    const rows = (await manager.query(
      `SELECT ${REQUEST_COLUMNS} FROM ${FROM_REQUEST}
        WHERE r.tenant = $1 AND r.status = 'pending'
          AND EXISTS (SELECT 1 FROM signatures.request_signer s WHERE s.request_id = r.id AND s.user_id = $2 AND s.status = 'waiting')
        ORDER BY r.id`,
      [tenant, userId],
    )) as RequestRow[];
    return this.withSigners(manager, rows);
  }

  async findByHandover(manager: EntityManager, tenant: string, handoverId: string): Promise<SignatureRequest | undefined> {
    const [row] = (await manager.query(`SELECT ${REQUEST_COLUMNS} FROM ${FROM_REQUEST} WHERE r.tenant = $1 AND r.handover_id = $2`, [
      tenant,
      handoverId,
    ])) as RequestRow[];
    if (!row) return undefined;
    const [request] = await this.withSigners(manager, [row]);
    return request;
  }

  /** Newest first. As signer: what waits for them (pending, their step is the current one) and what reached them before. */
  async list(manager: EntityManager, query: RequestListQuery): Promise<SignatureRequest[]> {
    const where = ['r.tenant = $1'];
    const parameters: unknown[] = [query.tenant, query.userId];
    if (query.as === 'requester') where.push('r.requester_id = $2');
    else {
      where.push(`EXISTS (SELECT 1 FROM signatures.request_signer s WHERE s.request_id = r.id AND s.user_id = $2
                     AND (s.step = r.current_step OR (r.status <> 'pending' AND s.step < r.current_step)))`);
    }
    if (query.status) {
      parameters.push(query.status);
      where.push(`r.status = $${parameters.length}`);
    }
    if (query.before) {
      parameters.push(query.before.createdAt, query.before.id);
      where.push(`(r.created_at, r.id) < ($${parameters.length - 1}, $${parameters.length})`);
    }
    parameters.push(query.limit);
    const rows = (await manager.query(
      `SELECT ${REQUEST_COLUMNS} FROM ${FROM_REQUEST} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT $${parameters.length}`,
      parameters,
    )) as RequestRow[];
    return this.withSigners(manager, rows);
  }

  /** Writes the request's state (not its document); `signer`, when given, is the one whose state changed. */
  async save(manager: EntityManager, request: SignatureRequest, signer?: RequestSigner): Promise<void> {
    await manager.query(
      `UPDATE signatures.signature_request
          SET status = $2, current_step = $3, document_sha256 = $4, rejection_reason = $5, ended_by = $6, ended_at = $7,
              updated_at = $8, reminded_at = $9
        WHERE id = $1`,
      [
        request.id,
        request.status,
        request.currentStep,
        request.documentSha256,
        request.rejectionReason ?? null,
        request.endedBy ?? null,
        request.endedAt ?? null,
        request.updatedAt,
        request.remindedAt ?? null,
      ],
    );
    if (signer) {
      await manager.query(
        `UPDATE signatures.request_signer SET status = $3, signed_at = $4, certificate_sha256 = $5 WHERE request_id = $1 AND user_id = $2`,
        [request.id, signer.userId, signer.status, signer.signedAt ?? null, signer.certificateSha256 ?? null],
      );
    }
  }

  /** The request now names a newer document (one more signature); the caller releases the old one. */
  async replaceDocument(manager: EntityManager, requestId: string, documentId: string, signatureCount: number): Promise<void> {
    await manager.query(`UPDATE signatures.request_document SET current_document_id = $2, signature_count = $3 WHERE request_id = $1`, [
      requestId,
      documentId,
      signatureCount,
    ]);
  }

  async documents(manager: EntityManager, requestId: string): Promise<RequestDocuments> {
    const [row] = (await manager.query(
      `SELECT original_document_id, current_document_id FROM signatures.request_document WHERE request_id = $1`,
      [requestId],
    )) as Array<{ original_document_id: string; current_document_id: string }>;
    return { originalId: row.original_document_id, currentId: row.current_document_id };
  }

  /**
   * Claims pending requests whose due date has passed (expiry) or whose reminder is due, locking
   * them; `SKIP LOCKED` lets several instances' schedulers share the work without waiting. Not those
   * of a suspended tenant (the known_tenant projection): reminders and expiry would reach its staff;
   * they wait for the reactivation (docs/onboarding.md, "Suspending a municipality").
   */
  async claimDue(manager: EntityManager, now: Date, limit: number): Promise<SignatureRequest[]> {
    const rows = (await manager.query(
      `SELECT ${REQUEST_COLUMNS} FROM ${FROM_REQUEST}
        WHERE r.status = 'pending' AND (r.due_at <= $1 OR (r.remind_at <= $1 AND r.reminded_at IS NULL))
          AND NOT EXISTS (SELECT 1 FROM signatures.known_tenant k WHERE k.slug = r.tenant AND k.suspended)
        ORDER BY LEAST(r.due_at, COALESCE(r.remind_at, r.due_at)), r.id
        LIMIT $2
        FOR UPDATE OF r SKIP LOCKED`,
      [now, limit],
    )) as RequestRow[];
    return this.withSigners(manager, rows);
  }

  private async withSigners(manager: EntityManager, rows: RequestRow[]): Promise<SignatureRequest[]> {
    if (rows.length === 0) return [];
    const signerRows = (await manager.query(
      `SELECT * FROM signatures.request_signer WHERE request_id = ANY($1::uuid[]) ORDER BY step, position`,
      [rows.map((row) => row.id)],
    )) as SignerRow[];
    return rows.map((row) =>
      toRequest(
        row,
        signerRows.filter((signer) => signer.request_id === row.id),
      ),
    );
  }
}

function toRequest(row: RequestRow, signers: SignerRow[]): SignatureRequest {
  return {
    id: row.id,
    tenant: row.tenant,
    title: row.title,
    requesterId: row.requester_id,
    requesterEmail: row.requester_email ?? undefined,
    status: row.status,
    currentStep: Number(row.current_step),
    stepCount: Number(row.step_count),
    dueAt: new Date(row.due_at),
    remindAt: row.remind_at ? new Date(row.remind_at) : undefined,
    remindedAt: row.reminded_at ? new Date(row.reminded_at) : undefined,
    handoverId: row.handover_id ?? undefined,
    originalSha256: row.original_sha256,
    documentSha256: row.document_sha256,
    signatureCount: Number(row.signature_count),
    rejectionReason: row.rejection_reason ?? undefined,
    endedBy: row.ended_by ?? undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    endedAt: row.ended_at ? new Date(row.ended_at) : undefined,
    signers: signers.map((signer) => ({
      userId: signer.user_id,
      email: signer.email,
      name: signer.name,
      step: Number(signer.step),
      position: Number(signer.position),
      status: signer.status,
      signedAt: signer.signed_at ? new Date(signer.signed_at) : undefined,
      certificateSha256: signer.certificate_sha256 ?? undefined,
    })),
  };
}

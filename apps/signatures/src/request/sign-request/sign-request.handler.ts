import { Inject, Injectable, Logger } from '@nestjs/common';
import { dataSourceToken, DomainError, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail';
import { DocumentStore } from '../../documents/document-store';
import { DOCUMENT_SIGNER, type DocumentSigner, type PreparedSigner } from '../../pades/document-signer';
import { SignatureSettingsStore } from '../../settings/signature-settings';
import { failedAttemptReason } from '../../signing-factor/failed-attempt';
import { SigningFactors, type VerifiedCode } from '../../signing-factor/signing-factors';
import { sha256 } from '../create-request/uploaded-pdf';
import { requireVisibleRequest } from '../request-access';
import { RequestEvents } from '../request-events';
import { assertMaySign, recordSignature, type SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';

/** Signers of one step who sign at the same moment take turns; this many turns lost in a row is a 503. */
const MAX_SIGNING_ATTEMPTS = 10;

/**
 * The caller signs: only with their own token (no link or delegate stands in for them), their own
 * key, and their second factor — which the tenant requires by default (signature settings).
 * Attempts refused for a wrong code, a lockout, a missing factor or out of turn go into the
 * request's audit trail: a series of them is what an attack looks like.
 *
 * Checks and the slow preparation (the key, created on first use) come first; then the current
 * document is signed outside any transaction and one short transaction locks the request row
 * (`SELECT … FOR UPDATE`), checks again and stores the result (see signCurrentDocument). Two
 * signers of one step signing at the same moment end up one after the other: the second signs the
 * document that already carries the first signature, so both are in it.
 */
@Injectable()
export class SignRequestHandler {
  private readonly logger = new Logger(SignRequestHandler.name);

  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly events: RequestEvents,
    private readonly factors: SigningFactors,
    @Inject(DOCUMENT_SIGNER) private readonly documentSigner: DocumentSigner,
    private readonly clock: Clock,
    private readonly settings: SignatureSettingsStore,
    private readonly documents: DocumentStore,
  ) {}

  async execute(principal: Principal, id: string, otp: string | undefined): Promise<SignatureRequest> {
    const seen = await requireVisibleRequest(this.requests, this.dataSource.manager, principal, id);
    const { signer, code } = await this.auditingRefusals(principal, id, async () => {
      const signer = assertMaySign(seen, principal.userId);
      const { requireSecondFactor } = await this.settings.read(principal.tenant);
      return { signer, code: await this.verifyCode(principal, id, otp, requireSecondFactor) };
    });
    const prepared = await this.documentSigner.prepare({
      tenant: principal.tenant,
      userId: signer.userId,
      name: signer.name,
      email: signer.email,
    });

    const signed = await this.signCurrentDocument(principal, id, code, prepared);
    this.logger.log(`request ${signed.id}: signature ${signed.signatureCount} added (${signed.status})`);
    return signed;
  }

  /**
   * Signs optimistically. The current document is read and signed, and the result staged, outside
   * any transaction: a 20 MB document takes seconds, and in the embedded default a transaction holds
   * the one database session that every tenant's bookings need. One short transaction then locks the
   * request, checks again, and names the new document — if the request still names the document
   * that was signed. When another signer of the step got there first, this signs again on top of
   * their signature, so both end up in the document.
   */
  private async signCurrentDocument(
    principal: Principal,
    id: string,
    code: VerifiedCode | undefined,
    prepared: PreparedSigner,
  ): Promise<SignatureRequest> {
    for (let attempt = 1; attempt <= MAX_SIGNING_ATTEMPTS; attempt++) {
      const seen = await requireVisibleRequest(this.requests, this.dataSource.manager, principal, id);
      assertMaySign(seen, principal.userId);
      const signedDocumentId = (await this.requests.documents(this.dataSource.manager, seen.id)).currentId;
      const now = this.clock.now();
      const step = seen.currentStep;
      const pdf = await prepared.sign(await this.documents.read(signedDocumentId), {
        signingTime: now,
        reason: `Signatur (Schritt ${step} von ${seen.stepCount})`,
        location: seen.tenant,
      });
      const stagedId = await this.documents.stage(seen.tenant, pdf);
      let signed: SignatureRequest | undefined;
      try {
        signed = await this.dataSource.transaction(async (manager) => {
          const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
          assertMaySign(request, principal.userId);
          if ((await this.requests.documents(manager, request.id)).currentId !== signedDocumentId) return undefined;
          if (code) await this.factors.spend(manager, code);
          await this.record(
            manager,
            request,
            principal,
            { now, step, pdf, documentId: stagedId, replacedId: signedDocumentId },
            prepared,
            code,
          );
          return request;
        });
      } finally {
        if (!signed) await this.documents.discard(stagedId);
      }
      if (signed) return signed;
    }
    throw new DomainError(
      503,
      'SERVICE.BUSY',
      'Others signed this request at the same moment, again and again; sign once more shortly.',
      undefined,
      {
        'Retry-After': '1',
      },
    );
  }

  /** In the signing transaction, the request locked: the signature, the new document, the audit entries and the events. */
  private async record(
    manager: EntityManager,
    request: SignatureRequest,
    principal: Principal,
    signature: { now: Date; step: number; pdf: Buffer; documentId: string; replacedId: string },
    prepared: PreparedSigner,
    code: VerifiedCode | undefined,
  ): Promise<void> {
    const { now, step } = signature;
    const documentSha256 = sha256(signature.pdf);
    const outcome = recordSignature(request, principal.userId, now, prepared.certificateSha256, documentSha256);
    const mine = request.signers.find((s) => s.userId === principal.userId)!;
    await this.requests.save(manager, request, mine);
    await this.documents.attach(manager, signature.documentId);
    await this.requests.replaceDocument(manager, request.id, signature.documentId, request.signatureCount);
    await this.documents.release(manager, signature.replacedId);
    await this.audit.append(manager, request, 'signed', principal.userId, now, {
      step,
      certificateSha256: prepared.certificateSha256,
      documentSha256,
      secondFactor: code !== undefined,
    });
    await this.events.signed(manager, request, mine);
    if (outcome.kind === 'step-started') {
      await this.audit.append(manager, request, 'step-started', 'system', now, { step: outcome.step });
      await this.events.stepStarted(manager, request, outcome.step);
    } else if (outcome.kind === 'completed') {
      await this.audit.append(manager, request, 'completed', 'system', now, { originalSha256: request.originalSha256, documentSha256 });
      await this.events.completed(manager, request);
    }
  }

  /**
   * A double submit sends one code twice; when the first has meanwhile signed (and spent the code),
   * the second is told so (409 ALREADY_SIGNED), not that the code is wrong.
   */
  private async verifyCode(
    principal: Principal,
    id: string,
    otp: string | undefined,
    required: boolean,
  ): Promise<VerifiedCode | undefined> {
    try {
      return await this.factors.verify(principal.tenant, principal.userId, otp, required);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'SIGNATURE.SECOND_FACTOR_INVALID') {
        assertMaySign(await requireVisibleRequest(this.requests, this.dataSource.manager, principal, id), principal.userId);
      }
      throw error;
    }
  }

  /** Runs the checks; a refusal worth recording is appended to the request's chain (own transaction, the row locked) before it is answered. */
  private async auditingRefusals<T>(principal: Principal, id: string, checks: () => Promise<T>): Promise<T> {
    try {
      return await checks();
    } catch (error) {
      const reason = failedAttemptReason(error);
      if (reason) {
        await this.dataSource.transaction(async (manager) => {
          const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
          await this.audit.append(manager, request, 'signing-failed', principal.userId, this.clock.now(), {
            step: request.currentStep,
            reason,
          });
        });
      }
      throw error;
    }
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { dataSourceToken, DomainError, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail';
import { DOCUMENT_SIGNER, type DocumentSigner } from '../../pades/document-signer';
import { SignatureSettingsStore } from '../../settings/signature-settings';
import { failedAttemptReason } from '../../signing-factor/failed-attempt';
import { SigningFactors, type VerifiedCode } from '../../signing-factor/signing-factors';
import { sha256 } from '../create-request/uploaded-pdf';
import { requireVisibleRequest } from '../request-access';
import { RequestEvents } from '../request-events';
import { assertMaySign, recordSignature, type SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';

/**
 * The caller signs: only with their own token (no link or delegate stands in for them), their own
 * key, and their second factor — which the tenant requires by default (signature settings).
 * Attempts refused for a wrong code, a lockout, a missing factor or out of turn go into the
 * request's audit trail: a series of them is what an attack looks like.
 *
 * Checks and the slow preparation (the key, created on first use) come first; then one
 * transaction locks the request row (`SELECT … FOR UPDATE`), checks again, signs the current
 * document and stores it. Two signers of one step signing at the same moment are thus serialised:
 * the second signs the document that already carries the first signature, so both end up in it.
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

    const signed = await this.dataSource.transaction(async (manager) => {
      const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
      assertMaySign(request, principal.userId);
      if (code) await this.factors.spend(manager, code);
      const now = this.clock.now();
      const current = await this.requests.currentPdf(manager, request.id);
      const step = request.currentStep;
      const pdf = await prepared.sign(current, {
        signingTime: now,
        reason: `Signatur (Schritt ${step} von ${request.stepCount})`,
        location: request.tenant,
      });
      const documentSha256 = sha256(pdf);
      const outcome = recordSignature(request, principal.userId, now, prepared.certificateSha256, documentSha256);
      const mine = request.signers.find((s) => s.userId === principal.userId)!;
      await this.requests.save(manager, request, mine);
      await this.requests.saveDocument(manager, request.id, pdf, request.signatureCount);
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
      return request;
    });
    this.logger.log(`request ${signed.id}: signature ${signed.signatureCount} added (${signed.status})`);
    return signed;
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

import {
  SignatureRequestCompletedV1,
  SignatureRequestCreatedV1,
  SignatureRequestExpiredV1,
  SignatureRequestRejectedV1,
  SignatureRequestRemindedV1,
  SignatureRequestSignerDeactivatedV1,
  SignatureRequestSignedV1,
  SignatureRequestStepStartedV1,
  SignatureRequestWithdrawnV1,
  type EventContract,
  type SignerRefV1,
} from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { signersOfStep, type RequestSigner, type SignatureRequest } from './signature-request';

/**
 * The request's events (ARCHITECTURE.md, "Events"), appended to the outbox in the transaction that
 * changes the request. They carry ids and the title — never the document, never names or e-mail
 * addresses: messaging finds the people it notifies by user id in its own directory
 * (docs/personal-data-in-events.md).
 */
@Injectable()
export class RequestEvents {
  constructor(private readonly outbox: Outbox) {}

  async created(manager: EntityManager, request: SignatureRequest): Promise<void> {
    const steps = Array.from({ length: request.stepCount }, (_, index) => ({
      step: index + 1,
      signers: signersOfStep(request, index + 1).map(ref),
    }));
    await this.append(manager, request, SignatureRequestCreatedV1, {
      ...base(request),
      steps,
      dueAt: iso(request.dueAt),
      createdAt: iso(request.createdAt),
    });
  }

  async stepStarted(manager: EntityManager, request: SignatureRequest, step: number): Promise<void> {
    await this.append(manager, request, SignatureRequestStepStartedV1, {
      ...base(request),
      step,
      signers: signersOfStep(request, step).map(ref),
      dueAt: iso(request.dueAt),
    });
  }

  async signed(manager: EntityManager, request: SignatureRequest, signer: RequestSigner): Promise<void> {
    await this.append(manager, request, SignatureRequestSignedV1, {
      ...base(request),
      step: signer.step,
      signerId: signer.userId,
      signedAt: iso(signer.signedAt ?? request.updatedAt),
      documentSha256: request.documentSha256,
    });
  }

  async completed(manager: EntityManager, request: SignatureRequest): Promise<void> {
    await this.append(manager, request, SignatureRequestCompletedV1, {
      ...base(request),
      signerIds: request.signers.map((signer) => signer.userId),
      completedAt: iso(request.endedAt ?? request.updatedAt),
      originalSha256: request.originalSha256,
      documentSha256: request.documentSha256,
    });
  }

  async rejected(manager: EntityManager, request: SignatureRequest, signer: RequestSigner): Promise<void> {
    await this.append(manager, request, SignatureRequestRejectedV1, {
      ...base(request),
      step: signer.step,
      rejectedBy: signer.userId,
      reason: request.rejectionReason ?? '',
      rejectedAt: iso(request.endedAt ?? request.updatedAt),
    });
  }

  async withdrawn(manager: EntityManager, request: SignatureRequest, pendingSigners: RequestSigner[]): Promise<void> {
    await this.append(manager, request, SignatureRequestWithdrawnV1, {
      ...base(request),
      withdrawnAt: iso(request.endedAt ?? request.updatedAt),
      pendingSigners: pendingSigners.map(ref),
    });
  }

  async expired(manager: EntityManager, request: SignatureRequest, pendingSigners: RequestSigner[]): Promise<void> {
    await this.append(manager, request, SignatureRequestExpiredV1, {
      ...base(request),
      dueAt: iso(request.dueAt),
      expiredAt: iso(request.endedAt ?? request.updatedAt),
      pendingSigners: pendingSigners.map(ref),
    });
  }

  async reminded(manager: EntityManager, request: SignatureRequest, signers: RequestSigner[]): Promise<void> {
    await this.append(manager, request, SignatureRequestRemindedV1, {
      ...base(request),
      step: request.currentStep,
      signers: signers.map(ref),
      dueAt: iso(request.dueAt),
    });
  }

  /** `signers` (of one step, the current or a later one, not signed yet) were deactivated: the requester must act. */
  async signerDeactivated(manager: EntityManager, request: SignatureRequest, signers: RequestSigner[]): Promise<void> {
    await this.append(manager, request, SignatureRequestSignerDeactivatedV1, {
      ...base(request),
      step: signers[0].step,
      signers: signers.map(ref),
    });
  }

  private async append<T extends object>(
    manager: EntityManager,
    request: SignatureRequest,
    contract: EventContract<T>,
    data: T,
  ): Promise<void> {
    await this.outbox.append(manager, contract, data, { subject: request.id, tenantId: request.tenant });
  }
}

function base(request: SignatureRequest) {
  return {
    requestId: request.id,
    tenant: request.tenant,
    title: request.title,
    requesterId: request.requesterId,
    ...(request.handoverId ? { handoverId: request.handoverId } : {}),
  };
}

function ref(signer: RequestSigner): SignerRefV1 {
  return { userId: signer.userId };
}

function iso(date: Date): string {
  return date.toISOString();
}

import { DomainError } from '@amtsweg/platform';

export const REQUEST_STATUSES = ['pending', 'completed', 'rejected', 'withdrawn', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type SignerStatus = 'waiting' | 'signed' | 'rejected';

export const MAX_STEPS = 20;
export const MAX_SIGNERS_PER_STEP = 20;
export const MAX_SIGNERS = 50;

export interface RequestSigner {
  userId: string;
  email: string;
  name: string;
  step: number;
  /** Order inside the step, as the requester listed them. */
  position: number;
  status: SignerStatus;
  signedAt?: Date;
  certificateSha256?: string;
}

/**
 * A document that named users sign in steps: the steps run in order, the signers inside a step in
 * parallel. pending → completed | rejected | withdrawn | expired; nothing leaves an end state.
 */
export interface SignatureRequest {
  id: string;
  tenant: string;
  title: string;
  requesterId: string;
  requesterEmail?: string;
  status: RequestStatus;
  currentStep: number;
  stepCount: number;
  dueAt: Date;
  remindAt?: Date;
  remindedAt?: Date;
  handoverId?: string;
  originalSha256: string;
  documentSha256: string;
  signatureCount: number;
  rejectionReason?: string;
  endedBy?: string;
  createdAt: Date;
  updatedAt: Date;
  endedAt?: Date;
  signers: RequestSigner[];
}

export const SignatureErrors = {
  notFound: () => DomainError.notFound('SIGNATURE.REQUEST_NOT_FOUND', 'No such signature request.'),
  notPending: (status: RequestStatus) =>
    DomainError.conflict('SIGNATURE.REQUEST_NOT_PENDING', `The request is ${status}: it can no longer be signed, rejected or withdrawn.`),
  alreadySigned: () => DomainError.conflict('SIGNATURE.ALREADY_SIGNED', 'You have already signed this document.'),
  notASigner: () => DomainError.forbidden('SIGNATURE.NOT_A_SIGNER', 'You are not named as a signer of this request.'),
  notYourTurn: () => DomainError.forbidden('SIGNATURE.NOT_YOUR_TURN', 'Your step has not started yet: earlier signers have to sign first.'),
  notRequester: () =>
    DomainError.forbidden('SIGNATURE.NOT_REQUESTER', 'Only the person who asked for the signatures can withdraw the request.'),
};

/** The requester and every named signer may see a request; anybody else is told it does not exist. */
export function isParticipant(request: SignatureRequest, userId: string): boolean {
  return request.requesterId === userId || request.signers.some((signer) => signer.userId === userId);
}

export function signersOfStep(request: SignatureRequest, step: number): RequestSigner[] {
  return request.signers.filter((signer) => signer.step === step).sort((a, b) => a.position - b.position);
}

/** The current step's signers who have not signed (yet). */
export function pendingSigners(request: SignatureRequest): RequestSigner[] {
  return signersOfStep(request, request.currentStep).filter((signer) => signer.status === 'waiting');
}

/**
 * Whether `userId` may sign or reject now. Checked in this order, so each caller learns the most
 * useful thing: their own signature first (409), then the request's state (409), then whether they
 * are a signer at all and whether it is their turn (403).
 */
export function assertMaySign(request: SignatureRequest, userId: string): RequestSigner {
  const signer = request.signers.find((candidate) => candidate.userId === userId);
  if (signer?.status === 'signed') throw SignatureErrors.alreadySigned();
  if (request.status !== 'pending') throw SignatureErrors.notPending(request.status);
  if (!signer) throw SignatureErrors.notASigner();
  if (signer.step !== request.currentStep) throw SignatureErrors.notYourTurn();
  return signer;
}

export type SignOutcome = { kind: 'step-continues' } | { kind: 'step-started'; step: number } | { kind: 'completed' };

/** Records `userId`'s signature; the step ends when its last signer signed, the request with the last step. */
export function recordSignature(
  request: SignatureRequest,
  userId: string,
  at: Date,
  certificateSha256: string,
  documentSha256: string,
): SignOutcome {
  const signer = assertMaySign(request, userId);
  signer.status = 'signed';
  signer.signedAt = at;
  signer.certificateSha256 = certificateSha256;
  request.documentSha256 = documentSha256;
  request.signatureCount += 1;
  request.updatedAt = at;
  if (pendingSigners(request).length > 0) return { kind: 'step-continues' };
  if (request.currentStep < request.stepCount) {
    request.currentStep += 1;
    return { kind: 'step-started', step: request.currentStep };
  }
  end(request, 'completed', at, userId);
  return { kind: 'completed' };
}

export function recordRejection(request: SignatureRequest, userId: string, reason: string, at: Date): RequestSigner {
  const signer = assertMaySign(request, userId);
  signer.status = 'rejected';
  request.rejectionReason = reason;
  end(request, 'rejected', at, userId);
  return signer;
}

export function recordWithdrawal(request: SignatureRequest, userId: string, at: Date): void {
  if (request.requesterId !== userId) throw SignatureErrors.notRequester();
  if (request.status !== 'pending') throw SignatureErrors.notPending(request.status);
  end(request, 'withdrawn', at, userId);
}

export function recordExpiry(request: SignatureRequest, at: Date): void {
  if (request.status !== 'pending') throw SignatureErrors.notPending(request.status);
  end(request, 'expired', at, 'system');
}

function end(request: SignatureRequest, status: Exclude<RequestStatus, 'pending'>, at: Date, by: string): void {
  request.status = status;
  request.endedAt = at;
  request.endedBy = by;
  request.updatedAt = at;
}

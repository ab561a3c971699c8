import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageResponse } from '@amtsweg/platform';
import { apiTime } from '../http/api-time';
import { REQUEST_STATUSES, signersOfStep, type RequestStatus, type SignatureRequest, type SignerStatus } from './signature-request';

export class SignerView {
  @ApiProperty() userId: string;
  @ApiProperty({ example: 'Clara Bürgerbüro' }) name: string;
  @ApiProperty({ example: 'clerk@demo.example' }) email: string;
  @ApiProperty({ enum: ['waiting', 'signed', 'rejected'] }) status: SignerStatus;
  @ApiPropertyOptional({ format: 'date-time' }) signedAt?: string;
}

export class StepView {
  @ApiProperty({ example: 1 }) step: number;
  @ApiProperty({
    enum: ['completed', 'active', 'waiting', 'cancelled'],
    description: 'cancelled: the request ended before this step completed',
  })
  state: 'completed' | 'active' | 'waiting' | 'cancelled';
  @ApiProperty({ type: [SignerView] }) signers: SignerView[];
}

export class RequesterView {
  @ApiProperty() userId: string;
  @ApiPropertyOptional() email?: string;
}

export class RejectionView {
  @ApiProperty() by: string;
  @ApiProperty() reason: string;
}

/** What the caller may do with the request now. */
export class CallerActionsView {
  @ApiProperty() sign: boolean;
  @ApiProperty() reject: boolean;
  @ApiProperty() withdraw: boolean;
}

export class SignatureRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Dienstvereinbarung Homeoffice' }) title: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ type: RequesterView }) requester: RequesterView;
  @ApiProperty({ description: 'The step whose signers are asked now (the last one reached, once ended)' }) currentStep: number;
  @ApiProperty({ type: [StepView] }) steps: StepView[];
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) endedAt?: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the uploaded document' }) originalSha256: string;
  @ApiProperty({
    description:
      'SHA-256 (hex) of the document with the signatures so far; before the first signature, of the original as prepared for signing (same content, rewritten once)',
  })
  documentSha256: string;
  @ApiProperty() signatureCount: number;
  @ApiPropertyOptional({ type: RejectionView }) rejection?: RejectionView;
  @ApiPropertyOptional({ format: 'uuid', description: 'Set for a device handover protocol' }) handoverId?: string;
  @ApiProperty({ type: CallerActionsView }) actions: CallerActionsView;
}

export class SignatureRequestPage extends PageResponse(SignatureRequestView) {}

export function signatureRequestView(request: SignatureRequest, callerId: string): SignatureRequestView {
  const caller = request.signers.find((signer) => signer.userId === callerId);
  const pending = request.status === 'pending';
  const mayAct = pending && caller?.status === 'waiting' && caller.step === request.currentStep;
  return {
    id: request.id,
    title: request.title,
    status: request.status,
    requester: { userId: request.requesterId, ...(request.requesterEmail ? { email: request.requesterEmail } : {}) },
    currentStep: request.currentStep,
    steps: Array.from({ length: request.stepCount }, (_, index) => {
      const step = index + 1;
      const signers = signersOfStep(request, step);
      const done = signers.every((signer) => signer.status === 'signed');
      const state = done ? 'completed' : pending ? (step === request.currentStep ? 'active' : 'waiting') : 'cancelled';
      return {
        step,
        state,
        signers: signers.map((signer) => ({
          userId: signer.userId,
          name: signer.name,
          email: signer.email,
          status: signer.status,
          signedAt: apiTime(signer.signedAt),
        })),
      };
    }),
    dueAt: apiTime(request.dueAt),
    createdAt: apiTime(request.createdAt),
    endedAt: apiTime(request.endedAt),
    originalSha256: request.originalSha256,
    documentSha256: request.documentSha256,
    signatureCount: request.signatureCount,
    ...(request.status === 'rejected' && request.endedBy
      ? { rejection: { by: request.endedBy, reason: request.rejectionReason ?? '' } }
      : {}),
    ...(request.handoverId ? { handoverId: request.handoverId } : {}),
    actions: { sign: mayAct, reject: mayAct, withdraw: pending && request.requesterId === callerId },
  };
}

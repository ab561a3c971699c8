import {
  SignatureRequestCompletedV1,
  SignatureRequestCreatedV1,
  SignatureRequestRejectedV1,
  SignatureRequestSignerDeactivatedV1,
  SignatureRequestStepStartedV1,
  type SignerRefV1,
} from '@amtsweg/contracts';
import { toBusRecord, type BusRecord } from '@amtsweg/eventing';
import { newId } from '@amtsweg/platform';
import { demoUserId } from '@amtsweg/platform/testing';

/** A signer as signatures names them: by user id only; messaging finds the address in its directory. */
export const signer = (email: string): SignerRefV1 => ({ userId: demoUserId(email) });

/** A signer as a record from before the upgrade names them: with the address in clear. */
export const signerWithAddress = (userId: string, email: string): SignerRefV1 => ({ userId, email });

/** The events signatures publishes for one request, as bus records. */
export class SignatureRequestStory {
  readonly requestId = newId();
  constructor(
    readonly title = 'Dienstvereinbarung Homeoffice',
    readonly requester = signer('admin@demo.example'),
    readonly steps: SignerRefV1[][] = [[signer('staff@demo.example'), signer('clerk@demo.example')], [signer('it-admin@demo.example')]],
    readonly tenant = 'demo',
  ) {}

  private base() {
    return {
      requestId: this.requestId,
      tenant: this.tenant,
      title: this.title,
      requesterId: this.requester.userId,
      ...(this.requester.email ? { requesterEmail: this.requester.email } : {}),
    };
  }

  created(): BusRecord {
    const data = Object.assign(new SignatureRequestCreatedV1(), {
      ...this.base(),
      steps: this.steps.map((signers, index) => ({ step: index + 1, signers })),
      dueAt: '2026-12-18T16:00:00.000Z',
      createdAt: new Date().toISOString(),
    });
    return this.record(SignatureRequestCreatedV1.type, data);
  }

  stepStarted(step: number): BusRecord {
    const data = Object.assign(new SignatureRequestStepStartedV1(), {
      ...this.base(),
      step,
      signers: this.steps[step - 1],
      dueAt: '2026-12-18T16:00:00.000Z',
    });
    return this.record(SignatureRequestStepStartedV1.type, data);
  }

  completed(): BusRecord {
    const data = Object.assign(new SignatureRequestCompletedV1(), {
      ...this.base(),
      signerIds: this.steps.flat().map((s) => s.userId),
      completedAt: new Date().toISOString(),
      originalSha256: 'a'.repeat(64),
      documentSha256: 'b'.repeat(64),
    });
    return this.record(SignatureRequestCompletedV1.type, data);
  }

  rejected(by: SignerRefV1, reason: string): BusRecord {
    const data = Object.assign(new SignatureRequestRejectedV1(), {
      ...this.base(),
      step: 1,
      rejectedBy: by.userId,
      reason,
      rejectedAt: new Date().toISOString(),
    });
    return this.record(SignatureRequestRejectedV1.type, data);
  }

  signerDeactivated(...signers: SignerRefV1[]): BusRecord {
    const data = Object.assign(new SignatureRequestSignerDeactivatedV1(), { ...this.base(), step: 1, signers });
    return this.record(SignatureRequestSignerDeactivatedV1.type, data);
  }

  private record(type: string, data: object): BusRecord {
    return toBusRecord(SignatureRequestCreatedV1.topic, {
      id: newId(),
      source: '/amtsweg/signatures',
      type,
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: this.requestId,
      datacontenttype: 'application/json',
      tenantid: this.tenant,
      correlationid: newId(),
      data,
    });
  }
}

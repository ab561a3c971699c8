import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  SignatureRequestCompletedV1,
  SignatureRequestCreatedV1,
  SignatureRequestExpiredV1,
  SignatureRequestRejectedV1,
  SignatureRequestRemindedV1,
  SignatureRequestSignerDeactivatedV1,
  SignatureRequestStepStartedV1,
  SignatureRequestWithdrawnV1,
  SigningFactorResetV1,
} from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { OpenCaseThreadHandler } from '../../conversation/open-case-thread/open-case-thread.handler';
import { MESSAGING_TRANSPORT } from '../../messaging.transport';
import type { NewNotification } from '../inbox/notification';
import { NotificationInbox } from '../inbox/notification-inbox';
import {
  completed,
  expired,
  rejected,
  reminded,
  signerDeactivated,
  signingFactorReset,
  signRequested,
  withdrawn,
} from './signature-notifications';

/**
 * Turns a signature request's events into notifications (and opted-in e-mails), and opens the
 * request's case thread when it is created. Writes only through the inbox transaction
 * (`context.manager`). Logs ids only: titles, bodies and reasons are the users' words.
 */
@Controller()
export class SignatureNotificationsConsumer {
  private readonly logger = new Logger('SignatureNotificationsConsumer');

  constructor(
    private readonly inbox: NotificationInbox,
    private readonly openCaseThread: OpenCaseThreadHandler,
  ) {}

  @EventPattern<string>(SignatureRequestCreatedV1.type, MESSAGING_TRANSPORT)
  async onCreated(@Payload() event: SignatureRequestCreatedV1, @Ctx() context: EventContext): Promise<void> {
    const members = event.steps.flatMap((step) => step.signers.map((signer) => signer.userId));
    const opened = await this.openCaseThread.execute(context.manager, {
      tenant: context.envelope.tenantid,
      kase: { kind: 'signature-request', id: event.requestId },
      name: event.title,
      createdBy: event.requesterId,
      memberIds: members,
    });
    if (opened) this.logger.log(`signature request ${event.requestId}: case thread opened`);
    const first = event.steps.find((step) => step.step === 1) ?? event.steps[0];
    await this.notify(
      context,
      `signature request ${event.requestId}`,
      signRequested(context.envelope, event, first.step, first.signers, event.dueAt),
    );
  }

  @EventPattern<string>(SignatureRequestStepStartedV1.type, MESSAGING_TRANSPORT)
  async onStepStarted(@Payload() event: SignatureRequestStepStartedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(
      context,
      `signature request ${event.requestId}`,
      signRequested(context.envelope, event, event.step, event.signers, event.dueAt),
    );
  }

  @EventPattern<string>(SignatureRequestRemindedV1.type, MESSAGING_TRANSPORT)
  async onReminded(@Payload() event: SignatureRequestRemindedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, `signature request ${event.requestId}`, reminded(context.envelope, event, event.signers, event.dueAt));
  }

  @EventPattern<string>(SignatureRequestWithdrawnV1.type, MESSAGING_TRANSPORT)
  async onWithdrawn(@Payload() event: SignatureRequestWithdrawnV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, `signature request ${event.requestId}`, withdrawn(context.envelope, event, event.pendingSigners));
  }

  @EventPattern<string>(SignatureRequestCompletedV1.type, MESSAGING_TRANSPORT)
  async onCompleted(@Payload() event: SignatureRequestCompletedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, `signature request ${event.requestId}`, completed(context.envelope, event));
  }

  @EventPattern<string>(SignatureRequestRejectedV1.type, MESSAGING_TRANSPORT)
  async onRejected(@Payload() event: SignatureRequestRejectedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, `signature request ${event.requestId}`, rejected(context.envelope, event));
  }

  @EventPattern<string>(SignatureRequestExpiredV1.type, MESSAGING_TRANSPORT)
  async onExpired(@Payload() event: SignatureRequestExpiredV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, `signature request ${event.requestId}`, expired(context.envelope, event));
  }

  @EventPattern<string>(SignatureRequestSignerDeactivatedV1.type, MESSAGING_TRANSPORT)
  async onSignerDeactivated(@Payload() event: SignatureRequestSignerDeactivatedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, `signature request ${event.requestId}`, signerDeactivated(context.envelope, event));
  }

  @EventPattern<string>(SigningFactorResetV1.type, MESSAGING_TRANSPORT)
  async onSigningFactorReset(@Payload() event: SigningFactorResetV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, `user ${event.userId}`, signingFactorReset(context.envelope, event));
  }

  /** `about` names the subject in the log: ids only. */
  private async notify(context: EventContext, about: string, notifications: NewNotification[]): Promise<void> {
    for (const notification of notifications) {
      const id = await this.inbox.add(context.manager, notification);
      if (id) this.logger.log(`${about}: ${notification.kind} notification ${id} (event ${context.envelope.id})`);
    }
  }
}

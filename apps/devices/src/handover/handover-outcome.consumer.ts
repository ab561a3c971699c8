import { Clock } from '@amtsweg/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SignatureRequestCompletedV1, SignatureRequestExpiredV1, SignatureRequestRejectedV1 } from '@amtsweg/contracts';
import { EventContext } from '@amtsweg/eventing';
import { DEVICES_TRANSPORT } from '../devices.transport';
import { KitHandover } from './kit-handover';
import { ReturnConfirmation } from './return-confirmation';

/**
 * Signatures answers a handover: completed → the kit is handed over; rejected / expired → the
 * devices stay ready and the request carries the reason. The same answers to a return protocol
 * (its id is a return's) settle the return. Requests without a handover id are not ours.
 * Every read and write goes through the inbox transaction (`context.manager`).
 */
@Controller()
export class HandoverOutcomeConsumer {
  constructor(
    private readonly handover: KitHandover,
    private readonly returns: ReturnConfirmation,
    private readonly clock: Clock,
  ) {}

  @EventPattern<string>(SignatureRequestCompletedV1.type, DEVICES_TRANSPORT)
  async onCompleted(@Payload() event: SignatureRequestCompletedV1, @Ctx() context: EventContext): Promise<void> {
    if (!event.handoverId) return;
    if (await this.returns.signed(context.manager, context.envelope.tenantid, event.handoverId, event.signerIds[0], this.clock.now()))
      return;
    await this.handover.completed(context.manager, context.envelope.tenantid, event.handoverId, event.signerIds[0], this.clock.now());
  }

  @EventPattern<string>(SignatureRequestRejectedV1.type, DEVICES_TRANSPORT)
  async onRejected(@Payload() event: SignatureRequestRejectedV1, @Ctx() context: EventContext): Promise<void> {
    if (!event.handoverId) return;
    const reason = `abgelehnt: ${event.reason}`.slice(0, 990);
    if (await this.returns.refused(context.manager, context.envelope.tenantid, event.handoverId, `Rückgabe ${reason}`, this.clock.now()))
      return;
    await this.handover.failed(context.manager, context.envelope.tenantid, event.handoverId, `Übergabe ${reason}`, this.clock.now());
  }

  @EventPattern<string>(SignatureRequestExpiredV1.type, DEVICES_TRANSPORT)
  async onExpired(@Payload() event: SignatureRequestExpiredV1, @Ctx() context: EventContext): Promise<void> {
    if (!event.handoverId) return;
    if (
      await this.returns.refused(
        context.manager,
        context.envelope.tenantid,
        event.handoverId,
        'Das Rückgabeprotokoll wurde nicht rechtzeitig unterschrieben.',
        this.clock.now(),
      )
    )
      return;
    await this.handover.failed(
      context.manager,
      context.envelope.tenantid,
      event.handoverId,
      'Das Übergabeprotokoll wurde nicht rechtzeitig unterschrieben.',
      this.clock.now(),
    );
  }
}

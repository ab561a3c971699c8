import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BookingHeldV1, ReleaseDrawLostV1 } from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import type { Mail } from '../../mail/mail';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { MESSAGING_TRANSPORT } from '../../messaging.transport';
import { drawLostMail } from './draw-lost-mail';
import { holdMail } from './hold-mail';

/**
 * Mails of fair booking: the link that confirms a held slot (own booking, waiting-list offer, or
 * a won draw) and the result for a request that lost a draw. Writes into the outbound mail log in
 * the inbox transaction; the dispatcher sends it.
 */
@Controller()
export class FairBookingMailConsumer {
  private readonly logger = new Logger('FairBookingMailConsumer');

  constructor(private readonly outboundMails: OutboundMailLog) {}

  @EventPattern<string>(BookingHeldV1.type, MESSAGING_TRANSPORT)
  async onBookingHeld(@Payload() event: BookingHeldV1, @Ctx() context: EventContext): Promise<void> {
    await this.queue(`booking ${event.bookingId}: ${event.reason} hold mail`, holdMail(event), context, event.bookingId);
  }

  @EventPattern<string>(ReleaseDrawLostV1.type, MESSAGING_TRANSPORT)
  async onReleaseDrawLost(@Payload() event: ReleaseDrawLostV1, @Ctx() context: EventContext): Promise<void> {
    await this.queue(`release request ${event.requestId}: draw result mail`, drawLostMail(event), context);
  }

  private async queue(what: string, mail: Mail, context: EventContext, bookingId?: string): Promise<void> {
    const { manager, envelope } = context;
    const origin = { tenant: envelope.tenantid, eventId: envelope.id, correlationId: envelope.correlationid, bookingId };
    const id = await this.outboundMails.add(manager, origin, mail);
    // Ids only: the address and the text are personal data.
    if (id) this.logger.log(`${what} ${id} queued (event ${envelope.id})`);
    else this.logger.warn(`${what} for event ${envelope.id} was already queued`);
  }
}

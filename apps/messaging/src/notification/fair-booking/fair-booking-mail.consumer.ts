import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BookingHeldV1 } from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { MESSAGING_TRANSPORT } from '../../messaging.transport';
import { holdMail } from './hold-mail';

/**
 * Mails the citizen the link that confirms a held slot (their own booking, or a waiting-list
 * offer). Writes into the outbound mail log in the inbox transaction; the dispatcher sends it.
 */
@Controller()
export class HoldMailConsumer {
  private readonly logger = new Logger('HoldMailConsumer');

  constructor(private readonly outboundMails: OutboundMailLog) {}

  @EventPattern<string>(BookingHeldV1.type, MESSAGING_TRANSPORT)
  async onBookingHeld(@Payload() event: BookingHeldV1, @Ctx() context: EventContext): Promise<void> {
    const { manager, envelope } = context;
    const origin = { tenant: envelope.tenantid, eventId: envelope.id, correlationId: envelope.correlationid };
    const id = await this.outboundMails.add(manager, origin, holdMail(event));
    // Ids only: the address and the text are personal data.
    if (id) this.logger.log(`booking ${event.bookingId}: ${event.reason} hold mail ${id} queued (event ${envelope.id})`);
    else this.logger.warn(`booking ${event.bookingId}: hold mail for event ${envelope.id} was already queued`);
  }
}

import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BookingHeldV1, BookingHeldV2, ReleaseDrawLostV1, ReleaseDrawLostV2 } from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import type { Mail } from '../../mail/mail';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { MESSAGING_TRANSPORT } from '../../messaging.transport';
import { drawLostMail } from './draw-lost-mail';
import { holdMail } from './hold-mail';
import { SealedContacts } from '../sealed-contacts';

/**
 * Mails of fair booking: the link that confirms a held slot (own booking, waiting-list offer, or
 * a won draw) and the result for a request that lost a draw. Writes into the outbound mail log in
 * the inbox transaction; the dispatcher sends it.
 */
@Controller()
export class FairBookingMailConsumer {
  private readonly logger = new Logger('FairBookingMailConsumer');

  constructor(
    private readonly outboundMails: OutboundMailLog,
    private readonly contacts: SealedContacts,
  ) {}

  // v2 carries the address sealed; v1 (in clear) is still read, for events left on the topic at the upgrade.
  @EventPattern<string[]>([BookingHeldV2.type, BookingHeldV1.type], MESSAGING_TRANSPORT)
  async onBookingHeld(@Payload() sealed: BookingHeldV2 | BookingHeldV1, @Ctx() context: EventContext): Promise<void> {
    const event = this.contacts.booking(sealed, context.envelope);
    await this.queue(`booking ${event.bookingId}: ${event.reason} hold mail`, holdMail(event), context, event.bookingId);
  }

  @EventPattern<string[]>([ReleaseDrawLostV2.type, ReleaseDrawLostV1.type], MESSAGING_TRANSPORT)
  async onReleaseDrawLost(@Payload() sealed: ReleaseDrawLostV2 | ReleaseDrawLostV1, @Ctx() context: EventContext): Promise<void> {
    const event = this.contacts.drawResult(sealed, context.envelope);
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

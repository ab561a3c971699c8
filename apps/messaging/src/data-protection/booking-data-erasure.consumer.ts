import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BookingPersonalDataErasedV1 } from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { changedRows } from '@amtsweg/platform';
import { MESSAGING_TRANSPORT } from '../messaging.transport';

/**
 * Appointments erased a booking's personal data: messaging erases its copies — the addresses and
 * texts of the mails about it (kept as a record that a mail went out, nothing more) and any
 * reminder still planned. In the inbox transaction, so a redelivery changes nothing.
 */
@Controller()
export class BookingDataErasureConsumer {
  private readonly logger = new Logger(BookingDataErasureConsumer.name);

  @EventPattern<string>(BookingPersonalDataErasedV1.type, MESSAGING_TRANSPORT)
  async onErased(@Payload() event: BookingPersonalDataErasedV1, @Ctx() context: EventContext): Promise<void> {
    const { manager, envelope } = context;
    const mails = await changedRows(
      manager,
      `UPDATE messaging.outbound_mail
          SET recipient = 'erased:' || id::text, subject = '', text = '', attachments = '[]'::jsonb, last_error = NULL,
              status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
        WHERE tenant = $1 AND booking_id = $2 AND recipient NOT LIKE 'erased:%'`,
      [envelope.tenantid, event.bookingId],
    );
    await manager.query('DELETE FROM messaging.booking_reminder WHERE tenant = $1 AND booking_id = $2', [
      envelope.tenantid,
      event.bookingId,
    ]);
    this.logger.log(`booking ${event.bookingId}: personal data erased from ${mails} mail(s)`);
  }
}

import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  BookingCancelledV1,
  BookingCancelledV2,
  BookingConfirmedV1,
  BookingConfirmedV2,
  BookingRescheduledV1,
  BookingRescheduledV2,
  type BookingMailDetails,
} from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { PlatformConfig } from '@amtsweg/platform';
import type { Mail } from '../../mail/mail';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { MESSAGING_TRANSPORT } from '../../messaging.transport';
import { BookingReminderSchedule } from '../booking-reminder/booking-reminder-schedule';
import { SealedContacts, type OpenedBookingMail } from '../sealed-contacts';
import { nextCalendarSequence } from './booking-calendar';
import { cancellationMail, confirmationMail, rescheduleMail, type CalendarSender } from './booking-mail';

/**
 * Mails the citizen about their booking, and keeps the reminder schedule in step with it. Only writes
 * the mail into the outbound log, in the inbox transaction (`context.manager`); the dispatcher sends
 * it after the commit.
 * (`EventPattern<string>` picks Nest's untyped overload: the typed one types `@Ctx()` as unknown.)
 */
@Controller()
export class BookingMailConsumer {
  private readonly logger = new Logger('BookingMailConsumer');

  constructor(
    private readonly outboundMails: OutboundMailLog,
    private readonly reminders: BookingReminderSchedule,
    private readonly config: PlatformConfig,
    private readonly contacts: SealedContacts,
  ) {}

  // v2 carries the address and link sealed; v1 (in clear) is still read, for events left on the topic at the upgrade.
  @EventPattern<string[]>([BookingConfirmedV2.type, BookingConfirmedV1.type], MESSAGING_TRANSPORT)
  async onBookingConfirmed(@Payload() sealed: BookingConfirmedV2 | BookingConfirmedV1, @Ctx() context: EventContext): Promise<void> {
    const event = this.contacts.booking(sealed, context.envelope);
    await this.mail('confirmation', event, context, (calendar) => confirmationMail(event, calendar));
    await this.planReminder(event, context);
  }

  @EventPattern<string[]>([BookingRescheduledV2.type, BookingRescheduledV1.type], MESSAGING_TRANSPORT)
  async onBookingRescheduled(@Payload() sealed: BookingRescheduledV2 | BookingRescheduledV1, @Ctx() context: EventContext): Promise<void> {
    const event = this.contacts.booking(sealed, context.envelope);
    await this.mail('reschedule', event, context, (calendar) => rescheduleMail(event, calendar));
    await this.planReminder(event, context);
  }

  @EventPattern<string[]>([BookingCancelledV2.type, BookingCancelledV1.type], MESSAGING_TRANSPORT)
  async onBookingCancelled(@Payload() sealed: BookingCancelledV2 | BookingCancelledV1, @Ctx() context: EventContext): Promise<void> {
    const event = this.contacts.booking(sealed, context.envelope);
    await this.mail('cancellation', event, context, (calendar) => cancellationMail(event, calendar));
    await this.reminders.drop(context.manager, context.envelope.tenantid, event.bookingId);
  }

  private async planReminder(event: BookingMailDetails, context: EventContext): Promise<void> {
    const { manager, envelope } = context;
    const plan = await this.reminders.plan(manager, envelope.tenantid, event, envelope.correlationid);
    if (plan === 'too-late') this.logger.log(`booking ${event.bookingId}: starts sooner than the reminder lead, no reminder`);
  }

  private async mail(
    kind: string,
    event: OpenedBookingMail<BookingMailDetails>,
    context: EventContext,
    compose: (calendar: CalendarSender) => Mail,
  ): Promise<void> {
    const { manager, envelope } = context;
    const sequence = await nextCalendarSequence(manager, envelope.tenantid, event.bookingId, event.revision);
    const origin = { tenant: envelope.tenantid, eventId: envelope.id, correlationId: envelope.correlationid, bookingId: event.bookingId };
    const id = await this.outboundMails.add(
      manager,
      origin,
      compose({ organizerEmail: this.config.mailFromAddress, sequence, now: new Date() }),
    );
    // Ids only: the address and the text are personal data.
    if (id) this.logger.log(`booking ${event.bookingId}: ${kind} mail ${id} queued (event ${envelope.id})`);
    else this.logger.warn(`booking ${event.bookingId}: ${kind} mail for event ${envelope.id} was already queued`);
  }
}

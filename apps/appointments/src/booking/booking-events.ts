import type { EventContract, SealedBookingMail } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { MessagingSeal, PlatformConfig } from '@amtsweg/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OfficeSummary, Service } from '../office/office';
import type { WallClock } from '../time/wall-clock';
import type { Booking } from './booking';
import { manageUrl, sealedBookingMail } from './booking-mail';

/** What a mail about a booking names besides the booking, and the citizen's key for its link. */
export interface BookingMailContext {
  office: OfficeSummary;
  service: Pick<Service, 'name'>;
  /** The office's local time, in which the mail states start and end. */
  clock: WallClock;
  manageToken: string;
}

/** What an event adds to the mail details every booking event carries. */
export type BookingEventFields<T extends SealedBookingMail> = Omit<T, keyof SealedBookingMail>;

/**
 * Appends a booking's events (held, confirmed, cancelled, rescheduled) to the outbox: the mail
 * details with the address and manage link sealed for messaging, keyed by the booking so its
 * events stay in order.
 */
@Injectable()
export class BookingEvents {
  constructor(
    private readonly outbox: Outbox,
    private readonly config: PlatformConfig,
    private readonly seal: MessagingSeal,
  ) {}

  /** Inside the transaction of `manager`, the one that changes the booking. */
  async append<T extends SealedBookingMail>(
    manager: EntityManager,
    contract: EventContract<T>,
    booking: Booking,
    mail: BookingMailContext,
    fields: BookingEventFields<T>,
  ): Promise<void> {
    const link = manageUrl(this.config.publicUrl, booking, mail.manageToken);
    const details = sealedBookingMail(booking, mail.office, mail.service, mail.clock, link, this.seal);
    // T is the contract's class: its own fields and the mail details, nothing else.
    const data = { ...details, ...fields } as T;
    await this.outbox.append(manager, contract, data, { subject: booking.id, tenantId: booking.tenant });
  }
}

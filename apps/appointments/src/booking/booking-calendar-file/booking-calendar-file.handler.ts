import { PlatformConfig } from '@amtsweg/platform';
import { Injectable } from '@nestjs/common';
import { oneLineAddress } from '../../office/office';
import type { ViewedBooking } from '../view-booking/view-booking.handler';
import { ViewBookingHandler } from '../view-booking/view-booking.handler';
import type { ViewBookingQuery } from '../view-booking/view-booking.query';
import { calendarFile, type CalendarEvent } from '@amtsweg/platform';

/** The booking as an iCalendar file the citizen can import; same access as viewing it. */
@Injectable()
export class BookingCalendarFileHandler {
  constructor(
    private readonly view: ViewBookingHandler,
    private readonly config: PlatformConfig,
  ) {}

  async execute(query: ViewBookingQuery): Promise<{ reference: string; file: string }> {
    const viewed = await this.view.execute(query);
    return { reference: viewed.booking.reference, file: calendarFile(bookingCalendarEvent(viewed, this.config)) };
  }
}

/**
 * A PUBLISH (an import, not an invitation) while the booking stands, a CANCEL once cancelled; with the
 * organizer, UID and SEQUENCE (the booking's revision) of the mails' files, so either updates the other.
 */
export function bookingCalendarEvent(
  { booking, office, service }: ViewedBooking,
  config: Pick<PlatformConfig, 'publicUrl' | 'mailFromAddress'>,
): CalendarEvent {
  const publicUrl = config.publicUrl;
  return {
    uid: `${booking.id}@amtsweg`,
    start: booking.startAt,
    end: booking.endAt,
    summary: service.name,
    location: `${office.name}, ${oneLineAddress(office.address)}`,
    description: `Termin: ${service.name}\nBuchungsnummer: ${booking.reference}`,
    // Without the token: calendars get shared and synced; the link only leads to the booking page.
    url: `${publicUrl}/${encodeURIComponent(booking.tenant)}/buchung/${encodeURIComponent(booking.reference)}`,
    stamp: booking.updatedAt,
    sequence: booking.revision,
    cancelled: booking.status === 'cancelled',
    organizer: { name: office.name, email: config.mailFromAddress },
  };
}

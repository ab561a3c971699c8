import type { SealedBookingContactV1, SealedBookingMail, SealedForMessaging, SealedRequesterContactV1 } from '@amtsweg/contracts';
import type { MessagingSeal, SealBinding } from '@amtsweg/platform';
import { oneLineAddress, type OfficeSummary, type Service } from '../office/office';
import type { WallClock } from '../time/wall-clock';
import type { Booking } from './booking';

/**
 * `PUBLIC_URL/{tenant}/buchung/{reference}?token=…`: the web page that lets the citizen see,
 * confirm, move or cancel the booking (the tenant names the municipality the reference belongs to).
 */
export function manageUrl(publicUrl: string, booking: Pick<Booking, 'tenant' | 'reference'>, manageToken: string): string {
  return `${publicUrl}/${encodeURIComponent(booking.tenant)}/buchung/${encodeURIComponent(booking.reference)}?token=${encodeURIComponent(manageToken)}`;
}

/**
 * What messaging needs to mail the citizen: the booking in clear, the e-mail address and the manage
 * link (never the name) sealed for messaging alone, bound to the tenant and booking id — the same
 * as the event's `tenantid` and `subject`.
 */
export function sealedBookingMail(
  booking: Booking,
  office: OfficeSummary,
  service: Pick<Service, 'name'>,
  clock: WallClock,
  link: string,
  seal: MessagingSeal,
): SealedBookingMail {
  const contact: SealedBookingContactV1 = { email: booking.citizenEmail, manageUrl: link };
  return {
    bookingId: booking.id,
    reference: booking.reference,
    officeId: booking.officeId,
    officeName: office.name,
    officeAddress: oneLineAddress(office.address),
    timeZone: office.timeZone,
    serviceId: booking.serviceId,
    serviceName: service.name,
    start: clock.format(booking.startAt.getTime()),
    end: clock.format(booking.endAt.getTime()),
    revision: booking.revision,
    contact: seal.seal(contact, { tenant: booking.tenant, subject: booking.id }),
  };
}

/** A draw result's address, sealed for messaging alone, bound to the tenant and the request id. */
export function sealedRequesterContact(seal: MessagingSeal, email: string, binding: SealBinding): SealedForMessaging {
  const contact: SealedRequesterContactV1 = { email };
  return seal.seal(contact, binding);
}

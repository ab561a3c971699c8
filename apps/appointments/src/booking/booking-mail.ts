import type { BookingMailDetails } from '@amtsweg/contracts';
import { oneLineAddress, type OfficeSummary, type Service } from '../office/office';
import type { WallClock } from '../time/wall-clock';
import type { BookingEntity } from './booking.entity';

/**
 * `PUBLIC_URL/{tenant}/buchung/{reference}?token=…`: the web page that lets the citizen see,
 * confirm, move or cancel the booking (the tenant names the municipality the reference belongs to).
 */
export function manageUrl(publicUrl: string, booking: Pick<BookingEntity, 'tenant' | 'reference'>, manageToken: string): string {
  return `${publicUrl}/${encodeURIComponent(booking.tenant)}/buchung/${encodeURIComponent(booking.reference)}?token=${encodeURIComponent(manageToken)}`;
}

/** What messaging needs to mail the citizen: the e-mail address, never the name. */
export function bookingMailDetails(
  booking: BookingEntity,
  office: OfficeSummary,
  service: Pick<Service, 'name'>,
  clock: WallClock,
  link: string,
): BookingMailDetails {
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
    email: booking.citizenEmail,
    manageUrl: link,
  };
}

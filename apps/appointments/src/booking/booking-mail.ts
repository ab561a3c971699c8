import type { BookingMailDetails } from '@amtsweg/contracts';
import { oneLineAddress, type OfficeSummary, type Service } from '../office/office';
import type { WallClock } from '../time/wall-clock';
import type { BookingEntity } from './booking.entity';

/** `PUBLIC_URL/buchung/{reference}?token=…`: the link that lets the citizen see, move or cancel the booking. */
export function manageUrl(publicUrl: string, reference: string, manageToken: string): string {
  return `${publicUrl}/buchung/${encodeURIComponent(reference)}?token=${encodeURIComponent(manageToken)}`;
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

import { Clock } from '@amtsweg/platform';
import { BookingConfirmedV2 } from '@amtsweg/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import { WallClock } from '../../time/wall-clock';
import { WaitingEntryRepository } from '../../waiting-list/waiting-entry.repository';
import type { ViewedBooking } from '../view-booking/view-booking.handler';
import { BookingErrors, transition } from '../booking';
import { BookingEvents } from '../booking-events';
import { BookingRepository } from '../booking.repository';
import { ManagedBookings } from '../managed-booking';
import type { ConfirmBookingCommand } from './confirm-booking.command';

/**
 * A held booking becomes the citizen's: only the mailed token can do it, so a booking proves the
 * address is theirs. Following the link twice is harmless — a confirmed booking is answered as it is.
 */
@Injectable()
export class ConfirmBookingHandler {
  private readonly logger = new Logger(ConfirmBookingHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly managed: ManagedBookings,
    private readonly bookings: BookingRepository,
    private readonly waitingEntries: WaitingEntryRepository,
    private readonly offices: OfficeRepository,
    private readonly clock: Clock,
    private readonly events: BookingEvents,
  ) {}

  async execute(command: ConfirmBookingCommand): Promise<ViewedBooking> {
    const tenant = command.tenant.slug;
    const now = this.clock.now();
    const { viewed, confirmedNow } = await this.dataSource.transaction(async (manager) => {
      // Held until commit: the expiry job skips a hold being confirmed, and a confirmation waits for a lapse in progress.
      const booking = await this.managed.open(manager, tenant, command.reference, command.token, { forUpdate: true });
      const office = await this.offices.requireSummary(manager, tenant, booking.officeId);
      const service = await this.offices.requireService(manager, tenant, booking.serviceId);
      if (booking.status === 'confirmed') return { viewed: { booking, office, service }, confirmedNow: false };
      // The expiry job may not have come round yet: a hold past its time is lapsed all the same.
      if (booking.status === 'held' && booking.heldUntil && booking.heldUntil.getTime() <= now.getTime()) throw BookingErrors.holdLapsed();
      booking.status = transition(booking.status, 'confirmed');
      booking.heldUntil = null;
      booking.revision += 1;
      booking.updatedAt = now;
      await this.bookings.update(manager, booking);
      if (booking.waitingEntryId) await this.waitingEntries.settle(manager, booking.waitingEntryId, 'booked', now);
      const mail = { office, service, clock: new WallClock(office.timeZone), manageToken: String(command.token) };
      await this.events.append(manager, BookingConfirmedV2, booking, mail, {});
      return { viewed: { booking, office, service }, confirmedNow: true };
    });
    if (confirmedNow) this.logger.log(`booking ${viewed.booking.id} confirmed by the citizen`);
    return viewed;
  }
}

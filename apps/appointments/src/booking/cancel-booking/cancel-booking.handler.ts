import { Clock } from '@amtsweg/platform';
import { BookingCancelledV2 } from '@amtsweg/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import { FairBookingScheduler } from '../../fair-booking/fair-booking.scheduler';
import { MINUTE_MS, WallClock } from '../../time/wall-clock';
import { WaitingEntryRepository } from '../../waiting-list/waiting-entry.repository';
import { BookingErrors, transition } from '../booking';
import { BookingEvents } from '../booking-events';
import { BookingRepository } from '../booking.repository';
import { ManagedBookings } from '../managed-booking';
import type { CancelBookingCommand } from './cancel-booking.command';

@Injectable()
export class CancelBookingHandler {
  private readonly logger = new Logger(CancelBookingHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly managed: ManagedBookings,
    private readonly bookings: BookingRepository,
    private readonly offices: OfficeRepository,
    private readonly waitingEntries: WaitingEntryRepository,
    private readonly scheduler: FairBookingScheduler,
    private readonly clock: Clock,
    private readonly events: BookingEvents,
  ) {}

  async execute(command: CancelBookingCommand): Promise<void> {
    const tenant = command.tenant.slug;
    const now = this.clock.now();
    const bookingId = await this.dataSource.transaction(async (manager) => {
      // Held until commit: a cancel and a reschedule of one booking never interleave.
      const booking = await this.managed.open(manager, tenant, command.reference, command.token, { forUpdate: true });
      booking.status = transition(booking.status, 'cancelled');
      if (booking.startAt.getTime() <= now.getTime()) throw BookingErrors.alreadyStarted();
      booking.heldUntil = null;
      // Passing a slot from hand to hand needs a cancel and a quick re-booking: the delay gives the waiting list the slot first.
      const delay = command.tenant.settings.reopenDelayMinutes;
      booking.reopensAt = delay > 0 ? new Date(now.getTime() + delay * MINUTE_MS) : null;
      booking.revision += 1;
      booking.updatedAt = now;
      await this.bookings.update(manager, booking);
      // Declining a waiting-list offer leaves the list.
      if (booking.waitingEntryId) await this.waitingEntries.settle(manager, booking.waitingEntryId, 'withdrawn', now);
      const office = await this.offices.requireSummary(manager, tenant, booking.officeId);
      const service = await this.offices.requireService(manager, tenant, booking.serviceId);
      const mail = { office, service, clock: new WallClock(office.timeZone), manageToken: String(command.token) };
      await this.events.append(manager, BookingCancelledV2, booking, mail, { cancelledBy: 'citizen' });
      return booking.id;
    });
    this.logger.log(`booking ${bookingId} cancelled by the citizen`);
    this.scheduler.wake();
  }
}

import { Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { heldBackForDraw } from '../../release/held-back';
import { ReleaseRepository } from '../../release/release.repository';
import { BookingWindow } from '../../slots/booking-window';
import { officeSchedule } from '../../slots/office-schedule';
import { MINUTE_MS } from '../../time/wall-clock';
import { BookingErrors, type Booking } from '../booking';
import { assertBookableStart } from '../bookable-start';
import { retryingBookingConflicts } from '../booking-conflicts';
import { BookingRepository } from '../booking.repository';
import { assertBelowEmailLimit } from '../email-limit';
import { PlaceBooking } from '../place-booking/place-booking';
import type { BookSlotCommand } from './book-slot.command';

export interface BookedSlot {
  booking: Booking;
  /**
   * Handed out once, here, when the booking is confirmed at once; the database keeps only its hash.
   * A held booking's token goes only to the citizen's mailbox: following it is the confirmation.
   */
  manageToken: string | undefined;
  timeZone: string;
}

@Injectable()
export class BookSlotHandler {
  private readonly logger = new Logger(BookSlotHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly bookings: BookingRepository,
    private readonly releases: ReleaseRepository,
    private readonly holidays: PublicHolidays,
    private readonly clock: Clock,
    private readonly placement: PlaceBooking,
  ) {}

  async execute(command: BookSlotCommand): Promise<BookedSlot> {
    const { tenant, citizen } = command;
    const office = await this.offices.require(this.dataSource.manager, tenant.slug, command.officeId);
    const service = await this.offices.requireOffered(this.dataSource.manager, tenant.slug, command.serviceId, office.id);
    const now = this.clock.now();
    const schedule = officeSchedule(office, tenant.federalState, this.holidays);
    assertBookableStart(schedule, service.durationMinutes, new BookingWindow(now.getTime(), tenant.settings), command.start);

    const start = new Date(command.start);
    const end = new Date(command.start + service.durationMinutes * MINUTE_MS);
    const limit = tenant.settings.maxActiveBookingsPerEmail;

    if ((await this.releases.heldBack(this.dataSource.manager, tenant.slug, office.id, start, end)).length > 0) throw heldBackForDraw();
    // A slot already full is refused without a transaction: in a rush most requests end here, cheaply.
    // Only a shortcut: a free counter seen here is claimed, or lost, inside the transaction below.
    if (!(await this.bookings.pickFreeCounter(this.dataSource.manager, tenant.slug, office.id, start, end, { firstComeAt: now })))
      throw BookingErrors.slotTaken();

    // One transaction per attempt: a refused statement ends its transaction on PostgreSQL.
    const { booking, manageToken } = await retryingBookingConflicts(() =>
      this.dataSource.transaction(async (manager) => {
        if (limit !== null) {
          await this.bookings.lockEmail(manager, tenant.slug, citizen.email);
          assertBelowEmailLimit(await this.bookings.countActiveFutureByEmail(manager, tenant.slug, citizen.email, now), limit);
        }
        const counterId = await this.bookings.pickFreeCounter(manager, tenant.slug, office.id, start, end, { firstComeAt: now });
        if (!counterId) throw BookingErrors.slotTaken();
        const slot = { office, service, clock: schedule.clock, counterId, start, end };
        return this.placement.place(manager, { tenant, source: 'booking', slot, citizen, now });
      }),
    );
    this.logger.log(`booking ${booking.id} ${booking.status} at office ${office.id}`);
    return { booking, manageToken: booking.status === 'held' ? undefined : manageToken, timeZone: office.timeZone };
  }
}

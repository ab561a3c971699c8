import { Clock } from '@amtsweg/platform';
import { BookingRescheduledV2 } from '@amtsweg/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Office, Service } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import { PublicHolidays } from '../../office/public-holidays';
import { BookingWindow } from '../../slots/booking-window';
import { officeSchedule } from '../../slots/office-schedule';
import { MINUTE_MS, WallClock } from '../../time/wall-clock';
import { assertReschedulable, BookingErrors } from '../booking';
import { assertBookableStart } from '../bookable-start';
import type { BookingEntity } from '../booking.entity';
import { retryingBookingConflicts } from '../booking-conflicts';
import { BookingEvents } from '../booking-events';
import { BookingRepository } from '../booking.repository';
import { ManagedBookings } from '../managed-booking';
import type { RescheduleBookingCommand } from './reschedule-booking.command';

export interface RescheduledBooking {
  booking: BookingEntity;
  office: Office;
  service: Service;
}

@Injectable()
export class RescheduleBookingHandler {
  private readonly logger = new Logger(RescheduleBookingHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly managed: ManagedBookings,
    private readonly bookings: BookingRepository,
    private readonly offices: OfficeRepository,
    private readonly holidays: PublicHolidays,
    private readonly clock: Clock,
    private readonly events: BookingEvents,
  ) {}

  async execute(command: RescheduleBookingCommand): Promise<RescheduledBooking> {
    const { tenant } = command;
    const now = this.clock.now();
    const current = await this.managed.open(this.dataSource.manager, tenant.slug, command.reference, command.token);
    assertMovable(current, now);
    const office = await this.offices.require(this.dataSource.manager, tenant.slug, current.officeId);
    const service = await this.offices.requireOffered(this.dataSource.manager, tenant.slug, current.serviceId, office.id);
    const schedule = officeSchedule(office, tenant.federalState, this.holidays);
    assertBookableStart(schedule, service.durationMinutes, new BookingWindow(now.getTime(), tenant.settings), command.start);

    const start = new Date(command.start);
    const end = new Date(command.start + service.durationMinutes * MINUTE_MS);
    const booking = await retryingBookingConflicts(() =>
      this.dataSource.transaction(async (manager) => {
        // Read again under the row lock: a cancel may have come in between.
        const booking = await this.managed.open(manager, tenant.slug, command.reference, command.token, { forUpdate: true });
        assertMovable(booking, now);
        const previous = { start: booking.startAt, end: booking.endAt };
        booking.counterId = await this.freeCounter(manager, booking, start, end, now);
        booking.startAt = start;
        booking.endAt = end;
        booking.revision += 1;
        booking.updatedAt = now;
        await this.bookings.update(manager, booking);
        const clock = new WallClock(office.timeZone);
        await this.events.append(
          manager,
          BookingRescheduledV2,
          booking,
          { office, service, clock, manageToken: String(command.token) },
          { previousStart: clock.format(previous.start.getTime()), previousEnd: clock.format(previous.end.getTime()) },
        );
        return booking;
      }),
    );
    this.logger.log(`booking ${booking.id} rescheduled`);
    return { booking, office, service };
  }

  private async freeCounter(manager: EntityManager, booking: BookingEntity, start: Date, end: Date, now: Date): Promise<string> {
    // The booking's own time does not count against it: moving by a quarter hour may keep its counter.
    const counterId = await this.bookings.pickFreeCounter(manager, booking.tenant, booking.officeId, start, end, {
      movingBookingId: booking.id,
      firstComeAt: now,
    });
    if (!counterId) throw BookingErrors.slotTaken();
    return counterId;
  }
}

function assertMovable(booking: BookingEntity, now: Date): void {
  assertReschedulable(booking.status);
  if (booking.startAt.getTime() <= now.getTime()) throw BookingErrors.alreadyStarted();
}

import { Clock } from '@amtsweg/platform';
import { BookingArrivedV1, BookingAttendanceUndoneV1, BookingDoneV1, BookingNoShowV1, type EventContract } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { OfficeSummary, Service } from '../../office/office';
import { OfficeRepository } from '../../office/office.repository';
import { WallClock } from '../../time/wall-clock';
import { BookingErrors, transition, type AttendanceMark } from '../booking';
import type { BookingEntity } from '../booking.entity';
import { normaliseBookingReference } from '../booking-reference';
import { BookingRepository } from '../booking.repository';
import type { RecordAttendanceCommand } from './record-attendance.command';

const EVENT_OF: Record<AttendanceMark, EventContract<BookingArrivedV1>> = {
  arrived: BookingArrivedV1,
  done: BookingDoneV1,
  no_show: BookingNoShowV1,
};

export interface AttendedBooking {
  booking: BookingEntity;
  office: OfficeSummary;
  service: Service;
}

@Injectable()
export class RecordAttendanceHandler {
  private readonly logger = new Logger(RecordAttendanceHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly bookings: BookingRepository,
    private readonly offices: OfficeRepository,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: RecordAttendanceCommand): Promise<AttendedBooking> {
    const tenant = command.tenant.slug;
    const reference = normaliseBookingReference(command.reference);
    if (!reference) throw BookingErrors.notFound();
    const now = this.clock.now();
    const attended = await this.dataSource.transaction(async (manager) => {
      const booking = await this.bookings.findByReference(manager, tenant, reference, { forUpdate: true });
      if (!booking) throw BookingErrors.notFound();
      const office = await this.offices.requireSummary(manager, tenant, booking.officeId);
      // A mark on another day is a slip of the finger that would close the citizen's booking early.
      const wallClock = new WallClock(office.timeZone);
      if (wallClock.localDay(now.getTime()) !== wallClock.localDay(booking.startAt.getTime())) throw BookingErrors.notToday();
      const before = booking.status;
      booking.status = transition(before, command.status);
      booking.revision += 1;
      booking.updatedAt = now;
      await this.bookings.update(manager, booking);
      const service = await this.offices.requireService(manager, tenant, booking.serviceId);
      const event = {
        bookingId: booking.id,
        reference: booking.reference,
        officeId: booking.officeId,
        at: wallClock.format(now.getTime()),
      };
      if (command.status === 'confirmed') {
        // transition() lets only a mark (arrived, done, no_show) go back to confirmed.
        await this.outbox.append(
          manager,
          BookingAttendanceUndoneV1,
          { ...event, undone: before as AttendanceMark },
          { subject: booking.id, tenantId: tenant },
        );
      } else {
        await this.outbox.append(manager, EVENT_OF[command.status], event, { subject: booking.id, tenantId: tenant });
      }
      return { booking, office, service };
    });
    this.logger.log(`booking ${attended.booking.id} marked ${command.status}`);
    return attended;
  }
}

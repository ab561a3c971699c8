import { Clock } from '@amtsweg/platform';
import { BookingLapsedV1 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import { WallClock } from '../../time/wall-clock';
import { WaitingEntryRepository } from '../../waiting-list/waiting-entry.repository';
import { transition } from '../booking';
import { BookingRepository } from '../booking.repository';

const BATCH = 25;

/**
 * Holds nobody confirmed in time lapse, and their slots are free again. The schedule is the data
 * (`held_until`): a restart loses nothing, and several instances share the work by claiming rows
 * with `FOR UPDATE SKIP LOCKED`. A lapsed waiting-list offer takes its entry off the list: the
 * slot moves on to the next in line.
 */
@Injectable()
export class LapseHolds {
  private readonly logger = new Logger(LapseHolds.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly bookings: BookingRepository,
    private readonly waitingEntries: WaitingEntryRepository,
    private readonly offices: OfficeRepository,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  /** Lapses every hold due now, batch by batch; answers how many. */
  async lapseDue(): Promise<number> {
    let lapsed = 0;
    for (;;) {
      const batch = await this.lapseBatch();
      lapsed += batch;
      if (batch < BATCH) return lapsed;
    }
  }

  private async lapseBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const due = await this.bookings.claimLapsedHolds(manager, now, BATCH);
      for (const booking of due) {
        booking.status = transition(booking.status, 'lapsed');
        booking.heldUntil = null;
        booking.revision += 1;
        booking.updatedAt = now;
        await this.bookings.update(manager, booking);
        if (booking.waitingEntryId) await this.waitingEntries.settle(manager, booking.waitingEntryId, 'lapsed', now);
        const office = await this.offices.requireSummary(manager, booking.tenant, booking.officeId);
        const clock = new WallClock(office.timeZone);
        await this.outbox.append(
          manager,
          BookingLapsedV1,
          {
            bookingId: booking.id,
            reference: booking.reference,
            officeId: booking.officeId,
            serviceId: booking.serviceId,
            start: clock.format(booking.startAt.getTime()),
            end: clock.format(booking.endAt.getTime()),
          },
          { subject: booking.id, tenantId: booking.tenant },
        );
        this.logger.log(`booking ${booking.id}: hold lapsed`);
      }
      return due.length;
    });
  }
}

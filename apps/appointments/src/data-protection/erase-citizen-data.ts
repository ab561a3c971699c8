import { BookingPersonalDataErasedV1 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { changedRows, Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { AppointmentsConfig } from '../appointments.config';

const BATCH = 100;
const DAY_MS = 86_400_000;

/** Erased values: nothing of the person is left; a per-row placeholder keeps per-address unique indexes apart. */
const erased = (table: string) => `citizen_name = '', citizen_email = 'erased:' || ${table}.id::text, personal_data_erased_at = $1`;

export interface ErasureCount {
  bookings: number;
  waitingEntries: number;
  releaseRequests: number;
}

/**
 * Data protection: a citizen's name and e-mail address are kept only as long as the appointment
 * needs them — CITIZEN_DATA_RETENTION_DAYS after it ended, they are erased, and every erased
 * booking is announced (BookingPersonalDataErasedV1) so that messaging erases its mail copies.
 * Idempotent (erased rows are marked) and safe with several instances (`FOR UPDATE SKIP LOCKED`).
 */
@Injectable()
export class EraseCitizenData {
  private readonly logger = new Logger(EraseCitizenData.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly config: AppointmentsConfig,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  async eraseDue(): Promise<ErasureCount> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.CITIZEN_DATA_RETENTION_DAYS * DAY_MS);
    let bookings = 0;
    for (;;) {
      const batch = await this.eraseBookingBatch(now, cutoff);
      bookings += batch;
      if (batch < BATCH) break;
    }
    const waitingEntries = await changedRows(
      this.dataSource.manager,
      `UPDATE appointments.waiting_entry SET ${erased('waiting_entry')}
        WHERE personal_data_erased_at IS NULL AND status IN ('booked', 'lapsed', 'withdrawn') AND updated_at < $2`,
      [now, cutoff],
    );
    const releaseRequests = await changedRows(
      this.dataSource.manager,
      `UPDATE appointments.release_request rr SET ${erased('rr')}
         FROM appointments.release r
        WHERE r.id = rr.release_id AND r.status = 'drawn' AND r.requests_until < $2 AND rr.personal_data_erased_at IS NULL`,
      [now, cutoff],
    );
    const count = { bookings, waitingEntries, releaseRequests };
    if (count.bookings + count.waitingEntries + count.releaseRequests > 0) this.logger.log(`citizen data erased: ${JSON.stringify(count)}`);
    return count;
  }

  private eraseBookingBatch(now: Date, cutoff: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: Array<{ id: string; tenant: string; reference: string }> = await manager.query(
        `SELECT id, tenant, reference FROM appointments.booking
          WHERE personal_data_erased_at IS NULL AND end_at < $1 AND status <> 'held'
          ORDER BY end_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [cutoff],
      );
      if (due.length === 0) return 0;
      await manager.query(`UPDATE appointments.booking SET ${erased('booking')} WHERE id = ANY($2::uuid[])`, [
        now,
        due.map((booking) => booking.id),
      ]);
      for (const booking of due) {
        await this.outbox.append(
          manager,
          BookingPersonalDataErasedV1,
          { bookingId: booking.id, reference: booking.reference },
          { subject: booking.id, tenantId: booking.tenant },
        );
      }
      return due.length;
    });
  }
}

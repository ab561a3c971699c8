import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { BookingMailDetails } from '@amtsweg/contracts';
import { dataSourceToken, Clock } from '@amtsweg/platform';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { reminderMail } from '../booking-mail/booking-mail';

interface DueReminderRow {
  booking_id: string;
  tenant: string;
  reminder_id: string;
  starts_at: Date | string;
  details: BookingMailDetails | string;
  correlation_id: string | null;
}

/** Reminders claimed per transaction. */
const BATCH_SIZE = 50;

/**
 * Hands due reminders to the outbound mail log (the dispatcher sends them after the commit). Each
 * batch is claimed `FOR UPDATE SKIP LOCKED` and deleted in the transaction that logs its mails, so
 * two instances never both take a reminder, and a crash before the commit leaves it due. Those of
 * a suspended tenant stay due: they are mailed after a reactivation if the appointment is still ahead.
 */
@Injectable()
export class DueReminders {
  private readonly logger = new Logger('DueReminders');

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly mails: OutboundMailLog,
    private readonly clock: Clock,
  ) {}

  /** Returns how many reminder mails were logged in this round. */
  async sendDue(): Promise<number> {
    let logged = 0;
    for (;;) {
      const now = this.clock.now();
      const batch = await this.dataSource.transaction(async (manager) => {
        const rows: DueReminderRow[] = await manager.query(
          `SELECT booking_id, tenant, reminder_id, starts_at, details, correlation_id
             FROM messaging.booking_reminder r
            WHERE remind_at <= $1
              AND NOT EXISTS (SELECT 1 FROM messaging.known_tenant k WHERE k.slug = r.tenant AND k.suspended)
            ORDER BY remind_at, booking_id
            LIMIT $2
            FOR UPDATE SKIP LOCKED`,
          [now, BATCH_SIZE],
        );
        let mailed = 0;
        for (const row of rows) {
          // Down past the appointment itself: a reminder now would only confuse.
          if (new Date(row.starts_at).getTime() <= now.getTime()) continue;
          const details = typeof row.details === 'string' ? (JSON.parse(row.details) as BookingMailDetails) : row.details;
          const origin = {
            tenant: row.tenant,
            eventId: row.reminder_id,
            correlationId: row.correlation_id ?? undefined,
            bookingId: row.booking_id,
          };
          const id = await this.mails.add(manager, origin, reminderMail(details));
          if (id) mailed++;
          this.logger.log(`booking ${row.booking_id}: reminder mail ${id ?? '(already logged)'} queued`);
        }
        if (rows.length > 0) {
          await manager.query('DELETE FROM messaging.booking_reminder WHERE booking_id = ANY($1::uuid[])', [rows.map((r) => r.booking_id)]);
        }
        return { claimed: rows.length, mailed };
      });
      logged += batch.mailed;
      if (batch.claimed < BATCH_SIZE) return logged;
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BookingMailDetails } from '@amtsweg/contracts';
import { newId, Clock } from '@amtsweg/platform';
import { MessagingConfig } from '../../messaging.config';

const HOUR_MS = 3_600_000;

export type ReminderPlan = 'scheduled' | 'too-late';

/**
 * The durable reminder schedule (`messaging.booking_reminder`), one row per booking, written in the
 * booking event's inbox transaction: a confirmation plans the reminder, a reschedule moves it, a
 * cancellation drops it.
 */
@Injectable()
export class BookingReminderSchedule {
  constructor(
    private readonly config: MessagingConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Plans (or moves) the booking's reminder BOOKING_REMINDER_LEAD_HOURS before its start. When that
   * moment has already passed — the appointment is sooner than the lead — there is no reminder.
   */
  async plan(manager: EntityManager, tenant: string, event: BookingMailDetails, correlationId?: string): Promise<ReminderPlan> {
    const startsAt = new Date(event.start);
    const remindAt = new Date(startsAt.getTime() - this.config.BOOKING_REMINDER_LEAD_HOURS * HOUR_MS);
    if (remindAt.getTime() <= this.clock.now().getTime()) {
      await this.drop(manager, tenant, event.bookingId);
      return 'too-late';
    }
    // A fresh reminder id per plan: it names the mail in the outbound log, so a moved reminder is a new mail.
    await manager.query(
      `INSERT INTO messaging.booking_reminder (booking_id, tenant, reminder_id, remind_at, starts_at, details, correlation_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, now())
       ON CONFLICT (booking_id) DO UPDATE
         SET reminder_id = excluded.reminder_id, remind_at = excluded.remind_at, starts_at = excluded.starts_at,
             details = excluded.details, correlation_id = excluded.correlation_id, updated_at = excluded.updated_at`,
      [event.bookingId, tenant, newId(), remindAt, startsAt, JSON.stringify(mailDetails(event)), correlationId ?? null],
    );
    return 'scheduled';
  }

  async drop(manager: EntityManager, tenant: string, bookingId: string): Promise<void> {
    await manager.query('DELETE FROM messaging.booking_reminder WHERE booking_id = $1 AND tenant = $2', [bookingId, tenant]);
  }
}

/** Only what the reminder mail needs; a reschedule event's previous times stay out. */
function mailDetails(event: BookingMailDetails): BookingMailDetails {
  const { bookingId, reference, officeId, officeName, officeAddress, timeZone, serviceId, serviceName, start, end, email, manageUrl } =
    event;
  return { bookingId, reference, officeId, officeName, officeAddress, timeZone, serviceId, serviceName, start, end, email, manageUrl };
}

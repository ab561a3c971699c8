import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommitSignal, newId } from '@amtsweg/platform';
import type { Mail } from './mail';

/** Marks a transaction that added a mail, so its commit wakes the MailDispatcher. */
export const mailAdded = new CommitSignal('amtsweg.messaging.mailAdded');

export interface MailOrigin {
  tenant: string;
  /** The event that caused the mail. */
  eventId: string;
  correlationId?: string;
  /** The booking a citizen's mail is about: its copy is erased with the booking's personal data. */
  bookingId?: string;
}

/**
 * Writes mails into `messaging.outbound_mail`, inside the caller's transaction (for a consumer: the
 * inbox transaction), so that a mail exists exactly when the event's effect does. Sending is the
 * dispatcher's job, after the commit.
 */
@Injectable()
export class OutboundMailLog {
  /** Returns the new mail's id, or null when this event already produced a mail for this recipient. */
  async add(manager: EntityManager, origin: MailOrigin, mail: Mail): Promise<string | null> {
    const id = newId();
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO messaging.outbound_mail
         (id, tenant, event_id, correlation_id, recipient, subject, text, attachments, status, attempts, next_attempt_at, created_at, booking_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'pending', 0, now(), now(), $9)
       ON CONFLICT (event_id, recipient) DO NOTHING
       RETURNING id`,
      [
        id,
        origin.tenant,
        origin.eventId,
        origin.correlationId ?? null,
        mail.to,
        mail.subject,
        mail.text,
        JSON.stringify(mail.attachments),
        origin.bookingId ?? null,
      ],
    );
    if (inserted.length === 0) return null;
    if (manager.queryRunner) mailAdded.mark(manager.queryRunner);
    return id;
  }
}

import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  SealedBookingContactV1,
  SealedRequesterContactV1,
  type BookingMailDetails,
  type ReleaseDrawLostV1,
  type ReleaseDrawLostV2,
  type SealedBookingMail,
  type SealedForMessaging,
} from '@amtsweg/contracts';
import { PoisonEvent, type CloudEvent } from '@amtsweg/eventing';
import { MessagingSeal, UnopenableSeal, type SealBinding } from '@amtsweg/platform';

/** A booking event with its contact opened: the v1 shape the mails are written from, and the revision if it came with one. */
export type OpenedBookingMail<E> = Omit<E, 'contact' | 'revision'> & Pick<BookingMailDetails, 'email' | 'manageUrl'> & { revision: number };

/**
 * Opens the personal data booking events carry sealed for messaging (v2), inside the consumer, and
 * passes v1 events (in clear, left on a topic at the upgrade) through. A box that does not open —
 * a key id this service lacks, altered, moved from another event — never will: a PoisonEvent, so
 * the consumer dead-letters it at once (the DLQ keeps it sealed) and later events flow.
 */
@Injectable()
export class SealedContacts {
  constructor(private readonly seal: MessagingSeal) {}

  booking<E extends BookingMailDetails | SealedBookingMail>(event: E, envelope: CloudEvent): OpenedBookingMail<E> {
    // A v1 event already has email and manageUrl; it knows no revision (the SEQUENCE counter alone decides).
    if (!('contact' in event)) return { ...event, revision: 0 } as unknown as OpenedBookingMail<E>;
    const { contact, revision, ...facts } = event;
    const { email, manageUrl } = this.open(
      SealedBookingContactV1,
      contact,
      { tenant: envelope.tenantid, subject: event.bookingId },
      `booking ${event.bookingId}`,
    );
    return { ...facts, email, manageUrl, revision };
  }

  drawResult(event: ReleaseDrawLostV1 | ReleaseDrawLostV2, envelope: CloudEvent): ReleaseDrawLostV1 {
    if (!('contact' in event)) return event;
    const { contact, ...result } = event;
    const { email } = this.open(
      SealedRequesterContactV1,
      contact,
      { tenant: envelope.tenantid, subject: event.requestId },
      `release request ${event.requestId}`,
    );
    return { ...result, email };
  }

  private open<T extends object>(shape: new () => T, box: SealedForMessaging, binding: SealBinding, what: string): T {
    let plain: unknown;
    try {
      plain = this.seal.open(box, binding);
    } catch (error) {
      if (error instanceof UnopenableSeal) throw new PoisonEvent(`${what}: ${error.message}`);
      throw error;
    }
    const contact = plainToInstance(shape, plain);
    // Messages name the field and the rule, never the value.
    const problems = validateSync(contact, { whitelist: true, forbidUnknownValues: true }).flatMap((e) =>
      Object.values(e.constraints ?? {}),
    );
    if (typeof plain !== 'object' || plain === null || problems.length > 0) {
      throw new PoisonEvent(`${what}: the sealed contact is not what the contract says (${problems.join('; ') || 'not an object'})`);
    }
    return contact;
  }
}

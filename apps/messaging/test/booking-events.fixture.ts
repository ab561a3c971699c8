import type { EntityManager } from 'typeorm';
import { BookingCancelledV1, BookingConfirmedV1, BookingRescheduledV1 } from '@amtsweg/contracts';
import { newId } from '@amtsweg/platform';
import { EventContext, type CloudEvent } from '@amtsweg/eventing';

/** Booking events as appointments publishes them, for messaging's tests. */
export function bookingConfirmed(overrides: Partial<BookingConfirmedV1> = {}): BookingConfirmedV1 {
  return Object.assign(new BookingConfirmedV1(), {
    bookingId: '01937a2e-5b6c-7d8e-9f01-23456789abcd',
    reference: 'K7M2-P9QX',
    officeId: '01937a2e-0000-7000-8000-000000000001',
    officeName: 'Bürgerbüro Mitte',
    officeAddress: 'Marktplatz 1, 12345 Demostadt',
    timeZone: 'Europe/Berlin',
    serviceId: '01937a2e-0000-7000-8000-000000000002',
    serviceName: 'Personalausweis beantragen',
    start: '2026-12-01T08:15:00+01:00',
    end: '2026-12-01T08:45:00+01:00',
    email: 'citizen@example.org',
    manageUrl: 'http://localhost:3000/buchung/K7M2-P9QX?token=s3cr3t-manage-token_abcdefghijklmnopqrstuvwxyz0123456789',
    ...overrides,
  });
}

export function bookingRescheduled(overrides: Partial<BookingRescheduledV1> = {}): BookingRescheduledV1 {
  return Object.assign(new BookingRescheduledV1(), {
    ...bookingConfirmed(),
    previousStart: '2026-12-01T08:15:00+01:00',
    previousEnd: '2026-12-01T08:45:00+01:00',
    start: '2026-12-03T10:00:00+01:00',
    end: '2026-12-03T10:30:00+01:00',
    ...overrides,
  });
}

export function bookingCancelled(overrides: Partial<BookingCancelledV1> = {}): BookingCancelledV1 {
  return Object.assign(new BookingCancelledV1(), { ...bookingConfirmed(), cancelledBy: 'citizen' as const, ...overrides });
}

/** A CloudEvent as appointments' outbox makes it. */
export function envelopeOf<T extends { bookingId: string }>(type: string, data: T, overrides: Partial<CloudEvent<T>> = {}): CloudEvent<T> {
  return {
    id: newId(),
    source: '/amtsweg/appointments',
    type,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: data.bookingId,
    datacontenttype: 'application/json',
    tenantid: 'demo',
    correlationid: newId(),
    data,
    ...overrides,
  };
}

/** The context the event consumer hands a handler: the inbox transaction's manager and the envelope. */
export function eventContext(manager: EntityManager, envelope: Partial<Omit<CloudEvent, 'data'>> = {}): EventContext {
  return new EventContext(envelopeOf(BookingConfirmedV1.type, bookingConfirmed(), envelope), manager);
}

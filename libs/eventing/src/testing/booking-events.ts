import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { newId } from '@amtsweg/platform';
import type { CloudEvent } from '../envelope';

/** A valid BookingConfirmedV1 payload; `reference` (`XXXX-XXXX`) is what tests tell events apart by. */
export function bookingConfirmed(reference: string, overrides: Partial<BookingConfirmedV1> = {}): BookingConfirmedV1 {
  return Object.assign(new BookingConfirmedV1(), {
    bookingId: newId(),
    reference,
    officeId: newId(),
    officeName: 'Bürgerbüro Mitte',
    officeAddress: 'Marktplatz 1, 12345 Demostadt',
    timeZone: 'Europe/Berlin',
    serviceId: newId(),
    serviceName: 'Personalausweis beantragen',
    start: '2026-12-01T08:15:00+01:00',
    end: '2026-12-01T08:30:00+01:00',
    email: 'citizen@example.org',
    manageUrl: `http://localhost:3000/buchung/${reference}?token=secret`,
    ...overrides,
  });
}

/** `KEY1-0042`: the 42nd event of key 1, so that order per key can be read back from references. */
export function sequencedReference(key: number, index: number): string {
  return `KEY${key}-${String(index).padStart(4, '0')}`;
}

/** A BookingConfirmedV1 envelope as appointments' outbox would make it, for events published at the bus. */
export function confirmedEnvelope(data: object, overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    id: newId(),
    source: '/amtsweg/appointments',
    type: BookingConfirmedV1.type,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: (data as { bookingId?: string }).bookingId ?? newId(),
    datacontenttype: 'application/json',
    tenantid: 'demo',
    correlationid: newId(),
    data,
    ...overrides,
  };
}

/**
 * `perKey` events for each subject, interleaved irregularly (a fixed shuffle): a strict k0,k1,k2
 * rhythm could line up with round-robin partitioning and hide a lost key.
 */
export function interleavedEvents(subjects: string[], perKey: number): Array<{ subject: string; reference: string }> {
  const slots = subjects.flatMap((_, key) => Array.from({ length: perKey }, () => key));
  let seed = 42;
  for (let i = slots.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  const next = subjects.map(() => 0);
  return slots.map((key) => ({ subject: subjects[key], reference: sequencedReference(key, next[key]++) }));
}

import { randomBytes } from 'node:crypto';
import {
  BookingConfirmedV2,
  BookingHeldV2,
  ReleaseDrawLostV2,
  type SealedBookingContactV1,
  type SealedRequesterContactV1,
} from '@amtsweg/contracts';
import { toBusRecord, type BusRecord } from '@amtsweg/eventing';
import { ConfigurationError, DEVELOPMENT_SEAL_KEY, MessagingSeal, newId } from '@amtsweg/platform';
import { onlyEvent, parseCalendar, property } from '../../../../tests/support/icalendar-parser';
import { bookingConfirmed, envelopeOf } from '../../test/booking-events.fixture';
import { startMessagingApp, type MessagingTestApp } from '../../test/messaging-app';
import { waitFor } from '../../test/wait-for';

/** A v2 booking event as appointments seals it; `sealedFor` seals it for another booking (a moved box). */
function sealedConfirmed(seal: MessagingSeal, email: string, options: { reference: string; revision?: number; sealedFor?: string }) {
  const { email: _inClear, manageUrl, ...facts } = bookingConfirmed({ bookingId: newId(), reference: options.reference });
  const contact: SealedBookingContactV1 = { email, manageUrl };
  return Object.assign(new BookingConfirmedV2(), {
    ...facts,
    revision: options.revision ?? 0,
    contact: seal.seal(contact, { tenant: 'demo', subject: options.sealedFor ?? facts.bookingId }),
  });
}

/**
 * Messaging opens the contact that v2 booking events carry sealed (the test app holds the
 * development key, as appointments does next to it), and dead-letters at once, still sealed, what
 * it cannot open.
 */
describe('booking events with the contact sealed for messaging (v2; embedded bus, embedded database)', () => {
  let t: MessagingTestApp;
  const letters: BusRecord[] = [];
  const seal = new MessagingSeal([DEVELOPMENT_SEAL_KEY]);

  beforeAll(async () => {
    t = await startMessagingApp({ consume: true });
    await t.bus.subscribe('dlq-reader', ['appointments.booking.dlq'], async (record) => void letters.push(record));
  }, 60_000);
  afterAll(() => t?.close());

  const mailsTo = (to: string, count = 1) =>
    waitFor(
      async () => {
        const { body } = await t.http().get('/api/v1/dev/mailbox').query({ to }).expect(200);
        return (body as Array<{ subject: string; text: string }>).length >= count
          ? (body as Array<{ subject: string; text: string }>)
          : undefined;
      },
      10_000,
      `${count} mail(s)`,
    );

  it('opens address and manage link inside the consumer and mails them, with the booking revision as SEQUENCE', async () => {
    const event = sealedConfirmed(seal, 'sealed@example.org', { reference: 'SEAL-0001', revision: 3 });
    await t.bus.publish([toBusRecord(BookingConfirmedV2.topic, envelopeOf(BookingConfirmedV2.type, event))]);
    const [mail] = await mailsTo('sealed@example.org');
    expect(mail.subject).toContain('SEAL-0001');
    expect(mail.text).toContain('?token=s3cr3t-manage-token');
    const [row] = (await t.dataSource.query('SELECT attachments FROM messaging.outbound_mail WHERE booking_id = $1', [
      event.bookingId,
    ])) as Array<{
      attachments: Array<{ content: string }>;
    }>;
    expect(property(onlyEvent(parseCalendar(row.attachments[0].content)), 'SEQUENCE')?.value).toBe('3');
  });

  it('mails a sealed hold and a sealed draw result', async () => {
    const { contact, ...confirmed } = sealedConfirmed(seal, 'held@example.org', { reference: 'HELD-0001' });
    const held = Object.assign(new BookingHeldV2(), {
      ...confirmed,
      contact,
      heldUntil: '2026-11-30T12:00:00+01:00',
      reason: 'waiting-list',
    });
    await t.bus.publish([toBusRecord(BookingHeldV2.topic, envelopeOf(BookingHeldV2.type, held))]);
    expect((await mailsTo('held@example.org'))[0].text).toContain('?token=s3cr3t-manage-token');

    const requestId = newId();
    const requester: SealedRequesterContactV1 = { email: 'lost@example.org' };
    const lost = Object.assign(new ReleaseDrawLostV2(), {
      releaseId: newId(),
      requestId,
      serviceName: 'Personalausweis beantragen',
      drawnAt: '2026-11-30T08:00:00Z',
      seed: 'abc',
      bookingUrl: 'http://localhost:3000',
      contact: seal.seal(requester, { tenant: 'demo', subject: requestId }),
    });
    await t.bus.publish([toBusRecord(ReleaseDrawLostV2.topic, envelopeOf(ReleaseDrawLostV2.type, { ...lost, bookingId: requestId }))]);
    expect((await mailsTo('lost@example.org'))[0].subject).toContain('Verlosung');
  });

  it.each<[string, () => MessagingSeal, boolean, RegExp]>([
    [
      'sealed with a key it does not hold',
      () => new MessagingSeal([{ id: 'retired', key: randomBytes(32) }]),
      false,
      /key "retired", which EVENT_SEAL_KEYS does not hold/,
    ],
    ['whose box was sealed for another booking', () => seal, true, /moved from another event/],
  ])('dead-letters at once, still sealed, an event %s — and the next event flows', async (_what, sealWith, moved, reason) => {
    const before = letters.length;
    const email = `poison-${letters.length}@example.org`;
    const poison = sealedConfirmed(sealWith(), email, {
      reference: 'POIS-0001',
      sealedFor: moved ? newId() : undefined,
    });
    await t.bus.publish([toBusRecord(BookingConfirmedV2.topic, envelopeOf(BookingConfirmedV2.type, poison))]);
    const [letter] = await waitFor(async () => (letters.length > before ? letters.slice(before) : undefined), 10_000, 'the dead letter');
    expect(letter.headers).toMatchObject({ 'x-dlq-attempts': '1', 'x-dlq-consumer': 'messaging' });
    expect(letter.headers['x-dlq-error']).toMatch(reason);
    expect(letter.value).not.toContain(email);

    const next = sealedConfirmed(seal, `next-${before}@example.org`, { reference: 'NEXT-0001' });
    await t.bus.publish([toBusRecord(BookingConfirmedV2.topic, envelopeOf(BookingConfirmedV2.type, next))]);
    await mailsTo(`next-${before}@example.org`);
  });

  it('refuses to start in production without EVENT_SEAL_KEYS, naming the variable', async () => {
    const production = {
      NODE_ENV: 'production',
      OIDC_ISSUER: 'https://login.example.org',
      OIDC_JWKS_URL: 'https://login.example.org/jwks',
    };
    const starting = startMessagingApp({ env: { ...production, SMTP_URL: 'smtp://127.0.0.1:9' } });
    // The class, so that the process prints the one line and exits 78 (runServiceProcess).
    await expect(starting).rejects.toBeInstanceOf(ConfigurationError);
    await expect(starting).rejects.toThrow(
      new ConfigurationError(
        'invalid configuration:\n  EVENT_SEAL_KEYS: required when NODE_ENV=production (the development key would leave citizens’ addresses readable on Kafka)',
      ),
    );
  }, 60_000);
});

import { newId } from '@amtsweg/platform';
import { bookingCancelled, bookingConfirmed, bookingRescheduled, eventContext } from '../../../test/booking-events.fixture';
import { bookingMailConsumer } from '../../../test/booking-mail-consumer';
import { messagingDatabaseOnPglite } from '../../../test/messaging-databases';

interface MailRow {
  id: string;
  tenant: string;
  event_id: string;
  correlation_id: string | null;
  recipient: string;
  subject: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; content: string }>;
  status: string;
  attempts: number;
  transport: string | null;
}

describe('BookingMailConsumer (embedded database)', () => {
  const db = messagingDatabaseOnPglite();
  const consumer = bookingMailConsumer();
  beforeEach(() => db.dataSource.query('TRUNCATE messaging.outbound_mail, messaging.booking_calendar, messaging.booking_reminder'));

  const mails = (): Promise<MailRow[]> => db.dataSource.query('SELECT * FROM messaging.outbound_mail ORDER BY created_at, id');

  it('writes one pending mail for a confirmed booking, in the inbox transaction, and sends nothing itself', async () => {
    const event = bookingConfirmed();
    const envelope = { id: newId(), tenantid: 'demo', correlationid: 'corr-12345678' };
    await db.dataSource.transaction((manager) => consumer.onBookingConfirmed(event, eventContext(manager, envelope)));

    const rows = await mails();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant: 'demo',
      event_id: envelope.id,
      correlation_id: 'corr-12345678',
      recipient: 'citizen@example.org',
      subject: 'Terminbestätigung K7M2-P9QX – Personalausweis beantragen',
      status: 'pending',
      attempts: 0,
      transport: null,
    });
    expect(rows[0].text).toContain(event.manageUrl);
    expect(rows[0].attachments).toEqual([
      expect.objectContaining({ filename: 'termin.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST' }),
    ]);
  });

  it('leaves no mail behind when the inbox transaction rolls back', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await consumer.onBookingConfirmed(bookingConfirmed(), eventContext(manager));
        throw new Error('a later step of the same transaction failed');
      }),
    ).rejects.toThrow('later step');
    expect(await mails()).toHaveLength(0);
  });

  it('writes one mail per event and recipient even if the same event reaches it twice', async () => {
    const envelope = { id: newId(), tenantid: 'demo' };
    for (let i = 0; i < 2; i++) {
      await db.dataSource.transaction((manager) => consumer.onBookingConfirmed(bookingConfirmed(), eventContext(manager, envelope)));
    }
    expect(await mails()).toHaveLength(1);
  });

  it('raises the calendar SEQUENCE with every mail about the same booking', async () => {
    const handle = (fn: (manager: import('typeorm').EntityManager) => Promise<void>) => db.dataSource.transaction(fn);
    await handle((m) => consumer.onBookingConfirmed(bookingConfirmed(), eventContext(m)));
    await handle((m) => consumer.onBookingRescheduled(bookingRescheduled(), eventContext(m)));
    await handle((m) => consumer.onBookingCancelled(bookingCancelled(), eventContext(m)));
    await handle((m) =>
      consumer.onBookingConfirmed(bookingConfirmed({ bookingId: '01937a2e-5b6c-7d8e-9f01-000000000002' }), eventContext(m)),
    );

    const rows = await mails();
    expect(rows.map((r) => r.subject.split(' K7M2')[0])).toEqual([
      'Terminbestätigung',
      'Termin verschoben',
      'Termin abgesagt',
      'Terminbestätigung',
    ]);
    const sequences = rows.map((r) => /SEQUENCE:(\d+)/.exec(r.attachments[0].content)?.[1]);
    expect(sequences).toEqual(['0', '1', '2', '0']);
    expect(rows[1].text).toContain('Neuer Termin: Donnerstag, 3. Dezember 2026, 10:00 Uhr');
    expect(rows[2].attachments[0].content).toContain('STATUS:CANCELLED');
  });
});

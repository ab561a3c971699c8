import { EmbeddedPostgres } from '@amtsweg/platform';
import { BookingMailConsumer } from '../../notification/booking-mail/booking-mail.consumer';
import { bookingConfirmed, eventContext } from '../../../test/booking-events.fixture';
import { startMessagingApp, type MessagingTestApp } from '../../../test/messaging-app';
import { waitFor } from '../../../test/wait-for';

interface MailboxEntry {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
  attachments: Array<{ filename: string; contentType: string }>;
}

describe('development mailbox (embedded)', () => {
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    embedded = await EmbeddedPostgres.openIsolated();
  }, 60_000);
  afterAll(() => embedded?.close());

  describe('outside production, without SMTP_URL', () => {
    let t: MessagingTestApp;
    beforeAll(async () => (t = await startMessagingApp({ database: embedded })), 60_000);
    afterAll(() => t?.close());

    const mailbox = async (query = ''): Promise<MailboxEntry[]> => {
      const response = await t.http().get(`/api/v1/dev/mailbox${query}`).expect(200);
      return response.body as MailboxEntry[];
    };

    const confirm = (overrides: Parameters<typeof bookingConfirmed>[0]) =>
      t.dataSource.transaction((manager) =>
        t.app.get(BookingMailConsumer).onBookingConfirmed(bookingConfirmed(overrides), eventContext(manager)),
      );

    it('delivers a booking confirmation into the mailbox and lists it', async () => {
      await confirm({ email: 'first@example.org' });
      const [mail] = await waitFor(
        async () => {
          const entries = await mailbox();
          return entries.length === 1 ? entries : undefined;
        },
        5_000,
        'the mail in the mailbox',
      );
      expect(Object.keys(mail).sort()).toEqual(['attachments', 'sentAt', 'subject', 'text', 'to']);
      expect(mail.to).toBe('first@example.org');
      expect(mail.subject).toContain('K7M2-P9QX');
      expect(mail.text).toContain(bookingConfirmed().manageUrl);
      expect(mail.sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.now() - Date.parse(mail.sentAt)).toBeLessThan(60_000);
      expect(mail.attachments).toEqual([{ filename: 'termin.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST' }]);
    });

    it('answers newest first, filters by recipient and honours the limit', async () => {
      await confirm({ email: 'second@example.org', reference: 'AAAA-BBBB' });
      await waitFor(async () => (await mailbox()).length === 2, 5_000, 'the second mail');
      await confirm({ email: 'Third@Example.org', reference: 'CCCC-DDDD' });
      await waitFor(async () => (await mailbox()).length === 3, 5_000, 'the third mail');

      expect((await mailbox()).map((m) => m.to)).toEqual(['Third@Example.org', 'second@example.org', 'first@example.org']);
      expect((await mailbox('?to=third@example.org')).map((m) => m.subject)).toEqual([expect.stringContaining('CCCC-DDDD')]);
      expect((await mailbox('?limit=1')).map((m) => m.to)).toEqual(['Third@Example.org']);
    });

    it('refuses a malformed query with problem+json', async () => {
      for (const query of ['?limit=0', '?limit=201', '?limit=many', '?unknown=1']) {
        const response = await t.http().get(`/api/v1/dev/mailbox${query}`).expect(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  it('does not exist in production (404 problem+json)', async () => {
    const t = await startMessagingApp({
      database: embedded,
      env: {
        NODE_ENV: 'production',
        OIDC_ISSUER: 'https://login.example.org',
        OIDC_JWKS_URL: 'https://login.example.org/jwks',
        SMTP_URL: 'smtp://127.0.0.1:9',
        EVENT_SEAL_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      },
    });
    try {
      const response = await t.http().get('/api/v1/dev/mailbox').expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, code: 'HTTP.NOT_FOUND' });
    } finally {
      await t.close();
    }
  }, 60_000);

  it('refuses to start in production without SMTP_URL, naming the variable', async () => {
    await expect(
      startMessagingApp({
        database: embedded,
        env: {
          NODE_ENV: 'production',
          OIDC_ISSUER: 'https://login.example.org',
          OIDC_JWKS_URL: 'https://login.example.org/jwks',
          EVENT_SEAL_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
        },
      }),
    ).rejects.toThrow(/SMTP_URL: required when NODE_ENV=production/);
  }, 60_000);
});

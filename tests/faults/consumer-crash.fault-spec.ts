import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, TestDatabase, waitFor } from '@amtsweg/eventing/testing';
import { APPOINTMENTS_MAIN, buildServices, MESSAGING_MAIN, ServiceChildProcess } from '../ops/service-child-process';
import {
  BookingLoad,
  confirmedEvents,
  describeTally,
  isConfirmation,
  openSlots,
  waitForBookingEventsConsumed,
  waitForConfirmations,
} from '../support/booking-load';
import { SmtpSink } from '../support/smtp-sink';

const CLIENTS = 4;
/** Holds the load to ~8 bookings a second, so the backlog the new instance inherits drains in bounded time. */
const PAUSE_MS = 500;
/** Mails delivered before the kill: messaging is mid-stream, not starting up. */
const MAILS_BEFORE_KILL = 10;
/** Bookings answered after the kill: their mails are the new instance's to send. */
const BOOKINGS_AFTER_KILL = 30;
/** The new instance's group join waits out the killed member's session (30 s); then the backlog. */
const DRAIN_LIMIT_MS = 150_000;

describeWithInfrastructure('fault: the messaging process SIGKILLed mid-stream and started again (appointments and messaging built, separate processes, Kafka, PostgreSQL)', (infra) => {
  const topicPrefix = randomTopicPrefix();
  const appointmentsDb = TestDatabase.named(infra.databaseUrl);
  const messagingDb = TestDatabase.named(infra.databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-consumer-crash-'));
  const processes: ServiceChildProcess[] = [];
  let sink: SmtpSink | undefined;

  /** What both services' processes share: the development setup, the PostgreSQL server, the shared broker, this test's prefix. */
  const common: Record<string, string> = {
    NODE_ENV: 'development',
    // Without it the platform opens an embedded PGlite under DATA_DIR even for a service with a database URL of its own.
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
  };

  beforeAll(async () => {
    buildServices();
    sink = await SmtpSink.start();
  }, 120_000);

  afterAll(async () => {
    // SIGTERM: the consumers leave their groups, which can then be deleted (a group with members cannot).
    for (const child of processes) await child.terminate();
    await sink?.stop();
    await appointmentsDb.drop();
    await messagingDb.drop();
    await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const startMessaging = async (): Promise<ServiceChildProcess> => {
    const messaging = await ServiceChildProcess.start(MESSAGING_MAIN, {
      ...common,
      // A volume of its own, which the replacement takes over like a restarted pod.
      DATA_DIR: join(dataDir, 'messaging'),
      MESSAGING_DATABASE_URL: messagingDb.url,
      SMTP_URL: sink!.url,
      // The replacement takes the killed instance's place, as a restarted pod keeps its name; the
      // live-update group then holds no dead member when the test deletes it.
      MESSAGING_INSTANCE_ID: 'messaging-0',
    });
    processes.push(messaging);
    return messaging;
  };

  it('mails every 201 booking exactly once across a kill mid-send and the restart', async () => {
    const smtp = sink!;
    const appointments = await ServiceChildProcess.start(APPOINTMENTS_MAIN, {
      ...common,
      DATA_DIR: join(dataDir, 'appointments'),
      APPOINTMENTS_DATABASE_URL: appointmentsDb.url,
    });
    processes.push(appointments);
    const first = await startMessaging();
    await Promise.all([appointments.ready(90_000), first.ready(90_000)]);
    const slots = await openSlots(appointments.baseUrl);
    expect(slots.length).toBeGreaterThan(BOOKINGS_AFTER_KILL * 2);

    const load = BookingLoad.start({ baseUrl: appointments.baseUrl, slots, clients: CLIENTS, tag: topicPrefix.slice(5, 13), pauseMs: PAUSE_MS });
    const confirmations = () => smtp.deliveries.filter(isConfirmation).length;
    try {
      await waitFor('mails flowing before the kill', confirmations, (mails) => mails >= MAILS_BEFORE_KILL, { timeoutMs: 90_000, intervalMs: 50 });
      // Killed mid-send: the server has the next mail's data and withholds its 250 until the sender is gone.
      const inFlight = await Promise.race([
        smtp.holdNext(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no mail in flight within 60 s')), 60_000).unref()),
      ]);
      const exit = await first.crash();
      const mailsAtKill = confirmations();
      const bookedAtKill = load.booked.length;
      expect(exit.signal).toBe('SIGKILL');
      await waitFor('the unanswered mail to be dropped with its connection', () => smtp.dropped.length, (count) => count === 1, { timeoutMs: 10_000 });

      // Restarted at once, as an orchestrator would, while the bookings go on.
      const second = await startMessaging();
      await waitFor(
        'bookings answered after the kill',
        () => load.booked.length - bookedAtKill,
        (count) => count >= BOOKINGS_AFTER_KILL,
        { timeoutMs: 90_000, intervalMs: 100 },
      );
      await load.stop();
      await second.ready(90_000);
      const restartedAt = Date.now();
      await waitForConfirmations(load.booked, smtp, messagingDb.url, DRAIN_LIMIT_MS);
      const drainMs = Date.now() - restartedAt;
      // Nothing left on the topic that could still produce a mail: the tally below is final.
      await waitForBookingEventsConsumed(second.baseUrl, 60_000);
      const tally = await waitForConfirmations(load.booked, smtp, messagingDb.url, 10_000);

      console.log(
        `fault (b) messaging SIGKILL: killed while the SMTP server withheld its 250 for one mail, with ${mailsAtKill} of ${bookedAtKill} bookings mailed ` +
          `(the cut-off mail delivered ${smtp.deliveries.filter((d) => d.messageId === inFlight.messageId).length}x afterwards); ${load.booked.length} bookings 201, ` +
          `${load.refused.length} refused (${[...new Set(load.refused.map((r) => r.status))].join(', ') || 'none'}), ${load.unanswered.length} unanswered; ` +
          `${describeTally(tally)}; all mailed ${drainMs} ms after the new instance was ready`,
      );
      // The mail cut off mid-send is sent again, by the new instance, under its Message-ID.
      expect(smtp.deliveries.filter((delivery) => delivery.messageId === inFlight.messageId)).toHaveLength(1);
      // Mid-stream: some mails were out, and bookings were left for the new instance.
      expect(mailsAtKill).toBeGreaterThanOrEqual(MAILS_BEFORE_KILL);
      expect(load.booked.length).toBeGreaterThan(mailsAtKill);
      expect(load.serverErrors).toEqual([]);
      expect(load.unanswered).toEqual([]);
      expect(tally.missing).toEqual([]);
      expect(tally.twice).toEqual([]);
      expect(tally.unexpected).toEqual([]);
      expect(tally.logMismatch).toEqual([]);
      const events = await confirmedEvents(appointmentsDb.url);
      for (const { reference, email } of load.booked)
        expect(events.filter((event) => event.reference === reference)).toEqual([{ reference, email, published: true }]);
    } finally {
      await load.stop().catch(() => undefined);
    }
  }, 240_000);
});

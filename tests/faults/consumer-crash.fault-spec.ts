import { join } from 'node:path';
import { deleteKafkaPrefix, describeWithInfrastructure, waitFor } from '@amtsweg/eventing/testing';
import { APPOINTMENTS_MAIN, buildServices, MESSAGING_MAIN, ServiceChildProcess } from '../ops/service-child-process';
import { BookingLoad, describeTally, isConfirmation, openSlots } from '../support/booking-load';
import { BookingMailStage } from './booking-mail-stage';

const CLIENTS = 4;
/**
 * Holds the load to ~4 bookings a second: each new instance waits out its dead predecessor's group
 * session (30 s) before it consumes, and the backlog it inherits must drain in bounded time.
 */
const PAUSE_MS = 1_000;
/** How long before a SIGKILL a mail the server took may still lack its 'sent' mark (sends and marks take milliseconds). */
const RESEND_WINDOW_MS = 1_000;
/** Mails delivered before the kill: messaging is mid-stream, not starting up. */
const MAILS_BEFORE_KILL = 10;
/** Bookings answered after the second kill: their mails are the third instance's to send. */
const BOOKINGS_AFTER_KILL = 30;
/** The new instance's group join waits out the killed member's session (30 s); then the backlog. */
const DRAIN_LIMIT_MS = 150_000;

describeWithInfrastructure(
  'fault: the messaging process SIGKILLed mid-stream and started again, twice (appointments and messaging built, separate processes, Kafka, PostgreSQL)',
  (infra) => {
    const stage = new BookingMailStage(infra, 'consumer-crash');
    const { topicPrefix, appointmentsDb, messagingDb, dataDir } = stage;
    const processes: ServiceChildProcess[] = [];

    /** What both services' processes share: the development setup, the PostgreSQL server, the shared broker, this test's prefix. */
    const common: Record<string, string> = {
      NODE_ENV: 'development',
      // The server both run on; each service gets a database URL of its own below.
      DATABASE_URL: infra.databaseUrl,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
    };

    beforeAll(async () => {
      buildServices();
      await stage.open();
    }, 120_000);

    afterAll(async () => {
      // SIGTERM: the consumers leave their groups, which can then be deleted (a group with members cannot).
      for (const child of processes) await child.terminate();
      await stage.remove();
      await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
    }, 60_000);

    const startMessaging = async (): Promise<ServiceChildProcess> => {
      const messaging = await ServiceChildProcess.start(MESSAGING_MAIN, {
        ...common,
        // A volume of its own, which the replacement takes over like a restarted pod.
        DATA_DIR: join(dataDir, 'messaging'),
        MESSAGING_DATABASE_URL: messagingDb.url,
        SMTP_URL: stage.sink.url,
        // The replacement takes the killed instance's place, as a restarted pod keeps its name; the
        // live-update group then holds no dead member when the test deletes it.
        MESSAGING_INSTANCE_ID: 'messaging-0',
      });
      processes.push(messaging);
      return messaging;
    };

    it('mails every 201 booking exactly once across two kills under load: one mid-send, one right after the server took a mail', async () => {
      const smtp = stage.sink;
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

      const load = BookingLoad.start({ baseUrl: appointments.baseUrl, slots, clients: CLIENTS, tag: stage.tag, pauseMs: PAUSE_MS });
      const confirmations = () => smtp.deliveries.filter(isConfirmation).length;
      const deliveriesOf = (messageId: string) => smtp.deliveries.filter((delivery) => delivery.messageId === messageId).length;
      try {
        await waitFor('mails flowing before the kill', confirmations, (mails) => mails >= MAILS_BEFORE_KILL, {
          timeoutMs: 90_000,
          intervalMs: 50,
        });

        // Kill 1, mid-send: the server has the next mail's data and withholds its 250 until the sender is gone.
        const cutOff = await within(smtp.holdNext(isConfirmation), 'a mail in flight');
        const killedAt = [Date.now()];
        const firstExit = await first.crash();
        const mailsAtFirstKill = confirmations();
        const bookedAtFirstKill = load.booked.length;
        await waitFor(
          'the unanswered mail to be dropped with its connection',
          () => smtp.dropped.length,
          (count) => count === 1,
          { timeoutMs: 10_000 },
        );

        // Restarted at once, as an orchestrator would, while the bookings go on.
        const second = await startMessaging();
        await second.ready(90_000);
        // Kill 2, in the dispatcher's documented window: after the server's 250, before the row is marked sent.
        const accepted = await within(
          smtp.afterNextAcceptance(() => {
            killedAt.push(Date.now());
            second.kill();
          }, isConfirmation),
          'a mail from the second instance',
        );
        const secondExit = await second.crash();
        const bookedAtSecondKill = load.booked.length;

        const third = await startMessaging();
        await waitFor(
          'bookings answered after the second kill',
          () => load.booked.length - bookedAtSecondKill,
          (count) => count >= BOOKINGS_AFTER_KILL,
          { timeoutMs: 90_000, intervalMs: 100 },
        );
        await load.stop();
        await third.ready(90_000);
        const { tally, drainMs } = await stage.drain(load, third.baseUrl, DRAIN_LIMIT_MS);

        console.log(
          `fault (b) messaging SIGKILL: kill 1 while the SMTP server withheld its 250 (${mailsAtFirstKill} of ${bookedAtFirstKill} bookings mailed; ` +
            `the cut-off mail delivered ${deliveriesOf(cutOff.messageId)}x afterwards), kill 2 right after a 250 (that mail delivered ${deliveriesOf(accepted.messageId)}x); ` +
            `${load.booked.length} bookings 201, ${load.refused.length} refused (${[...new Set(load.refused.map((r) => r.status))].join(', ') || 'none'}), ` +
            `${load.unanswered.length} unanswered; ${describeTally(tally)}; all mailed ${drainMs} ms after the third instance was ready`,
        );
        expect([firstExit.signal, secondExit.signal]).toEqual(['SIGKILL', 'SIGKILL']);
        // Mid-stream: some mails were out, and bookings were left for the next instance.
        expect(mailsAtFirstKill).toBeGreaterThanOrEqual(MAILS_BEFORE_KILL);
        expect(load.booked.length).toBeGreaterThan(mailsAtFirstKill);
        // The mail cut off before the 250 is sent again, once, under its Message-ID.
        expect(deliveriesOf(cutOff.messageId)).toBe(1);
        // The mail taken just before kill 2 is sent again under the same Message-ID: a raw duplicate, one
        // mail. Its senders work side by side, so another mail may have been in the same window; any
        // resend must be a mail the server took in the moment before a kill, never one marked sent.
        expect(tally.resent).toContain(accepted.messageId);
        const firstAcceptance = (messageId: string) =>
          Math.min(...smtp.deliveries.filter((d) => d.messageId === messageId).map((d) => d.at));
        const justBeforeAKill = (at: number) => killedAt.some((kill) => at <= kill && at >= kill - RESEND_WINDOW_MS);
        expect(tally.resent.filter((messageId) => !justBeforeAKill(firstAcceptance(messageId)))).toEqual([]);
        await stage.expectEveryBookingMailedOnce(load, tally);
      } finally {
        await load.stop().catch(() => undefined);
      }
    }, 240_000);
  },
);

/** The promise's value, or a failure naming what did not happen within a minute. */
function within<T>(promise: Promise<T>, what: string, ms = 60_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref()),
  ]);
}

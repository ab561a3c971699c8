import { describeWithInfrastructure, waitFor } from '@amtsweg/eventing/testing';
import { KafkaBroker } from '../../libs/eventing/src/testing/kafka-broker';
import { sample } from '../ops/log-capture';
import { ALL_IN_ONE_MAIN, buildServices, ServiceChildProcess } from '../ops/service-child-process';
import { BookingLoad, confirmedEvents, describeTally, isConfirmation, openSlots } from '../support/booking-load';
import { BookingMailStage } from './booking-mail-stage';

const CLIENTS = 6;
/** ~6 clients × 2 requests a second: the ~10 s the service takes to notice the dead broker add ~120 bookings, not ~500. */
const PAUSE_MS = 500;
/** Bookings answered and mails delivered before the kill, so that it lands while both are flowing. */
const BOOKINGS_BEFORE_KILL = 20;
const MAILS_BEFORE_KILL = 5;
/** Bookings answered after the service reported the broker dead: the outbox must hold their events. */
const BOOKINGS_DURING_OUTAGE = 20;
/**
 * After the restart: the relay backs off (at most 5 s), messaging's consumer is rebuilt (back-off up
 * to 5 s) and its group waits out the dead member's session (30 s). Generous on a shared machine.
 */
const DRAIN_LIMIT_MS = 150_000;

describeWithInfrastructure('fault: the Kafka broker SIGKILLed under booking load and restarted (built all-in-one, PostgreSQL)', (infra) => {
  // A broker of this file's own: the shared one is never killed. Its data is wiped at its next fresh start.
  const broker = new KafkaBroker(19192, 19193);
  const stage = new BookingMailStage(infra, 'broker-crash');
  const { topicPrefix, appointmentsDb, messagingDb, dataDir } = stage;
  let service: ServiceChildProcess | undefined;

  beforeAll(async () => {
    buildServices();
    broker.start();
    await stage.open();
  }, 180_000);

  afterAll(async () => {
    await service?.crash();
    broker.stop();
    await stage.remove();
  }, 60_000);

  it('answers 201 while the broker is dead, and after its restart mails every 201 booking exactly once', async () => {
    const smtp = stage.sink;
    service = await ServiceChildProcess.start(ALL_IN_ONE_MAIN, {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      DATABASE_URL: infra.databaseUrl,
      APPOINTMENTS_DATABASE_URL: appointmentsDb.url,
      MESSAGING_DATABASE_URL: messagingDb.url,
      KAFKA_BROKERS: broker.address,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      SMTP_URL: smtp.url,
      // Only the services this test books through run in the process; the others are "elsewhere".
      SIGNATURES_URL: 'http://127.0.0.1:9',
      DEVICES_URL: 'http://127.0.0.1:9',
    });
    await service.ready(90_000);
    const slots = await openSlots(service.baseUrl);
    expect(slots.length).toBeGreaterThan(BOOKINGS_BEFORE_KILL + BOOKINGS_DURING_OUTAGE);

    // Every request must get an HTTP answer: the broker's death must not reach the booking request.
    const load = BookingLoad.start({ baseUrl: service.baseUrl, slots, clients: CLIENTS, tag: stage.tag, pauseMs: PAUSE_MS });
    try {
      await waitFor(
        'bookings and mails flowing before the kill',
        () => ({ booked: load.booked.length, mails: smtp.deliveries.filter(isConfirmation).length }),
        ({ booked, mails }) => booked >= BOOKINGS_BEFORE_KILL && mails >= MAILS_BEFORE_KILL,
        { timeoutMs: 90_000, intervalMs: 100 },
      );
      broker.kill();
      const killedAt = Date.now();
      const bookedAtKill = load.booked.length;
      // The bookings below are answered by a process that knows the broker is gone, not just in time.
      await waitFor(
        'the service to report the dead broker (amtsweg_broker_connected 0)',
        async () => sample(await fetch(`${service!.baseUrl}/metrics`).then((response) => response.text()), 'amtsweg_broker_connected', {}),
        (connected) => connected === 0,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      // Ready means its own database answers: the pod stays in service, the outbox takes the events.
      expect(await fetch(`${service.baseUrl}/health/ready`).then((response) => response.status)).toBe(200);
      const bookedWhenNoticed = load.booked.length;
      await waitFor(
        'bookings answered 201 while the broker is dead',
        () => load.booked.length - bookedWhenNoticed,
        (count) => count >= BOOKINGS_DURING_OUTAGE,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      await load.stop();
      const unpublished = (await confirmedEvents(appointmentsDb.url)).filter((event) => !event.published).length;
      // The outbox holds them: nothing could have reached the dead broker.
      expect(unpublished).toBeGreaterThan(0);
      const outageMs = Date.now() - killedAt;

      broker.start({ keepData: true });
      const { tally, drainMs } = await stage.drain(load, service.baseUrl, DRAIN_LIMIT_MS);

      console.log(
        `fault (a) broker SIGKILL: ${load.booked.length} bookings 201 (${load.booked.length - bookedAtKill} answered after the kill, the broker dead for ${outageMs} ms; ` +
          `${unpublished} events held in the outbox at the restart), ${load.refused.length} refused (${[...new Set(load.refused.map((r) => r.status))].join(', ') || 'none'}), ` +
          `${load.unanswered.length} unanswered; ${describeTally(tally)}; all mailed ${drainMs} ms after the restart`,
      );
      // One event per 201, each published once the broker was back.
      await stage.expectEveryBookingMailedOnce(load, tally);
    } finally {
      await load.stop().catch(() => undefined);
    }
  }, 240_000);
});

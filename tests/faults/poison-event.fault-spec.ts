import { setTimeout as sleep } from 'node:timers/promises';
import { BookingConfirmedV1 } from '@amtsweg/contracts';
import { toBusRecord } from '@amtsweg/eventing';
import { deleteKafkaPrefix, describeWithInfrastructure, waitFor } from '@amtsweg/eventing/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { bookingConfirmed, confirmedEnvelope } from '../../libs/eventing/src/testing/booking-events';
import { sample } from '../ops/log-capture';
import { APPOINTMENTS_MAIN, buildServices, MESSAGING_MAIN, ServiceChildProcess } from '../ops/service-child-process';
import { BookingLoad, describeTally, openSlots, waitForBookingEventsConsumed, waitForConfirmations } from '../support/booking-load';
import { BookingMailStage } from './booking-mail-stage';

const BOOKINGS_AFTER_POISON = 12;
const CLIENTS = 3;

/** A record read back from the dead-letter topic. */
interface DeadLetter {
  partition: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

describeWithInfrastructure('fault: poison events on the booking topic (built appointments and messaging, Kafka, PostgreSQL)', (infra) => {
  const stage = new BookingMailStage(infra, 'poison');
  const { topicPrefix, tag, appointmentsDb, messagingDb, dataDir } = stage;
  const kafka = new Kafka({ clientId: 'amtsweg-poison-test', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const services: ServiceChildProcess[] = [];
  let dlqReader: Consumer | undefined;

  beforeAll(async () => {
    buildServices();
    await stage.open();
  }, 180_000);

  afterAll(async () => {
    await dlqReader?.disconnect();
    // SIGTERM first: a killed consumer stays in its group until its session expires, and such a group cannot be deleted.
    await Promise.race([Promise.all(services.map((service) => service.terminate())), sleep(15_000, undefined, { ref: false })]);
    await Promise.all(services.map((service) => service.crash()));
    await stage.remove();
    await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
  }, 60_000);

  it('dead-letters an unreadable and an invalid record with why in the headers, while the bookings after them are mailed', async () => {
    const smtp = stage.sink;
    const common = {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      DATABASE_URL: infra.databaseUrl,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
    };
    const messaging = await ServiceChildProcess.start(MESSAGING_MAIN, {
      ...common,
      MESSAGING_DATABASE_URL: messagingDb.url,
      SMTP_URL: smtp.url,
    });
    services.push(messaging);
    const appointments = await ServiceChildProcess.start(APPOINTMENTS_MAIN, { ...common, APPOINTMENTS_DATABASE_URL: appointmentsDb.url });
    services.push(appointments);
    // Ready messaging has created its topics (and their .dlq) and joined its group.
    await Promise.all([messaging.ready(90_000), appointments.ready(90_000)]);

    const topic = topicPrefix + BookingConfirmedV1.topic;
    // ARCHITECTURE.md: a failed event goes to `<topic>.dlq`.
    const dlqTopic = `${topic}.dlq`;
    const admin = kafka.admin();
    await admin.connect();
    const partitions = await admin
      .fetchTopicMetadata({ topics: [topic] })
      .then(({ topics }) => topics[0].partitions.map((p) => p.partitionId))
      .finally(() => admin.disconnect());
    expect(partitions.length).toBeGreaterThan(0);

    // Two poisons ahead of every partition, so that each booking event after them waits behind one:
    // a value that is not JSON, and a valid envelope whose payload breaks the contract (and names
    // an address that must never get a mail).
    const poisonAddress = `poison-${tag}@example.org`;
    const poisons = partitions.flatMap((partition) => {
      const unreadable = toBusRecord(BookingConfirmedV1.topic, confirmedEnvelope(bookingConfirmed('POIS-0001', { email: poisonAddress })));
      const invalid = toBusRecord(
        BookingConfirmedV1.topic,
        confirmedEnvelope(bookingConfirmed('POIS-0002', { email: poisonAddress, officeId: 'not-a-uuid' })),
      );
      return [
        { partition, kind: 'unreadable', record: { ...unreadable, value: '{"bookingId": "cut off' } },
        { partition, kind: 'invalid', record: invalid },
      ];
    });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: poisons.map(({ partition, record }) => ({ partition, key: record.key, value: record.value, headers: record.headers })),
      });
    } finally {
      await producer.disconnect();
    }

    // Then booking as usual, through the real API: every booking event lands behind a poison.
    const load = BookingLoad.start({ baseUrl: appointments.baseUrl, slots: await openSlots(appointments.baseUrl), clients: CLIENTS, tag });
    try {
      await waitFor(
        'bookings after the poison',
        () => load.booked.length,
        (n) => n >= BOOKINGS_AFTER_POISON,
        { timeoutMs: 60_000 },
      );
    } finally {
      await load.stop();
    }
    expect(load.refused).toEqual([]);

    const deadLetters: DeadLetter[] = [];
    dlqReader = kafka.consumer({ groupId: `${topicPrefix}dlq-reader`, maxWaitTimeInMs: 500 });
    await dlqReader.connect();
    await dlqReader.subscribe({ topics: [dlqTopic], fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(Array.isArray(value) ? value[0] : value);
        deadLetters.push({ partition, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers });
      },
    });

    const tally = await waitForConfirmations(load.booked, smtp, messagingDb.url, 90_000);
    // Lag 0: messaging has committed past the poisons and every booking event — nothing is stuck behind them.
    const lag = await waitForBookingEventsConsumed(messaging.baseUrl, 60_000);
    await waitFor(
      'every poison on the dead-letter topic',
      () => deadLetters.length,
      (n) => n >= poisons.length,
      { timeoutMs: 30_000 },
    );
    const metrics = await (await fetch(`${messaging.baseUrl}/metrics`)).text();
    const deadLettered = sample(metrics, 'amtsweg_events_dead_lettered_total', { service: 'messaging', type: BookingConfirmedV1.type });

    console.log(
      `fault (d) poison events: ${poisons.length} poisons on ${partitions.length} partitions (${poisons.length / partitions.length} each: unreadable, invalid) → ` +
        `${deadLetters.length} records on ${BookingConfirmedV1.topic}.dlq, dead-lettered counter ${deadLettered}; ` +
        `${load.booked.length} bookings after them (${load.refused.length} refused); ${describeTally(tally)}; consumer lag ${lag}`,
    );

    // Each poison exactly once on <topic>.dlq, as it came (key, value, CloudEvents headers), with why, by whom and when.
    expect(deadLetters).toHaveLength(poisons.length);
    for (const { kind, record } of poisons) {
      const letters = deadLetters.filter((letter) => letter.headers.ce_id === record.headers.ce_id);
      expect(letters).toHaveLength(1);
      const [letter] = letters;
      expect({ key: letter.key, value: letter.value }).toEqual({ key: record.key, value: record.value });
      expect(letter.headers).toMatchObject({ ...record.headers, 'x-dlq-consumer': 'messaging', 'x-dlq-attempts': '0' });
      expect(letter.headers['x-dlq-error']).toContain(kind === 'unreadable' ? 'value is not JSON' : 'officeId must be a UUID');
      expect(Date.parse(letter.headers['x-dlq-failed-at'])).not.toBeNaN();
    }
    expect(deadLettered).toBe(poisons.length);

    // The bookings behind the poisons were all mailed, once each; the poison's address never.
    expect(tally.missing).toEqual([]);
    expect(tally.twice).toEqual([]);
    expect(tally.unexpected).toEqual([]);
    expect(tally.logMismatch).toEqual([]);
    expect(smtp.to(poisonAddress)).toEqual([]);
    expect(lag).toBe(0);
  }, 230_000);
});

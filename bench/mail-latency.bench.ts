/**
 * npm run bench:mail-latency — a booking's confirmation mail, end to end: the built all-in-one (what
 * `npm start` runs) on PostgreSQL and Kafka with SMTP_URL pointing at a real SMTP server in this
 * process (tests/support/smtp-sink.ts). Each booking is timed from its 201 to the end of the mail's
 * SMTP DATA at the server. First the peak booking rate of this process is measured (closed loop), then
 * each run books at half of it, open loop. Goal: p50 ≤ 20 ms, p99 ≤ 100 ms.
 * Baseline in the same run, at the same rate: bare kafkajs produce → consume, and on each record a
 * bare nodemailer send (configured as the service's SMTP transport) to the same server.
 * Where the time goes, per booking, from the databases' clocks (same host): relay round start
 * (appointments.outbox_event.published_at), inbox transaction start (messaging.outbound_mail.created_at),
 * dispatcher claim (sent_at), SMTP DATA end (the sink).
 * Needs KAFKA_BROKERS and DATABASE_URL (throwaway databases and a topic prefix, removed afterwards).
 */
import { Pool } from 'pg';
import { createTransport } from 'nodemailer';
import { DEFAULT_MAIL_DISPATCH_POLICY } from '../apps/messaging/src/mail/mail-dispatcher';
import { deleteKafkaPrefix, waitFor, type Infrastructure } from '../libs/eventing/src/testing';
import type { SmtpSink } from '../tests/support/smtp-sink';
import { createFixtures } from './booking.bench';
import { closedLoopBookings, SlotSupply } from './booking-load';
import { LoadClient } from './http-client';
import { benchTopicPrefix, handledLater, QUICK, requireInfrastructure } from './infrastructure';
import { RawKafkaPipe } from './raw-kafka';
import {
  allInOneMain,
  developmentEnv,
  infrastructureEnv,
  ServiceDatabases,
  startService,
  stopService,
  type StartedService,
} from './services';
import { formatSpread, percentile, round, spread, type Spread } from './stats';
import { smtpSinkSupport } from './test-support';

export interface MailLatencySettings {
  runs: number;
  /** Closed loop that finds the peak: clients and seconds. */
  peakConcurrency: number;
  peakSeconds: number;
  /** Each run's open loop at half the peak. */
  runSeconds: number;
  /** And at a light rate, below what one dispatcher's SMTP connections can take: the path's own latency. */
  lightRate: number;
  lightSeconds: number;
}

export const MAIL_LATENCY_DEFAULTS: MailLatencySettings = QUICK
  ? { runs: 3, peakConcurrency: 16, peakSeconds: 3, runSeconds: 3, lightRate: 4, lightSeconds: 3 }
  : // ~650 mails per half-peak run, so that its p99 is not just the second-worst mail (the pooled
    // transport keeps up with half of the peak, so nothing queues from one run into the next).
    { runs: 5, peakConcurrency: 16, peakSeconds: 4, runSeconds: 15, lightRate: 4, lightSeconds: 10 };

export const MAIL_GOAL = { p50Ms: 20, p99Ms: 100 };
const DELIVERY_TIMEOUT_MS = 120_000;

/** Per booking, ms from one point to the next (wall clock). */
const STAGES = ['relayPickup', 'toInbox', 'dispatcherPickup', 'smtp'] as const;
type Stage = (typeof STAGES)[number];

type StageFigures = Record<Stage, { p50Ms: number; p99Ms: number }>;

/** One rate: ours and the baseline per run, and the stages over all runs' bookings. */
export interface RateReport {
  ratePerSecond: number;
  service: { p50Ms: Spread; p99Ms: Spread; mails: Spread; failedBookings: Spread };
  baseline: { p50Ms: Spread; p99Ms: Spread };
  stages: StageFigures;
}

interface RunFigures {
  p50Ms: number;
  p99Ms: number;
  mails: number;
  failedBookings: number;
}

export interface MailLatencyReport {
  settings: MailLatencySettings & {
    relayPollMs: number;
    dispatcherPollMs: number;
    mailSenders?: number;
    kafkaFetchMaxWaitMs: number;
    smtpConnection: string;
  };
  peakBookingsPerSecond: number;
  halfPeak: RateReport;
  light: RateReport;
  goal: typeof MAIL_GOAL;
}

export async function runMailLatencyBench(settings: MailLatencySettings, infrastructure: Infrastructure): Promise<MailLatencyReport> {
  const databases = ServiceDatabases.create(infrastructure.databaseUrl);
  const topicPrefix = benchTopicPrefix('mail');
  const sink = await smtpSinkSupport().SmtpSink.start();
  let service: StartedService | undefined;
  let pool: Pool | undefined;
  let client: LoadClient | undefined;
  try {
    service = await startService(
      allInOneMain(),
      developmentEnv({ ...infrastructureEnv(infrastructure, databases, topicPrefix), SMTP_URL: sink.url }),
    );
    pool = new Pool({ connectionString: databases.byService.appointments.url, max: 2 });
    const messaging = new Pool({ connectionString: databases.byService.messaging.url, max: 2 });
    client = new LoadClient(new URL(service.process.baseUrl));
    const fixtures = await createFixtures(pool, 0);
    const supply = await SlotSupply.load(client, 'bench', fixtures.throughputOffice, fixtures.service, 60);
    // Warm-up: JIT, connections, the consumer group's first fetches; its mails must arrive before anything is timed.
    const baseUrl = service.process.baseUrl;
    const warmup = await openLoop(baseUrl, supply, sink, 'warmup', 10, 2);

    const peak = await closedLoopBookings(client, supply, 'peak', settings.peakSeconds, settings.peakConcurrency);
    const rate = peak.bookingsPerSecond / 2;
    console.log(
      `mail latency: peak ${round(peak.bookingsPerSecond)} bookings/s (${settings.peakConcurrency} clients, ${settings.peakSeconds} s), runs at ${round(rate)}/s`,
    );
    // The peak's mails drain before the first run: they would queue in front of it.
    await waitFor(
      'the peak load’s mails',
      () => sink.deliveries.length,
      (n) => n >= warmup.figures.mails + peak.created,
      { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 100 },
    );

    const pipe = await rawPipe(infrastructure, `${topicPrefix}raw`, sink);
    let report: MailLatencyReport;
    try {
      const atRate = async (label: string, ratePerSecond: number, seconds: number): Promise<RateReport> => {
        const ours: RunFigures[] = [];
        const raw: RunFigures[] = [];
        const stageSamples: Record<Stage, number[]> = { relayPickup: [], toInbox: [], dispatcherPickup: [], smtp: [] };
        for (let run = 1; run <= settings.runs; run++) {
          const timed = await openLoop(baseUrl, supply, sink, `${label}${run}`, ratePerSecond, seconds);
          ours.push(timed.figures);
          const stages = await stagesOf(pool!, messaging, timed.answered, sink);
          for (const stage of STAGES) stageSamples[stage].push(...stages[stage]);
          raw.push(await pipe.run(`raw-${label}${run}`, ratePerSecond, seconds));
          console.log(
            `mail ${label} run ${run} at ${round(ratePerSecond)}/s: 201 → SMTP p50 ${round(ours[run - 1].p50Ms)} ms, p99 ${round(ours[run - 1].p99Ms)} ms (${timed.figures.mails} mails); ` +
              `raw kafkajs + nodemailer p50 ${round(raw[run - 1].p50Ms)} ms, p99 ${round(raw[run - 1].p99Ms)} ms`,
          );
        }
        return {
          ratePerSecond,
          service: {
            p50Ms: spread(ours.map((r) => r.p50Ms)),
            p99Ms: spread(ours.map((r) => r.p99Ms)),
            mails: spread(ours.map((r) => r.mails)),
            failedBookings: spread(ours.map((r) => r.failedBookings)),
          },
          baseline: { p50Ms: spread(raw.map((r) => r.p50Ms)), p99Ms: spread(raw.map((r) => r.p99Ms)) },
          stages: Object.fromEntries(
            STAGES.map((stage) => {
              const sorted = [...stageSamples[stage]].sort((a, b) => a - b);
              return [stage, { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) }];
            }),
          ) as StageFigures,
        };
      };
      const halfPeak = await atRate('half', rate, settings.runSeconds);
      const light = await atRate('light', settings.lightRate, settings.lightSeconds);
      report = {
        settings: {
          ...settings,
          // Neither has an environment setting: the relay's default (OutboxRelay) and the dispatcher's policy.
          relayPollMs: 500,
          dispatcherPollMs: DEFAULT_MAIL_DISPATCH_POLICY.pollMs,
          mailSenders: DEFAULT_MAIL_DISPATCH_POLICY.senders,
          kafkaFetchMaxWaitMs: 1_000,
          smtpConnection: 'nodemailer, pooled: up to 1,000 mails per connection (SmtpMailTransport and the baseline alike)',
        },
        peakBookingsPerSecond: peak.bookingsPerSecond,
        halfPeak,
        light,
        goal: MAIL_GOAL,
      };
    } finally {
      await pipe.close();
      await messaging.end();
    }
    printMailLatency(report);
    return report;
  } finally {
    client?.close();
    await pool?.end();
    await stopService(service?.process);
    await sink.stop();
    await databases.drop();
    await deleteKafkaPrefix(infrastructure.kafkaBrokers, topicPrefix);
  }
}

interface Answered {
  reference: string;
  email: string;
  /** Date.now() when the 201 had been read. */
  at: number;
}

/** Books at `rate`/s for `seconds`, each with its own address; waits for every booked one's mail. */
async function openLoop(baseUrl: string, supply: SlotSupply, sink: SmtpSink, label: string, rate: number, seconds: number) {
  // Sockets of its own: one left idle by an earlier phase may be closed by the server just as it is reused.
  const client = new LoadClient(new URL(baseUrl));
  try {
    return await timedBookings(client, supply, sink, label, rate, seconds);
  } finally {
    client.close();
  }
}

async function timedBookings(client: LoadClient, supply: SlotSupply, sink: SmtpSink, label: string, rate: number, seconds: number) {
  const total = Math.max(1, Math.round(rate * seconds));
  const answered: Answered[] = [];
  let failedBookings = 0;
  const requests: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const email = `${label}-${i}@bench.example`;
    requests.push(
      supply.book(client, email).then(
        (response) => {
          if (response.status !== 201) return void failedBookings++;
          answered.push({ reference: (JSON.parse(response.body) as { reference: string }).reference, email, at: Date.now() });
        },
        // Counted, not fatal: a failed booking sends no mail and has no latency.
        () => void failedBookings++,
      ),
    );
  }
  await Promise.all(requests);
  const delivered = await deliveries(
    sink,
    answered.map((a) => a.email),
  );
  const latencies = answered.map((a) => delivered.get(a.email)! - a.at).sort((a, b) => a - b);
  return {
    answered,
    figures: { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), mails: latencies.length, failedBookings },
  };
}

/** When each address's first mail was accepted (Date.now()); waits until all have one. */
async function deliveries(sink: SmtpSink, emails: string[]): Promise<Map<string, number>> {
  const wanted = new Set(emails);
  const found = new Map<string, number>();
  let scanned = 0;
  await waitFor(
    `${emails.length} mails at the SMTP server`,
    () => {
      for (; scanned < sink.deliveries.length; scanned++) {
        const delivery = sink.deliveries[scanned];
        for (const recipient of delivery.recipients) if (wanted.has(recipient) && !found.has(recipient)) found.set(recipient, delivery.at);
      }
      return found.size;
    },
    (size) => size === wanted.size,
    { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 10 },
  );
  return found;
}

/** Per booking: 201 → relay round start → inbox transaction start → dispatcher claim → SMTP DATA end. */
async function stagesOf(appointments: Pool, messaging: Pool, answered: Answered[], sink: SmtpSink): Promise<Record<Stage, number[]>> {
  const published = await appointments.query<{ reference: string; id: string; published_at: Date }>(
    `SELECT b.reference, b.id, o.published_at FROM appointments.booking b
       JOIN appointments.outbox_event o ON o.key = b.id::text AND o.type = 'de.amtsweg.appointments.booking.confirmed.v2'
      WHERE b.reference = ANY($1)`,
    [answered.map((a) => a.reference)],
  );
  // The row is marked sent after the server's answer: a mail can be at the server before its mark.
  const mails = await waitFor(
    'the mails marked sent',
    () =>
      messaging.query<{ booking_id: string; created_at: Date; sent_at: Date | null }>(
        `SELECT booking_id, created_at, sent_at FROM messaging.outbound_mail WHERE booking_id = ANY($1::uuid[])`,
        [published.rows.map((row) => row.id)],
      ),
    (result) => result.rows.length === published.rows.length && result.rows.every((row) => row.sent_at !== null),
    { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 50 },
  );
  const byReference = new Map(published.rows.map((row) => [row.reference, row]));
  const mailByBooking = new Map(mails.rows.map((row) => [row.booking_id, row]));
  const delivered = await deliveries(
    sink,
    answered.map((a) => a.email),
  );
  const stages: Record<Stage, number[]> = { relayPickup: [], toInbox: [], dispatcherPickup: [], smtp: [] };
  for (const a of answered) {
    const outbox = byReference.get(a.reference);
    const mail = outbox && mailByBooking.get(outbox.id);
    if (!outbox || !mail) continue;
    stages.relayPickup.push(outbox.published_at.getTime() - a.at);
    stages.toInbox.push(mail.created_at.getTime() - outbox.published_at.getTime());
    stages.dispatcherPickup.push(mail.sent_at!.getTime() - mail.created_at.getTime());
    stages.smtp.push(delivered.get(a.email)! - mail.sent_at!.getTime());
  }
  return stages;
}

/** The baseline: each record consumed is mailed by a bare nodemailer transport to the same SMTP server. */
async function rawPipe(infrastructure: Infrastructure, topic: string, sink: SmtpSink) {
  // As SmtpMailTransport builds its transporter: pooled, the same timeouts.
  const transporter = createTransport({
    url: sink.url,
    pool: true,
    maxMessages: 1_000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const text = 'Guten Tag,\n\nIhr Termin ist gebucht.\n'.repeat(20);
  const pipe = await RawKafkaPipe.open(infrastructure.kafkaBrokers, topic, async ({ key }) => {
    await transporter.sendMail({ from: 'bench <no-reply@bench.example>', to: key, subject: 'Terminbestätigung', text });
  });
  return {
    async run(label: string, rate: number, seconds: number): Promise<RunFigures> {
      const total = Math.max(1, Math.round(rate * seconds));
      const sentAt = new Map<string, number>();
      const sends: Array<Promise<void>> = [];
      const started = performance.now();
      for (let i = 0; i < total; i++) {
        const wait = started + (i * 1000) / rate - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        const email = `${label}-${i}@bench.example`;
        sentAt.set(email, Date.now());
        sends.push(handledLater(pipe.send([{ key: email, value: Buffer.from(email) }])));
      }
      await Promise.all(sends);
      const delivered = await deliveries(sink, [...sentAt.keys()]);
      const latencies = [...sentAt].map(([email, at]) => delivered.get(email)! - at).sort((a, b) => a - b);
      return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), mails: latencies.length, failedBookings: 0 };
    },
    async close(): Promise<void> {
      await pipe.close();
      transporter.close();
    },
  };
}

function printMailLatency(report: MailLatencyReport): void {
  const { goal } = report;
  console.log(
    `\nbooking → mail at the SMTP server, peak ${round(report.peakBookingsPerSecond)} bookings/s, ${report.settings.runs} runs per rate`,
  );
  for (const [name, { ratePerSecond, service, baseline, stages }] of [
    ['half of the peak', report.halfPeak],
    ['light', report.light],
  ] as const) {
    console.log(`  ${name}, ${round(ratePerSecond)} bookings/s`);
    console.log(`    201 → SMTP DATA end        p50 ${formatSpread(service.p50Ms, 'ms')}  (goal ≤ ${goal.p50Ms} ms)`);
    console.log(`                               p99 ${formatSpread(service.p99Ms, 'ms')}  (goal ≤ ${goal.p99Ms} ms)`);
    console.log(`    raw kafkajs + nodemailer   p50 ${formatSpread(baseline.p50Ms, 'ms')}, p99 ${formatSpread(baseline.p99Ms, 'ms')}`);
    for (const stage of STAGES)
      console.log(`    stage ${stage.padEnd(18)} p50 ${round(stages[stage].p50Ms)} ms, p99 ${round(stages[stage].p99Ms)} ms`);
  }
  console.log('');
}

if (require.main === module) {
  runMailLatencyBench(MAIL_LATENCY_DEFAULTS, requireInfrastructure('npm run bench:mail-latency')).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

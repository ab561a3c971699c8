import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { deleteKafkaPrefix, describeWithInfrastructure, randomTopicPrefix, waitFor } from '@amtsweg/eventing/testing';
import { sample } from '../ops/log-capture';
import { ALL_IN_ONE_MAIN, buildServices, ServiceChildProcess } from '../ops/service-child-process';
import {
  describeTally,
  openSlots,
  query,
  waitForBookingEventsConsumed,
  waitForConfirmations,
  type Booked,
  type Slot,
} from '../support/booking-load';
import { DEFAULT_MAIL_DISPATCH_POLICY } from '../../apps/messaging/src/mail/mail-dispatcher';
import { PrivatePostgres } from '../support/private-postgres';
import { SmtpSink } from '../support/smtp-sink';

const CLIENTS = 6;
const BOOKINGS_BEFORE_OUTAGE = 15;
const OUTAGE_MS = 5_000;
const BOOKINGS_AFTER_RECOVERY = 10;
/** No answer within this is a hang: while the database is away the caller must hear "try again" quickly. */
const REQUEST_BOUND_MS = 10_000;
/** After a refusal a client pauses briefly, so that the outage is sampled rather than flooded. */
const PAUSE_AFTER_REFUSAL_MS = 150;
const READINESS_POLL_MS = 200;
const RECOVERY_LIMIT_MS = 60_000;

/** One booking request and what came back; `status` names the failure when no HTTP answer came. */
interface Answer {
  at: number;
  email: string;
  status: number | 'hang' | 'network';
  contentType: string | null;
  retryAfter: string | null;
  reference?: string;
}

describeWithInfrastructure('fault: PostgreSQL restarted under booking load (built all-in-one, a PostgreSQL of its own, Kafka)', (infra) => {
  const topicPrefix = randomTopicPrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-pg-restart-'));
  let postgres: PrivatePostgres | undefined;
  let sink: SmtpSink | undefined;
  let service: ServiceChildProcess | undefined;

  beforeAll(async () => {
    buildServices();
    // Stopped and started by this test: never the shared server on 5432 that the other suites use.
    postgres = await PrivatePostgres.create();
    sink = await SmtpSink.start();
  }, 180_000);

  afterAll(async () => {
    // SIGTERM first: a killed consumer stays in its group until its session expires, and such a group cannot be deleted.
    if (service) await Promise.race([service.terminate(), sleep(15_000, undefined, { ref: false })]);
    await service?.crash();
    await sink?.stop();
    postgres?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    await deleteKafkaPrefix(infra.kafkaBrokers, topicPrefix);
  }, 60_000);

  it('turns unready and back by itself, answers 503 problem+json while down (never 500, never a hang), commits every 201 and mails it once', async () => {
    const server = postgres!;
    const smtp = sink!;
    const appointmentsUrl = server.url('amtsweg_appointments');
    const messagingUrl = server.url('amtsweg_messaging');
    service = await ServiceChildProcess.start(ALL_IN_ONE_MAIN, {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      // Appointments and messaging create and migrate their databases on the private server at start.
      DATABASE_URL: server.url(),
      APPOINTMENTS_DATABASE_URL: appointmentsUrl,
      MESSAGING_DATABASE_URL: messagingUrl,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      SMTP_URL: smtp.url,
      // Only the services this test books through run in the process; the others are "elsewhere".
      SIGNATURES_URL: 'http://127.0.0.1:9',
      DEVICES_URL: 'http://127.0.0.1:9',
    });
    const baseUrl = service.baseUrl;
    await service.ready(90_000);
    const startedAt = await processStartTime(baseUrl);
    expect(startedAt).toBeGreaterThan(0);
    const slots = await openSlots(baseUrl);

    const readiness = watchReadiness(baseUrl);
    const load = bookingLoad(baseUrl, slots, topicPrefix.slice(5, 13));
    let stoppedAt = 0;
    let restartedAt = 0;
    let readyAgainAt = 0;
    try {
      await waitFor(
        'bookings before the outage',
        () => load.booked().length,
        (n) => n >= BOOKINGS_BEFORE_OUTAGE,
        { timeoutMs: 60_000 },
      );
      stoppedAt = Date.now();
      server.stop('immediate');
      // The outage lasts a fixed time under load; what it must have caused is asserted below.
      await sleep(OUTAGE_MS);
      server.start();
      restartedAt = Date.now();
      const readyAgain = await waitFor(
        'ready again after PostgreSQL is back, without a restart',
        () => readiness.transitions.find((t) => t.status === 200 && t.at > stoppedAt),
        (t) => t !== undefined,
        { timeoutMs: RECOVERY_LIMIT_MS, intervalMs: 100 },
      );
      readyAgainAt = readyAgain!.at;
      await waitFor(
        'bookings answered 201 after the recovery',
        () => load.booked().filter((b) => b.at > readyAgainAt).length,
        (n) => n >= BOOKINGS_AFTER_RECOVERY,
        { timeoutMs: 60_000 },
      );
    } finally {
      await load.stop();
      await readiness.stop();
    }

    const booked = load.booked();
    const refused = load.answers.filter((answer) => answer.status !== 201);
    const byStatus = countBy(refused.map((answer) => String(answer.status)));
    const sameProcess = (await processStartTime(baseUrl)) === startedAt;
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `fault (c) PostgreSQL stop -m immediate under load: ${load.answers.length} booking requests from ${CLIENTS} clients — ` +
        `${booked.length} answered 201, ${byStatus['503'] ?? 0} answered 503, ${refused.length - (byStatus['503'] ?? 0)} other ` +
        `(${JSON.stringify(byStatus)}); readiness ${readiness.transitions.map((t) => `${t.status} at ${seconds(t.at - stoppedAt)} s`).join(' → ')} ` +
        `(from the stop); PostgreSQL down ${seconds(restartedAt - stoppedAt)} s, ready again ${seconds(readyAgainAt - restartedAt)} s ` +
        `after its start, ${sameProcess ? 'same process' : 'A DIFFERENT PROCESS'}`,
    );

    // The same process recovered (nothing here restarts it; its start time proves it).
    expect(sameProcess).toBe(true);
    expect(readiness.transitions.find((t) => t.status !== 200 && t.at >= stoppedAt)).toBeDefined();
    expect(readiness.transitions.filter((t) => t.at >= readyAgainAt).map((t) => t.status)).toEqual([200]);

    // Refused only with 503 problem+json and Retry-After: no 500, no other status, no hang, no cut connection.
    expect(byStatus).toEqual({ '503': expect.any(Number) });
    expect(refused.filter((answer) => !answer.contentType?.startsWith('application/problem+json') || !answer.retryAfter)).toEqual([]);

    // Every booking answered 201 was committed.
    const references = booked.map((b) => b.reference);
    const stored = await query<{ reference: string }>(
      appointmentsUrl,
      'SELECT reference FROM appointments.booking WHERE reference = ANY($1)',
      [references],
    );
    const storedReferences = new Set(stored.map((row) => row.reference));
    expect(references.filter((reference) => !storedReferences.has(reference))).toEqual([]);

    // Every 201 mailed once: one 'sent' row in messaging's mail log, one distinct Message-ID at the SMTP server.
    await waitForConfirmations(booked, smtp, messagingUrl, 90_000);
    await waitForBookingEventsConsumed(baseUrl, 60_000);
    const tally = await waitForConfirmations(booked, smtp, messagingUrl, 10_000);
    console.log(
      `fault (c) mails: ${describeTally(tally)}` +
        // describeTally names a process crash; here the database went away between the SMTP server's acceptance and the mark.
        (tally.resent.length > 0 ? ' (here PostgreSQL, not the process, stopped between the acceptance and the mark)' : ''),
    );
    expect(tally.missing).toEqual([]);
    expect(tally.twice).toEqual([]);
    expect(tally.unexpected).toEqual([]);
    expect(tally.logMismatch).toEqual([]);
    // A resend keeps its Message-ID (the mail row's id): possible only for a mail one of the dispatcher's
    // senders had handed to the SMTP server and not yet marked sent when PostgreSQL went away — one stop,
    // at most one per sender.
    expect(tally.resent.length).toBeLessThanOrEqual(DEFAULT_MAIL_DISPATCH_POLICY.senders);
  }, 230_000);
});

/**
 * CLIENTS clients booking one request after the other until stopped, each request a slot of its own
 * and a fresh address, every answer recorded with its content type and Retry-After. (The shared
 * BookingLoad keeps only the status and waits on a request without bound; this scenario asserts the
 * shape of each refusal and that none hangs.)
 */
function bookingLoad(baseUrl: string, slots: Slot[], tag: string) {
  const answers: Answer[] = [];
  let next = 0;
  let stopped = false;
  const client = async (): Promise<void> => {
    while (!stopped && next < slots.length) {
      const n = next++;
      const answer = await book(baseUrl, slots[n], `pg-restart-${n}-${tag}@example.org`);
      answers.push(answer);
      if (answer.status !== 201) await sleep(PAUSE_AFTER_REFUSAL_MS);
    }
  };
  const running = Promise.all(Array.from({ length: CLIENTS }, client));
  return {
    answers,
    booked: (): Booked[] =>
      answers.flatMap(({ status, email, reference, at }) => (status === 201 && reference ? [{ email, reference, at }] : [])),
    async stop(): Promise<void> {
      stopped = true;
      await running;
      // Running out would turn the rest into 409s and end the load early: the scenario needs more slots.
      if (next >= slots.length) throw new Error(`the load used up all ${slots.length} open slots`);
    },
  };
}

async function book(baseUrl: string, slot: Slot, email: string): Promise<Answer> {
  const at = () => Date.now();
  try {
    const response = await fetch(`${baseUrl}/api/v1/tenants/demo/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...slot, citizen: { name: 'Outage Test', email } }),
      signal: AbortSignal.timeout(REQUEST_BOUND_MS),
    });
    // A refusal that is not JSON (an HTML error page, an empty body) is recorded by its content type, not thrown.
    const body = (await response.json().catch(() => ({}))) as { reference?: string; status?: string };
    if (response.status === 201 && body.status !== 'confirmed') throw new Error(`201 without a confirmed booking: ${JSON.stringify(body)}`);
    return {
      at: at(),
      email,
      status: response.status,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      reference: body.reference,
    };
  } catch (error) {
    if (!(error instanceof Error) || !['TimeoutError', 'AbortError', 'TypeError'].includes(error.name)) throw error;
    // fetch fails with a TypeError on a refused or cut connection, with a TimeoutError past the bound.
    return { at: at(), email, status: error.name === 'TypeError' ? 'network' : 'hang', contentType: null, retryAfter: null };
  }
}

/** Polls /health/ready and keeps each change of its status, with when it was first seen. */
function watchReadiness(baseUrl: string) {
  const transitions: Array<{ at: number; status: number | 'hang' | 'network' }> = [];
  let stopped = false;
  const poll = async (): Promise<void> => {
    while (!stopped) {
      const status = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) }).then(
        (response) => response.status,
        (error: Error) => (error.name === 'TimeoutError' ? ('hang' as const) : ('network' as const)),
      );
      if (transitions.at(-1)?.status !== status) transitions.push({ at: Date.now(), status });
      await sleep(READINESS_POLL_MS);
    }
  };
  const running = poll();
  return {
    transitions,
    async stop(): Promise<void> {
      stopped = true;
      await running;
    },
  };
}

/** prom-client's process_start_time_seconds: a different value would mean a different process. */
async function processStartTime(baseUrl: string): Promise<number | undefined> {
  return sample(await (await fetch(`${baseUrl}/metrics`)).text(), 'process_start_time_seconds', {});
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

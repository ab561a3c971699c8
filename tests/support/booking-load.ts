import { BookingConfirmedV2, type SealedForMessaging } from '@amtsweg/contracts';
import { DEVELOPMENT_SEAL_KEY, MessagingSeal } from '@amtsweg/platform';
import { waitFor } from '@amtsweg/eventing/testing';
import { Client } from 'pg';
import { sample } from '../ops/log-capture';
import type { SinkDelivery, SmtpSink } from './smtp-sink';

/** A booking request's body without the citizen: one place of one open slot. */
export interface Slot {
  officeId: string;
  serviceId: string;
  start: string;
}

/** A booking answered 201 (confirmed). */
export interface Booked {
  email: string;
  reference: string;
  /** Date.now() when the answer came. */
  at: number;
}

/** A request answered with anything but 201. */
export interface Refused {
  email: string;
  status: number;
}

/** A request that got no HTTP answer (connection refused, reset, …). */
export interface Unanswered {
  email: string;
  /** The network error's code, e.g. ECONNREFUSED; 'network' when there was none. */
  code: string;
}

/** Subject of messaging's booking confirmation: "Terminbestätigung <reference> – <service>". */
const CONFIRMATION_SUBJECT = 'Terminbestätigung';

export function bookOne(baseUrl: string, slot: Slot, email: string, traceparent?: string): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/tenants/demo/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(traceparent ? { traceparent } : {}) },
    body: JSON.stringify({ ...slot, citizen: { name: 'Last Minute', email } }),
  });
}

/** Every open slot of the first demo office and service over the next two weeks, as booking bodies. */
export async function openSlots(baseUrl: string): Promise<Slot[]> {
  const get = async <T>(path: string) => (await (await fetch(`${baseUrl}/api/v1/tenants/demo/${path}`)).json()) as T;
  const [office] = await get<Array<{ id: string }>>('offices');
  const [service] = await get<Array<{ id: string }>>('services');
  const slots = await get<Array<{ start: string; remaining: number }>>(`slots?officeId=${office.id}&serviceId=${service.id}`);
  return slots.flatMap((slot) =>
    Array.from({ length: slot.remaining }, () => ({ officeId: office.id, serviceId: service.id, start: slot.start })),
  );
}

export interface BookingLoadOptions {
  baseUrl: string;
  slots: Slot[];
  /** Concurrent clients, each booking one request after the other. */
  clients: number;
  /** Part of every e-mail address, so that this load's citizens are told apart from others. */
  tag: string;
  /** Each client waits this long after each answer (default 0): holds the load to a rate whose mails drain in bounded time. */
  pauseMs?: number;
  /**
   * A request without an HTTP answer: 'end-client' records it and ends that client, 'fail' (the
   * default) ends the whole load with the error — where every request must be answered.
   */
  onUnanswered?: (error: unknown) => 'end-client' | 'fail';
}

/**
 * Clients booking concurrently until `stop()` (or until each has ended, see `onUnanswered`),
 * recording every answer. Request n books slot n mod slots, so once all slots are taken the
 * answers turn to refusals (409).
 */
export class BookingLoad {
  readonly booked: Booked[] = [];
  readonly refused: Refused[] = [];
  readonly unanswered: Unanswered[] = [];
  private attempts = 0;
  private stopping = false;
  private readonly clients: Promise<void>;

  private constructor(private readonly options: BookingLoadOptions) {
    // A failing client stops the others, so `finished()` settles soon after a failure.
    this.clients = Promise.all(Array.from({ length: options.clients }, () => this.client())).then(
      () => undefined,
      (error: unknown) => {
        this.stopping = true;
        throw error;
      },
    );
    // Observed here; the caller sees the rejection through finished() or stop().
    this.clients.catch(() => undefined);
  }

  static start(options: BookingLoadOptions): BookingLoad {
    return new BookingLoad(options);
  }

  /** Requests sent so far, answered or not. */
  get sent(): number {
    return this.attempts;
  }

  /** Answers 500 and above: never acceptable under a fault, which must turn into a retry or a refusal. */
  get serverErrors(): Refused[] {
    return this.refused.filter((refusal) => refusal.status >= 500);
  }

  /** Lets each client finish the request in flight, then resolves (rejects if a client failed). */
  stop(): Promise<void> {
    this.stopping = true;
    return this.clients;
  }

  /** Resolves when every client has ended by itself (see `onUnanswered`). */
  finished(): Promise<void> {
    return this.clients;
  }

  private async client(): Promise<void> {
    const { baseUrl, slots, tag, pauseMs = 0, onUnanswered = () => 'fail' } = this.options;
    while (!this.stopping) {
      const n = this.attempts++;
      const email = `load-${n}-${tag}@example.org`;
      let response: Response;
      let body: { reference?: string; status?: string };
      try {
        response = await bookOne(baseUrl, slots[n % slots.length], email);
        body = (await response.json()) as typeof body;
      } catch (error) {
        if (onUnanswered(error) === 'fail') throw error;
        this.unanswered.push({ email, code: (error as { cause?: { code?: string } }).cause?.code ?? 'network' });
        return;
      }
      if (response.status !== 201) this.refused.push({ email, status: response.status });
      else if (body.status !== 'confirmed' || !body.reference) throw new Error(`201 without a confirmed booking: ${JSON.stringify(body)}`);
      else this.booked.push({ email, reference: body.reference, at: Date.now() });
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

/** One row of messaging's mail log (messaging.outbound_mail) that confirms a booking. */
export interface ConfirmationMailRow {
  id: string;
  recipient: string;
  status: string;
}

/** Confirmation rows in messaging's mail log for these recipients, whatever their status. */
export function confirmationMailLog(messagingDatabaseUrl: string, recipients: string[]): Promise<ConfirmationMailRow[]> {
  return query<ConfirmationMailRow>(
    messagingDatabaseUrl,
    `SELECT id, recipient, status FROM messaging.outbound_mail WHERE recipient = ANY($1) AND subject LIKE $2 ORDER BY created_at, id`,
    [recipients, `${CONFIRMATION_SUBJECT} %`],
  );
}

/** Confirmation mails messaging recorded as sent, per recipient among the booked ones. */
export async function confirmationMails(messagingDatabaseUrl: string, booked: Booked[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await confirmationMailLog(
    messagingDatabaseUrl,
    booked.map((b) => b.email),
  ))
    if (row.status === 'sent') counts.set(row.recipient, (counts.get(row.recipient) ?? 0) + 1);
  return counts;
}

/**
 * Every BookingConfirmedV2 in appointments' outbox, its address opened as messaging opens it (the
 * processes under test run with the development seal key), and whether the relay has published it.
 */
export async function confirmedEvents(
  appointmentsDatabaseUrl: string,
): Promise<Array<{ reference: string; email: string; published: boolean }>> {
  const seal = new MessagingSeal([DEVELOPMENT_SEAL_KEY]);
  const rows = await query<{ reference: string; tenant: string; subject: string; contact: SealedForMessaging; published: boolean }>(
    appointmentsDatabaseUrl,
    `SELECT envelope->'data'->>'reference' AS reference, envelope->>'tenantid' AS tenant, envelope->>'subject' AS subject,
            envelope->'data'->'contact' AS contact, published_at IS NOT NULL AS published
       FROM appointments.outbox_event WHERE type = $1`,
    [BookingConfirmedV2.type],
  );
  return rows.map(({ reference, tenant, subject, contact, published }) => ({
    reference,
    email: (seal.open(contact, { tenant, subject }) as { email: string }).email,
    published,
  }));
}

/** Whether an SMTP delivery is a booking confirmation (by its subject). */
export function isConfirmation(delivery: SinkDelivery): boolean {
  return delivery.subject.startsWith(`${CONFIRMATION_SUBJECT} `);
}

/**
 * Confirmations counted against the bookings answered 201, from both ends: the SMTP server's
 * deliveries and messaging's mail log. Every list is empty when each booking got exactly one mail.
 */
export interface ConfirmationTally {
  bookings: number;
  /** Confirmation messages accepted by the SMTP server, repeats included. */
  rawDeliveries: number;
  /** Distinct Message-IDs among them. */
  distinctMails: number;
  /** Bookings without a confirmation at the SMTP server yet. */
  missing: string[];
  /** Bookings with more than one distinct confirmation Message-ID: a second mail, a defect. */
  twice: string[];
  /** Message-IDs the server accepted more than once: a resend of the same mail row (see MailDispatcher). */
  resent: string[];
  /** Confirmations to an address that was not answered 201. */
  unexpected: string[];
  /** Bookings whose mail-log rows are not exactly one 'sent' row whose id is the delivered Message-ID. */
  logMismatch: string[];
  /** Confirmation rows of these bookings still waiting in the mail log (not yet sent, nor failed). */
  pendingRows: number;
}

export function tallyConfirmations(booked: Booked[], deliveries: SinkDelivery[], log: ConfirmationMailRow[]): ConfirmationTally {
  const confirmations = deliveries.filter(isConfirmation);
  const bookedEmails = new Set(booked.map((b) => b.email));
  const perMessageId = new Map<string, number>();
  for (const { messageId } of confirmations) perMessageId.set(messageId, (perMessageId.get(messageId) ?? 0) + 1);
  const missing: string[] = [];
  const twice: string[] = [];
  const logMismatch: string[] = [];
  for (const { email } of booked) {
    const ids = new Set(confirmations.filter((d) => d.recipients.includes(email)).map((d) => d.messageId));
    if (ids.size === 0) missing.push(email);
    if (ids.size > 1) twice.push(email);
    const rows = log.filter((row) => row.recipient === email);
    const matches = rows.length === 1 && rows[0].status === 'sent' && ids.size === 1 && ids.has(`<${rows[0].id}@amtsweg>`);
    if (!matches) logMismatch.push(email);
  }
  return {
    bookings: booked.length,
    rawDeliveries: confirmations.length,
    distinctMails: perMessageId.size,
    missing,
    twice,
    resent: [...perMessageId].filter(([, count]) => count > 1).map(([id]) => id),
    unexpected: confirmations.filter((d) => !d.recipients.some((r) => bookedEmails.has(r))).map((d) => d.messageId),
    logMismatch,
    pendingRows: log.filter((row) => row.status === 'pending').length,
  };
}

/**
 * Polls until every booking has a confirmation at the SMTP server and no confirmation row of theirs
 * is left pending in the mail log; returns the tally then (its lists tell whether each got exactly one).
 */
export function waitForConfirmations(
  booked: Booked[],
  sink: SmtpSink,
  messagingDatabaseUrl: string,
  timeoutMs: number,
): Promise<ConfirmationTally> {
  return waitFor(
    'a confirmation mail for every booking answered 201, none pending',
    async () =>
      tallyConfirmations(
        booked,
        sink.deliveries,
        await confirmationMailLog(
          messagingDatabaseUrl,
          booked.map((b) => b.email),
        ),
      ),
    (tally) => tally.missing.length === 0 && tally.pendingRows === 0,
    { timeoutMs, intervalMs: 500 },
  );
}

/**
 * Polls the /metrics of the process running messaging until its consumer group has committed past
 * every booking event: after that, no event is left that could still cause a mail.
 */
export function waitForBookingEventsConsumed(messagingBaseUrl: string, timeoutMs: number): Promise<number | undefined> {
  return waitFor(
    "messaging's lag on the booking topic to reach 0",
    async () =>
      sample(await (await fetch(`${messagingBaseUrl}/metrics`)).text(), 'amtsweg_consumer_lag_records', {
        group: 'messaging',
        topic: BookingConfirmedV2.topic,
      }),
    (records) => records === 0,
    { timeoutMs, intervalMs: 500 },
  );
}

/** One line for a scenario's output; a resend is explained, not hidden. */
export function describeTally(tally: ConfirmationTally): string {
  const resent =
    tally.resent.length === 0
      ? 'no raw duplicate'
      : `${tally.resent.length} raw duplicate(s) with the same Message-ID — the dispatcher's documented window: ` +
        "the SMTP server accepted the mail but the row's mark 'sent' never committed (the sender died, or lost its database, in between), " +
        'so the same row was sent again: one mail, delivered twice';
  return (
    `${tally.bookings} bookings 201; ${tally.distinctMails} distinct confirmation mails, ${tally.rawDeliveries} raw SMTP deliveries (${resent}); ` +
    `missing ${tally.missing.length}, twice ${tally.twice.length}, unexpected ${tally.unexpected.length}, mail-log mismatches ${tally.logMismatch.length}`
  );
}

export async function query<T>(databaseUrl: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

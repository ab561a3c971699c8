import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomTopicPrefix, TestDatabase, type Infrastructure } from '@amtsweg/eventing/testing';
import {
  BookingLoad,
  confirmedEvents,
  waitForBookingEventsConsumed,
  waitForConfirmations,
  type ConfirmationTally,
} from '../support/booking-load';
import { SmtpSink } from '../support/smtp-sink';

/**
 * What a fault run from booking to mail stands on: topics under a prefix of its own, a database
 * each for appointments and messaging on the shared server, a data folder and an SMTP sink that
 * takes the mails. `open()` starts the sink; `remove()` takes the databases, folder and sink away
 * (the topics are the test's to delete: a broker of its own is wiped instead).
 */
export class BookingMailStage {
  readonly topicPrefix = randomTopicPrefix();
  readonly appointmentsDb: TestDatabase;
  readonly messagingDb: TestDatabase;
  readonly dataDir: string;
  private openedSink: SmtpSink | undefined;

  constructor(infra: Infrastructure, name: string) {
    this.appointmentsDb = TestDatabase.named(infra.databaseUrl);
    this.messagingDb = TestDatabase.named(infra.databaseUrl);
    this.dataDir = mkdtempSync(join(tmpdir(), `amtsweg-${name}-`));
  }

  async open(): Promise<void> {
    this.openedSink = await SmtpSink.start();
  }

  get sink(): SmtpSink {
    if (!this.openedSink) throw new Error('the stage is not open');
    return this.openedSink;
  }

  /** Distinguishes this run's bookings from others' on the same server. */
  get tag(): string {
    return this.topicPrefix.slice(5, 13);
  }

  async remove(): Promise<void> {
    await this.openedSink?.stop();
    await this.appointmentsDb.drop();
    await this.messagingDb.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Waits (at most `limitMs`) until every booking answered 201 has its confirmation, then until
   * messaging has consumed what is left on the topic, so that the tally it answers is final.
   */
  async drain(load: BookingLoad, messagingBaseUrl: string, limitMs: number): Promise<{ tally: ConfirmationTally; drainMs: number }> {
    const started = Date.now();
    await waitForConfirmations(load.booked, this.sink, this.messagingDb.url, limitMs);
    const drainMs = Date.now() - started;
    await waitForBookingEventsConsumed(messagingBaseUrl, 60_000);
    return { tally: await waitForConfirmations(load.booked, this.sink, this.messagingDb.url, 10_000), drainMs };
  }

  /** Every request was answered without a server error, and every 201 was mailed once and published once. */
  async expectEveryBookingMailedOnce(load: BookingLoad, tally: ConfirmationTally): Promise<void> {
    expect(load.serverErrors).toEqual([]);
    expect(load.unanswered).toEqual([]);
    expect(tally.missing).toEqual([]);
    expect(tally.twice).toEqual([]);
    expect(tally.unexpected).toEqual([]);
    expect(tally.logMismatch).toEqual([]);
    const events = await confirmedEvents(this.appointmentsDb.url);
    for (const { reference, email } of load.booked)
      expect(events.filter((event) => event.reference === reference)).toEqual([{ reference, email, published: true }]);
  }
}

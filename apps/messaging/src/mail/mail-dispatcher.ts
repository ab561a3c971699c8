import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { dataSourceToken, Metrics, RoundScheduler } from '@amtsweg/platform';
import type { MailAttachment } from './mail';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport';
import { mailAdded } from './outbound-mail-log';

export interface MailDispatchPolicy {
  /** Fallback poll; also the clock that picks up retries whose backoff has passed. */
  pollMs: number;
  /** Rows read per pass on the embedded database. */
  batchSize: number;
  /**
   * Mails sent at the same time on a PostgreSQL server, each in its own transaction on a row of its
   * own (`SKIP LOCKED`) and its own pooled SMTP connection: a burst of mails is not sent one behind
   * the other. The embedded database has one session, so one sender there.
   */
  senders: number;
  /** After this many failed sends a mail is `failed` and left alone. */
  maxAttempts: number;
  /** Wait after the n-th failure: base · 2^(n-1), at most max. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const MAIL_DISPATCH_POLICY = Symbol('MAIL_DISPATCH_POLICY');

export const DEFAULT_MAIL_DISPATCH_POLICY: MailDispatchPolicy = {
  pollMs: 250,
  batchSize: 20,
  senders: 4,
  maxAttempts: 10,
  backoffBaseMs: 2_000,
  backoffMaxMs: 10 * 60_000,
};

/**
 * How rows are claimed. `skip-locked` (a PostgreSQL server, maybe several instances): each mail is
 * sent inside its own transaction that holds the row `FOR UPDATE SKIP LOCKED`, so no other instance
 * can send it meanwhile and a crash hands it back. `single-session` (the embedded PGlite, one session
 * for the whole process): holding a transaction while talking SMTP would stall every service, so
 * the dispatcher is the only sender by its in-process mutex and uses plain statements.
 */
export type ClaimMode = 'skip-locked' | 'single-session';

interface DueMailRow {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  attachments: MailAttachment[] | string;
  attempts: number;
}

const SELECT_DUE = `
  SELECT id, recipient, subject, text, attachments, attempts
    FROM messaging.outbound_mail
   WHERE status = 'pending' AND next_attempt_at <= now()
   ORDER BY created_at, id`;

/**
 * Sends what the outbound mail log holds, then marks it sent — at least once, and once unless the
 * process dies between the server's acceptance and the mark (the Message-ID is the row id, so such a
 * rare resend is recognisable). Woken on the commit of a transaction that added a mail; polls as a
 * fallback; retries failed sends with backoff, a bounded number of times.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailDispatcher');
  private readonly policy: MailDispatchPolicy;
  private readonly claimMode: ClaimMode;
  /** The in-process mutex: one pass at a time; a wake during a pass asks for one more. */
  private readonly passes: RoundScheduler;

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Optional() @Inject(MAIL_DISPATCH_POLICY) policy?: Partial<MailDispatchPolicy>,
    @Optional() metrics?: Metrics,
  ) {
    this.policy = { ...DEFAULT_MAIL_DISPATCH_POLICY, ...policy };
    // The platform gives the embedded DataSource its own driver (the PGlite lease pool); a server has none.
    this.claimMode = (dataSource.options as { driver?: unknown }).driver ? 'single-session' : 'skip-locked';
    this.passes = new RoundScheduler(
      {
        name: 'mail-dispatch',
        logger: this.logger,
        intervalMs: this.policy.pollMs,
        // Mails an earlier process left pending go first.
        firstRoundAfterMs: 0,
        wakeOnCommit: { dataSource, signal: mailAdded },
        metrics: metrics?.rounds,
      },
      (closing) => this.pass(closing),
    );
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.passes.start();
  }

  /** Stops polling and waits for the mail being sent, if any; what is left stays pending. */
  async stop(): Promise<void> {
    if (!this.passes.started) return;
    await this.passes.close();
    await this.transport.close?.();
  }

  private async pass(closing: AbortSignal): Promise<void> {
    if (this.claimMode === 'single-session') return this.passSingleSession(closing);
    // Every sender has ended when the pass does, so no straggler outlives a failed pass or `stop()`.
    const senders = await Promise.allSettled(Array.from({ length: this.policy.senders }, () => this.passSkipLocked(closing)));
    const failed = senders.find((sender) => sender.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async passSingleSession(closing: AbortSignal): Promise<void> {
    for (;;) {
      const rows: DueMailRow[] = await this.dataSource.query(`${SELECT_DUE} LIMIT $1`, [this.policy.batchSize]);
      for (const row of rows) {
        if (closing.aborted) return;
        await this.deliver(row, this.dataSource.manager);
      }
      if (rows.length < this.policy.batchSize) return;
    }
  }

  private async passSkipLocked(closing: AbortSignal): Promise<void> {
    while (!closing.aborted) {
      const found = await this.dataSource.transaction(async (manager) => {
        const [row]: DueMailRow[] = await manager.query(`${SELECT_DUE} LIMIT 1 FOR UPDATE SKIP LOCKED`);
        if (!row) return false;
        await this.deliver(row, manager);
        return true;
      });
      if (!found) return;
    }
  }

  private async deliver(row: DueMailRow, manager: EntityManager): Promise<void> {
    const attempt = row.attempts + 1;
    try {
      const attachments = typeof row.attachments === 'string' ? (JSON.parse(row.attachments) as MailAttachment[]) : row.attachments;
      await this.transport.send({ id: row.id, to: row.recipient, subject: row.subject, text: row.text, attachments });
    } catch (error) {
      await this.recordFailure(row.id, attempt, failureCode(error), manager);
      return;
    }
    await manager.query(
      `UPDATE messaging.outbound_mail
          SET status = 'sent', sent_at = now(), attempts = $2, last_error = NULL, transport = $3
        WHERE id = $1 AND status = 'pending'`,
      [row.id, attempt, this.transport.name],
    );
    this.logger.log(`mail ${row.id} sent via ${this.transport.name} (attempt ${attempt})`);
  }

  private async recordFailure(id: string, attempt: number, code: string, manager: EntityManager): Promise<void> {
    if (attempt >= this.policy.maxAttempts) {
      await manager.query(
        `UPDATE messaging.outbound_mail SET status = 'failed', attempts = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
        [id, attempt, code],
      );
      this.logger.error(`mail ${id} failed for good after ${attempt} attempts: ${code}`);
      return;
    }
    const delayMs = Math.min(this.policy.backoffBaseMs * 2 ** (attempt - 1), this.policy.backoffMaxMs);
    await manager.query(
      `UPDATE messaging.outbound_mail
          SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4::double precision)
        WHERE id = $1 AND status = 'pending'`,
      [id, attempt, code, delayMs / 1000],
    );
    this.logger.warn(`mail ${id} not sent (attempt ${attempt}): ${code}; next try in ${delayMs} ms`);
  }
}

/**
 * A transport's error, reduced to what may be stored and logged: its code and the server's reply
 * code. Never the message — SMTP replies quote the recipient's address.
 */
export function failureCode(error: unknown): string {
  const { code, responseCode, name } = (error ?? {}) as { code?: unknown; responseCode?: unknown; name?: unknown };
  const what = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/i.test(code) ? code : typeof name === 'string' ? name.slice(0, 40) : 'Error';
  return typeof responseCode === 'number' ? `${what} ${responseCode}` : what;
}

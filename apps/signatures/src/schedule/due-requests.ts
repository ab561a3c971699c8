import { Inject, Injectable, Logger } from '@nestjs/common';
import { dataSourceToken, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { RequestEvents } from '../request/request-events';
import { pendingSigners, recordExpiry } from '../request/signature-request';
import { SignatureRequestRepository } from '../request/signature-request.repository';

const BATCH = 25;

/**
 * Reminds the current step's signers before the due date and expires what is still pending at it.
 * The schedule is the data itself (`due_at`, `remind_at`, `reminded_at` on the request rows): a
 * restart loses nothing, and several instances share the work by claiming rows with
 * `FOR UPDATE SKIP LOCKED` — each due row is handled once, by whoever claimed it.
 */
@Injectable()
export class DueRequests {
  private readonly logger = new Logger(DueRequests.name);

  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly events: RequestEvents,
    private readonly clock: Clock,
  ) {}

  /** Handles everything due now, batch by batch; answers how many requests it handled. */
  async handleDue(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.handleBatch();
      handled += batch;
      if (batch < BATCH) return handled;
    }
  }

  private async handleBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const due = await this.requests.claimDue(manager, now, BATCH);
      for (const request of due) {
        const waiting = pendingSigners(request);
        if (request.dueAt <= now) {
          recordExpiry(request, now);
          await this.requests.save(manager, request);
          await this.audit.append(manager, request, 'expired', 'system', now, {
            step: request.currentStep,
            dueAt: request.dueAt.toISOString(),
          });
          await this.events.expired(manager, request, waiting);
          this.logger.log(`request ${request.id} expired`);
        } else {
          request.remindedAt = now;
          request.updatedAt = now;
          await this.requests.save(manager, request);
          await this.audit.append(manager, request, 'reminded', 'system', now, {
            step: request.currentStep,
            signers: waiting.map((signer) => signer.userId),
          });
          await this.events.reminded(manager, request, waiting);
          this.logger.log(`request ${request.id}: ${waiting.length} signer(s) reminded`);
        }
      }
      return due.length;
    });
  }
}

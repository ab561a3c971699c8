import { Injectable, Optional } from '@nestjs/common';
import { Metrics, ScheduledRounds } from '@amtsweg/platform';
import { DocumentStore } from './document-store';

/** Expiry is measured in hours (DocumentStore), so a round every ten minutes keeps up without being noticed. */
const INTERVAL_MS = 10 * 60_000;

/** Deletes documents that expired: staged by uploads that never became requests, and replaced by later signatures. */
@Injectable()
export class ExpiredDocumentsScheduler extends ScheduledRounds {
  constructor(
    private readonly documents: DocumentStore,
    @Optional() metrics?: Metrics,
  ) {
    super({ name: 'expired-signature-documents', intervalMs: INTERVAL_MS }, metrics);
  }

  protected async runRound(): Promise<unknown> {
    let deleted = 0;
    for (let batch = await this.documents.deleteExpired(); batch > 0; batch = await this.documents.deleteExpired()) deleted += batch;
    return deleted;
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { dataSourceToken, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail';
import { requireVisibleRequest } from '../request-access';
import { RequestEvents } from '../request-events';
import { pendingSigners, recordWithdrawal, type SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';

/** The requester takes a pending request back; the signers still asked are told (withdrawn event). */
@Injectable()
export class WithdrawRequestHandler {
  private readonly logger = new Logger(WithdrawRequestHandler.name);

  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly events: RequestEvents,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, id: string): Promise<SignatureRequest> {
    const withdrawn = await this.dataSource.transaction(async (manager) => {
      const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
      const now = this.clock.now();
      recordWithdrawal(request, principal.userId, now);
      const stillAsked = pendingSigners(request);
      await this.requests.save(manager, request);
      await this.audit.append(manager, request, 'withdrawn', principal.userId, now, { step: request.currentStep });
      await this.events.withdrawn(manager, request, stillAsked);
      return request;
    });
    this.logger.log(`request ${withdrawn.id} withdrawn`);
    return withdrawn;
  }
}

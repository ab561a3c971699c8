import { Inject, Injectable, Logger } from '@nestjs/common';
import { dataSourceToken, DomainError, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail';
import { requireVisibleRequest } from '../request-access';
import { RequestEvents } from '../request-events';
import { recordRejection, type SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';

/** A signer of the current step refuses, with a reason for the requester; the request ends. */
@Injectable()
export class RejectRequestHandler {
  private readonly logger = new Logger(RejectRequestHandler.name);

  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly events: RequestEvents,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, id: string, reason: string): Promise<SignatureRequest> {
    const trimmed = reason.trim();
    if (!trimmed)
      throw DomainError.badRequest('REQUEST.INVALID', 'Give a reason for the rejection.', [
        { field: 'reason', message: 'must not be blank' },
      ]);
    const rejected = await this.dataSource.transaction(async (manager) => {
      const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
      const now = this.clock.now();
      const signer = recordRejection(request, principal.userId, trimmed, now);
      await this.requests.save(manager, request, signer);
      await this.audit.append(manager, request, 'rejected', principal.userId, now, { step: signer.step, reason: trimmed });
      await this.events.rejected(manager, request, signer);
      return request;
    });
    this.logger.log(`request ${rejected.id} rejected`);
    return rejected;
  }
}

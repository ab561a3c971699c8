import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail';
import { requireVisibleRequest } from '../request-access';
import type { SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';

/** One request, for its participants; every look at it is written into its audit trail ("viewed"). */
@Injectable()
export class GetRequestHandler {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, id: string): Promise<SignatureRequest> {
    return this.dataSource.transaction(async (manager) => {
      const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
      await this.audit.append(manager, request, 'viewed', principal.userId, this.clock.now());
      return request;
    });
  }
}

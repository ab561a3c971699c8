import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, type Principal } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { requireVisibleRequest } from '../../request/request-access';
import { SignatureRequestRepository } from '../../request/signature-request.repository';
import { verifyAuditChain, type AuditEntry, type ChainVerdict } from '../audit-chain';
import { AuditTrail } from '../audit-trail';

/** A request's audit trail, checked link by link. */
@Injectable()
export class GetAuditHandler {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(principal: Principal, id: string): Promise<{ entries: AuditEntry[]; verdict: ChainVerdict }> {
    const manager = this.dataSource.manager;
    const request = await requireVisibleRequest(this.requests, manager, principal, id);
    const entries = await this.audit.entries(manager, request.tenant, request.id);
    return { entries, verdict: verifyAuditChain(entries) };
  }
}

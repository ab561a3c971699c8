import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, instantKey, type Page, pageOf, PageCursor, type Principal, uuidKey } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import type { SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';
import type { ListRequestsQuery } from './list-requests.request.dto';

/** The (createdAt, id) of a page's last request: the repository's keyset. */
const REQUESTS_CURSOR = new PageCursor<[Date, string]>('signature-requests', [instantKey, uuidKey]);

/** The caller's inbox (as signer: only requests whose current step names them) or their own requests, newest first. */
@Injectable()
export class ListRequestsHandler {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
  ) {}

  async execute(principal: Principal, query: ListRequestsQuery): Promise<Page<SignatureRequest>> {
    // An empty `?cursor=` has always meant the first page here.
    const before = query.cursor ? REQUESTS_CURSOR.decode(query.cursor) : undefined;
    const items = await this.requests.list(this.dataSource.manager, {
      tenant: principal.tenant,
      userId: principal.userId,
      as: query.as,
      status: query.status,
      before: before && { createdAt: before[0], id: before[1] },
      limit: query.limit + 1,
    });
    return pageOf(items, query.limit, (last) => REQUESTS_CURSOR.encode([last.createdAt, last.id]));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, DomainError, UUID_PATTERN, type Principal } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import type { SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';
import type { ListRequestsQuery } from './list-requests.request.dto';

export interface RequestPage {
  items: SignatureRequest[];
  nextCursor: string | null;
}

/** The caller's inbox (as signer: only requests whose current step names them) or their own requests, newest first. */
@Injectable()
export class ListRequestsHandler {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
  ) {}

  async execute(principal: Principal, query: ListRequestsQuery): Promise<RequestPage> {
    const items = await this.requests.list(this.dataSource.manager, {
      tenant: principal.tenant,
      userId: principal.userId,
      as: query.as,
      status: query.status,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit + 1,
    });
    const more = items.length > query.limit;
    const page = more ? items.slice(0, query.limit) : items;
    return { items: page, nextCursor: more ? encodeCursor(page[page.length - 1]) : null };
  }
}

function encodeCursor(request: SignatureRequest): string {
  return Buffer.from(`${request.createdAt.toISOString()}|${request.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !UUID_PATTERN.test(id ?? '')) {
    throw DomainError.badRequest('REQUEST.INVALID_CURSOR', 'The cursor is not one this API handed out.', [{ field: 'cursor', message: 'invalid cursor' }]);
  }
  return { createdAt, id };
}

import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import type { DeviceRequest } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import type { ListRequestsQuery } from './list-requests.request.dto';

/** It-admins see every request of the tenant; everyone else their own. Newest first. */
@Injectable()
export class ListRequestsHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
  ) {}

  async execute(principal: Principal, query: ListRequestsQuery): Promise<{ items: DeviceRequest[]; nextCursor: string | null }> {
    const found = await this.requests.list(this.dataSource.manager, {
      tenant: principal.tenant,
      requesterId: principal.roles.includes('it-admin') ? undefined : principal.userId,
      status: query.status,
      beforeId: query.cursor,
      limit: query.limit + 1,
    });
    const more = found.length > query.limit;
    const items = more ? found.slice(0, query.limit) : found;
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }
}

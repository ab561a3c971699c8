import { Inject, Injectable } from '@nestjs/common';
import { type Page, pageOf, PageCursor, type Principal, uuidKey } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import type { DeviceRequest } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import type { ListRequestsQuery } from './list-requests.request.dto';

/** The last id of a page (UUIDv7: time-ordered). */
const DEVICE_REQUESTS_CURSOR = new PageCursor<[string]>('device-requests', [uuidKey]);

/** It-admins see every request of the tenant; everyone else their own. Newest first. */
@Injectable()
export class ListRequestsHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
  ) {}

  async execute(principal: Principal, query: ListRequestsQuery): Promise<Page<DeviceRequest>> {
    const found = await this.requests.list(this.dataSource.manager, {
      tenant: principal.tenant,
      requesterId: principal.roles.includes('it-admin') ? undefined : principal.userId,
      status: query.status,
      beforeId: query.cursor === undefined ? undefined : DEVICE_REQUESTS_CURSOR.decode(query.cursor)[0],
      limit: query.limit + 1,
    });
    return pageOf(found, query.limit, (last) => DEVICE_REQUESTS_CURSOR.encode([last.id]));
  }
}

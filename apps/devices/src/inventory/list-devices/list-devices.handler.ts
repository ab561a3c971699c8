import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import type { Device } from '../device';
import { seesWholeInventory } from '../device-access';
import { DeviceRepository } from '../device.repository';
import type { ListDevicesQuery } from './list-devices.request.dto';

/** Newest first; staff see only what they hold. The cursor is the last id (UUIDv7: time-ordered). */
@Injectable()
export class ListDevicesHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
  ) {}

  async execute(principal: Principal, query: ListDevicesQuery): Promise<{ items: Device[]; nextCursor: string | null }> {
    const found = await this.devices.list(this.dataSource.manager, {
      tenant: principal.tenant,
      holderId: seesWholeInventory(principal) ? undefined : principal.userId,
      status: query.status,
      type: query.type,
      q: query.q?.trim() || undefined,
      beforeId: query.cursor,
      limit: query.limit + 1,
    });
    const more = found.length > query.limit;
    const items = more ? found.slice(0, query.limit) : found;
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { type Page, pageOf, PageCursor, type Principal, uuidKey } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import type { Device } from '../device';
import { seesWholeInventory } from '../device-access';
import { DeviceRepository } from '../device.repository';
import type { ListDevicesQuery } from './list-devices.request.dto';

/** The last id of a page (UUIDv7: time-ordered). */
const DEVICES_CURSOR = new PageCursor<[string]>('devices', [uuidKey]);

/** Newest first; staff see only what they hold. */
@Injectable()
export class ListDevicesHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
  ) {}

  async execute(principal: Principal, query: ListDevicesQuery): Promise<Page<Device>> {
    const found = await this.devices.list(this.dataSource.manager, {
      tenant: principal.tenant,
      holderId: seesWholeInventory(principal) ? undefined : principal.userId,
      status: query.status,
      type: query.type,
      q: query.q?.trim() || undefined,
      holderDeactivated: query.holderDeactivated,
      beforeId: query.cursor === undefined ? undefined : DEVICES_CURSOR.decode(query.cursor)[0],
      limit: query.limit + 1,
    });
    return pageOf(found, query.limit, (last) => DEVICES_CURSOR.encode([last.id]));
  }
}

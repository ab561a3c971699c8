import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { UserDirectory } from '../../directory/user-directory';
import type { Device } from '../device';
import { DeviceRepository } from '../device.repository';
import type { ExportDevicesQuery } from './export-devices.request.dto';
import { inventoryCsv } from './inventory-csv';

/** Read in pages of this many rows; the file holds all that match. */
const BATCH = 500;

/** The whole filtered inventory as CSV (newest first), holders by name where the directory knows them. */
@Injectable()
export class ExportDevicesHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly directory: UserDirectory,
  ) {}

  async execute(principal: Principal, query: ExportDevicesQuery): Promise<string> {
    const all: Device[] = [];
    for (let beforeId: string | undefined; ;) {
      const batch = await this.devices.list(this.dataSource.manager, {
        tenant: principal.tenant,
        status: query.status,
        type: query.type,
        q: query.q?.trim() || undefined,
        holderDeactivated: query.holderDeactivated,
        beforeId,
        limit: BATCH,
      });
      all.push(...batch);
      if (batch.length < BATCH) break;
      beforeId = batch[batch.length - 1].id;
    }
    const names = new Map<string, string | null>();
    for (const holderId of new Set(all.flatMap((device) => (device.holderId ? [device.holderId] : [])))) {
      names.set(holderId, (await this.directory.find(principal.tenant, holderId))?.name ?? null);
    }
    return inventoryCsv(
      all.map((device) => ({ device, holder: device.holderId ? (names.get(device.holderId) ?? device.holderId) : null })),
    );
  }
}

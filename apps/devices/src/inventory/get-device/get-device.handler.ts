import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Principal } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DeviceReturnRepository, type DeviceReturn } from '../../handover/device-return.repository';
import type { Device, DeviceHistoryEntry } from '../device';
import { seesWholeInventory } from '../device-access';
import { DeviceRepository } from '../device.repository';

/** One device with its full history; a device the caller may not see is answered like an unknown one. */
@Injectable()
export class GetDeviceHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly returns: DeviceReturnRepository,
  ) {}

  async execute(
    principal: Principal,
    id: string,
  ): Promise<{ device: Device; history: DeviceHistoryEntry[]; lastReturn: DeviceReturn | undefined }> {
    return this.dataSource.transaction(async (manager) => {
      const device = await this.devices.find(manager, principal.tenant, id);
      if (!device || (!seesWholeInventory(principal) && device.holderId !== principal.userId))
        throw DomainError.notFound('DEVICE.NOT_FOUND', 'Dieses Gerät gibt es nicht.');
      return {
        device,
        history: await this.devices.history(manager, device),
        lastReturn: await this.returns.latest(manager, principal.tenant, device.id),
      };
    });
  }
}

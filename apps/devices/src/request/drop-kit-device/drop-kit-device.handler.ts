import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isConcurrencyConflict, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DeviceRepository } from '../../inventory/device.repository';
import type { DeviceRequest } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import { KitMembership } from '../kit-membership';
import { KitProblems } from '../kit-problems';

/**
 * An it-admin takes a device out of an approved kit: it goes back to stock with the reason in its
 * history. The kit then misses a place, and no handover starts until a device fills it.
 */
@Injectable()
export class DropKitDeviceHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
    private readonly devices: DeviceRepository,
    private readonly kit: KitMembership,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, requestId: string, deviceId: string, reason: string | undefined): Promise<DeviceRequest> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const request = await this.requests.find(manager, principal.tenant, requestId, { forUpdate: true });
        if (!request) throw KitProblems.requestNotFound();
        const device = await this.devices.find(manager, principal.tenant, deviceId, { forUpdate: true });
        if (!device || device.requestId !== request.id) {
          throw DomainError.notFound('DEVICE_REQUEST.DEVICE_NOT_IN_KIT', 'This device is not in the request’s kit.');
        }
        if (request.status !== 'approved') throw KitProblems.notChangeable(request);
        const now = this.clock.now();
        await this.kit.leave(manager, device, { actor: principal.userId, reason: reason ?? 'Aus dem Kit genommen', at: now });
        await this.requests.update(manager, { ...request, updatedAt: now });
        return (await this.requests.find(manager, principal.tenant, request.id))!;
      });
    } catch (error) {
      if (isConcurrencyConflict(error)) throw KitProblems.concurrentChange();
      throw error;
    }
  }
}

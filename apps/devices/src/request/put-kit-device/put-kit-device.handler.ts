import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isConcurrencyConflict, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEVICES_DATA_SOURCE } from '../../devices.database';
import { DeviceRepository } from '../../inventory/device.repository';
import { kitFit, type DeviceRequest } from '../device-request';
import { DeviceRequestRepository } from '../device-request.repository';
import { KitMembership } from '../kit-membership';
import { KitProblems } from '../kit-problems';

export interface PutKitDeviceCommand {
  requestId: string;
  deviceId: string;
  /** The kit's device it replaces; absent: it fills a missing place. */
  replaces?: string;
  reason?: string;
}

/**
 * An it-admin puts an in-stock device into an approved kit: in place of one of its devices (a swap;
 * that one goes back to stock) or into a place the kit misses. The kit never holds more of a type
 * than asked for. A device already in the kit is answered as it is (PUT is idempotent).
 */
@Injectable()
export class PutKitDeviceHandler {
  constructor(
    @Inject(DEVICES_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly requests: DeviceRequestRepository,
    private readonly devices: DeviceRepository,
    private readonly kit: KitMembership,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal, command: PutKitDeviceCommand): Promise<DeviceRequest> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const request = await this.requests.find(manager, principal.tenant, command.requestId, { forUpdate: true });
        if (!request) throw KitProblems.requestNotFound();
        const device = await this.devices.find(manager, principal.tenant, command.deviceId, { forUpdate: true });
        if (!device) throw KitProblems.deviceNotFound();
        if (device.requestId === request.id) return request;
        if (request.status !== 'approved') throw KitProblems.notChangeable(request);
        if (device.status !== 'in_stock')
          throw DomainError.conflict('DEVICE_REQUEST.DEVICE_NOT_IN_STOCK', `Nicht im Lager: ${device.serial}.`);

        const kit = await this.devices.findByRequest(manager, principal.tenant, request.id, { forUpdate: true });
        const replaced = command.replaces === undefined ? undefined : kit.find((member) => member.id === command.replaces);
        if (command.replaces !== undefined && !replaced) {
          throw DomainError.unprocessable('DEVICE_REQUEST.DEVICE_NOT_IN_KIT', 'The device to replace is not in this request’s kit.', [
            { field: 'replaces', message: 'not in the kit' },
          ]);
        }
        const after = [...kit.filter((member) => member !== replaced), device];
        if (kitFit(request.items, after) === 'mismatch') {
          throw DomainError.unprocessable(
            'DEVICE_REQUEST.DEVICES_DO_NOT_MATCH',
            'Die Geräte passen nicht zur Anforderung (Typen und Anzahl).',
            [{ field: 'deviceId', message: 'the kit has no place for a device of this type' }],
          );
        }
        const now = this.clock.now();
        if (replaced) {
          await this.kit.leave(manager, replaced, {
            actor: principal.userId,
            reason: command.reason ?? 'Im Kit ersetzt',
            at: now,
            details: { replacedBy: device.id },
          });
        }
        await this.kit.join(manager, device, request, {
          actor: principal.userId,
          reason: command.reason ?? 'Ins Kit aufgenommen',
          at: now,
          ...(replaced ? { details: { replaces: replaced.id } } : {}),
        });
        await this.requests.update(manager, { ...request, updatedAt: now });
        return (await this.requests.find(manager, principal.tenant, request.id))!;
      });
    } catch (error) {
      if (isConcurrencyConflict(error)) throw KitProblems.concurrentChange();
      throw error;
    }
  }
}

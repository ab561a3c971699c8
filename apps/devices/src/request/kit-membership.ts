import { Injectable } from '@nestjs/common';
import { DomainError } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import type { Device } from '../inventory/device';
import { DeviceRepository } from '../inventory/device.repository';
import type { DeviceRequest } from './device-request';
import { DeviceRequestRepository } from './device-request.repository';

export interface KitChange {
  actor: string;
  reason: string;
  at: Date;
  details?: Record<string, unknown>;
}

/**
 * Which devices belong to a request's kit: a device joins it from stock (reserved) and leaves it back
 * to stock before the handover. Both run in the caller's transaction, on a device it has locked.
 */
@Injectable()
export class KitMembership {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly requests: DeviceRequestRepository,
  ) {}

  async join(manager: EntityManager, device: Device, request: DeviceRequest, change: KitChange): Promise<Device> {
    return this.devices.changeStatus(manager, device, {
      to: 'reserved',
      actor: change.actor,
      reason: change.reason,
      at: change.at,
      holderId: null,
      requestId: request.id,
      details: { requestId: request.id, ...change.details },
    });
  }

  /**
   * Back to stock, out of its kit. Refused while the kit's handover waits for the employee's
   * signature: the protocol names this device. Its unused enrollment links stop working, so a
   * printed QR code cannot enroll it later for another kit.
   */
  async leave(manager: EntityManager, device: Device, change: KitChange): Promise<Device> {
    if (device.requestId) {
      const request = await this.requests.find(manager, device.tenant, device.requestId, { forUpdate: true });
      if (request?.status === 'handover_requested') {
        throw DomainError.conflict(
          'DEVICE_REQUEST.HANDOVER_PENDING',
          'The kit’s handover protocol is waiting for the employee’s signature; its devices cannot change until it is signed or refused.',
        );
      }
    }
    await manager.query(`UPDATE devices.enrollment_token SET expires_at = LEAST(expires_at, $2) WHERE device_id = $1 AND used_at IS NULL`, [
      device.id,
      change.at,
    ]);
    return this.devices.changeStatus(manager, device, {
      to: 'in_stock',
      actor: change.actor,
      reason: change.reason,
      at: change.at,
      holderId: null,
      requestId: null,
      details: { ...(device.requestId ? { requestId: device.requestId } : {}), ...change.details },
    });
  }
}

import { Injectable } from '@nestjs/common';
import { DeviceHandedOverV1, DeviceProvisionedV1, DeviceRetiredV1, DeviceReturnedV1, type EventContract } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import type { EntityManager } from 'typeorm';
import type { Device } from './device';

/** A device's events on `devices.device`, keyed by the device, in the transaction that changes it. */
@Injectable()
export class DeviceEvents {
  constructor(private readonly outbox: Outbox) {}

  provisioned(
    manager: EntityManager,
    device: Device,
    actorId: string,
    extra: { profileId: string; requestId: string | null; enrollmentExpiresAt: Date },
  ): Promise<unknown> {
    return this.append(manager, DeviceProvisionedV1, device, actorId, {
      profileId: extra.profileId,
      ...(extra.requestId ? { requestId: extra.requestId } : {}),
      enrollmentExpiresAt: extra.enrollmentExpiresAt.toISOString(),
    });
  }

  handedOver(
    manager: EntityManager,
    device: Device,
    actorId: string,
    extra: { holderId: string; handoverId: string; requestId: string },
  ): Promise<unknown> {
    return this.append(manager, DeviceHandedOverV1, device, actorId, {
      holderId: extra.holderId,
      handoverId: extra.handoverId,
      requestId: extra.requestId,
    });
  }

  returned(manager: EntityManager, device: Device, actorId: string, previousHolderId: string | null): Promise<unknown> {
    return this.append(manager, DeviceReturnedV1, device, actorId, { ...(previousHolderId ? { previousHolderId } : {}), wiped: true });
  }

  retired(manager: EntityManager, device: Device, actorId: string, reason: string | null): Promise<unknown> {
    return this.append(manager, DeviceRetiredV1, device, actorId, reason ? { reason } : {});
  }

  private append<T extends object>(
    manager: EntityManager,
    contract: EventContract<T>,
    device: Device,
    actorId: string,
    extra: object,
  ): Promise<unknown> {
    const data = Object.assign(new contract(), {
      deviceId: device.id,
      tenant: device.tenant,
      type: device.type,
      model: device.model,
      serial: device.serial,
      actorId,
      ...extra,
    });
    return this.outbox.append(manager, contract, data, { subject: device.id, tenantId: device.tenant });
  }
}

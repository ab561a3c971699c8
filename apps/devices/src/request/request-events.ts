import { Injectable } from '@nestjs/common';
import { DeviceRequestApprovedV1, DeviceRequestRejectedV1, DeviceRequestSubmittedV1, type EventContract } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import type { EntityManager } from 'typeorm';
import type { DeviceRequest } from './device-request';

/**
 * The request's events on `devices.request`, keyed by the request, in the transaction that changes it.
 * The requester by user id only: messaging finds their address in its directory.
 */
@Injectable()
export class RequestEvents {
  constructor(private readonly outbox: Outbox) {}

  submitted(manager: EntityManager, request: DeviceRequest): Promise<unknown> {
    return this.append(manager, DeviceRequestSubmittedV1, request, { neededBy: request.neededBy });
  }

  approved(manager: EntityManager, request: DeviceRequest): Promise<unknown> {
    return this.append(manager, DeviceRequestApprovedV1, request, { approvedBy: request.decidedBy!, deviceIds: request.deviceIds });
  }

  rejected(manager: EntityManager, request: DeviceRequest): Promise<unknown> {
    return this.append(manager, DeviceRequestRejectedV1, request, { rejectedBy: request.decidedBy!, reason: request.rejectionReason! });
  }

  private append<T extends object>(
    manager: EntityManager,
    contract: EventContract<T>,
    request: DeviceRequest,
    extra: object,
  ): Promise<unknown> {
    const data = Object.assign(new contract(), {
      requestId: request.id,
      tenant: request.tenant,
      requesterId: request.requesterId,
      items: request.items.map((item) => ({ type: item.type, count: item.count })),
      ...extra,
    });
    return this.outbox.append(manager, contract, data, { subject: request.id, tenantId: request.tenant });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { HandoverRequestedV1 } from '@amtsweg/contracts';
import { Outbox } from '@amtsweg/eventing';
import { newId } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import { DirectoryUser, UserDirectory } from '../directory/user-directory';
import { DEVICE_TYPE_NAMES } from '../inventory/device';
import { DeviceEvents } from '../inventory/device-events';
import { DeviceRepository } from '../inventory/device.repository';
import { kitFit, type DeviceRequest } from '../request/device-request';
import { DeviceRequestRepository } from '../request/device-request.repository';

export type KitHandoverStart =
  | { started: true; request: DeviceRequest }
  | { started: false; because: 'not_found' | 'not_approved' | 'pending' | 'kit_not_ready' | 'requester_unknown' };

/**
 * The kit handover saga: when every device of an approved request is ready, ONE handover is
 * requested for all of them (signatures makes one protocol); the signed protocol hands them all
 * over, a refusal leaves them ready with the reason on the request (an it-admin may then ask again,
 * or swap a device first). Runs inside the caller's transaction (enrollment, a manual transition,
 * the it-admin's request, or the consumer's inbox transaction).
 */
@Injectable()
export class KitHandover {
  private readonly logger = new Logger(KitHandover.name);

  constructor(
    private readonly requests: DeviceRequestRepository,
    private readonly devices: DeviceRepository,
    private readonly directory: UserDirectory,
    private readonly deviceEvents: DeviceEvents,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Publishes "handover requested" once the whole kit is there and ready; otherwise does nothing and
   * says why. Any path that makes a kit's device ready calls it (enrollment, a manual transition), and
   * so does an it-admin asking again after a refusal.
   */
  async requestIfReady(manager: EntityManager, tenant: string, requestId: string, now: Date): Promise<KitHandoverStart> {
    const request = await this.requests.find(manager, tenant, requestId, { forUpdate: true });
    if (!request) return { started: false, because: 'not_found' };
    if (request.status === 'handover_requested') return { started: false, because: 'pending' };
    if (request.status !== 'approved' || !request.decidedBy) return { started: false, because: 'not_approved' };
    // The request's lock serializes every start; the kit is read, not locked: the caller already holds
    // one of its devices, and locking the others here deadlocks two of them made ready at once. A
    // device leaving the kit takes the request's lock before it changes, so the kit read here cannot change under it.
    const kit = await this.devices.findByRequest(manager, tenant, requestId);
    if (kitFit(request.items, kit) !== 'complete' || kit.some((device) => device.status !== 'ready'))
      return { started: false, because: 'kit_not_ready' };
    const employee = await this.employee(manager, request);
    if (!employee) {
      this.logger.warn(`request ${request.id}: the requester is not in the directory; no handover requested`);
      return { started: false, because: 'requester_unknown' };
    }
    const handoverId = newId();
    const requested: DeviceRequest = { ...request, status: 'handover_requested', handoverId, handoverFailure: null, updatedAt: now };
    await this.requests.update(manager, requested);
    const event = Object.assign(new HandoverRequestedV1(), {
      handoverId,
      // By user id only: signatures puts the name and address on the protocol from its own directory.
      employee: { userId: employee.userId },
      requestedBy: request.decidedBy,
      devices: kit.map((device) => ({
        deviceId: device.id,
        type: device.type,
        model: device.model,
        serial: device.serial,
        ...(device.assetTag ? { assetTag: device.assetTag } : {}),
      })),
      kitLabel: kitLabel(request),
    });
    await this.outbox.append(manager, HandoverRequestedV1, event, { subject: handoverId, tenantId: tenant });
    return { started: true, request: requested };
  }

  /** The employee signed: every device of the kit is handed over to them. Unknown or settled handovers change nothing. */
  async completed(manager: EntityManager, tenant: string, handoverId: string, signerId: string, now: Date): Promise<void> {
    const request = await this.requests.findByHandover(manager, tenant, handoverId);
    if (!request || request.status !== 'handover_requested') return;
    const kit = await this.devices.findByRequest(manager, tenant, request.id, { forUpdate: true });
    for (const device of kit) {
      if (device.status !== 'ready') continue;
      const changed = await this.devices.changeStatus(manager, device, {
        to: 'handed_over',
        actor: signerId,
        reason: 'Übergabeprotokoll unterschrieben',
        at: now,
        holderId: request.requesterId,
        details: { handoverId },
      });
      await this.deviceEvents.handedOver(manager, changed, signerId, {
        holderId: request.requesterId,
        handoverId,
        requestId: request.id,
      });
    }
    await this.requests.update(manager, { ...request, status: 'handed_over', updatedAt: now });
  }

  /** The employee refused (or the protocol expired): the devices stay ready; the request shows why. */
  async failed(manager: EntityManager, tenant: string, handoverId: string, reason: string, now: Date): Promise<void> {
    const request = await this.requests.findByHandover(manager, tenant, handoverId);
    if (!request || request.status !== 'handover_requested') return;
    await this.requests.update(manager, { ...request, status: 'approved', handoverId: null, handoverFailure: reason, updatedAt: now });
  }

  private async employee(manager: EntityManager, request: DeviceRequest): Promise<DirectoryUser | undefined> {
    return this.directory.find(request.tenant, request.requesterId, manager);
  }
}

/** `Geräte-Kit: 1× Laptop, 1× Telefon` */
export function kitLabel(request: DeviceRequest): string {
  return `Geräte-Kit: ${request.items.map((item) => `${item.count}× ${DEVICE_TYPE_NAMES[item.type]}`).join(', ')}`.slice(0, 200);
}

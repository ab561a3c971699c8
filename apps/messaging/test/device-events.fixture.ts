import {
  DeviceHandedOverV1,
  DeviceProvisionedV1,
  DeviceRequestApprovedV1,
  DeviceRequestRejectedV1,
  DeviceRequestSubmittedV1,
  DeviceRetiredV1,
  DeviceReturnedV1,
  HandoverRequestedV1,
} from '@amtsweg/contracts';
import { toBusRecord, type BusRecord } from '@amtsweg/eventing';
import { newId } from '@amtsweg/platform';
import { demoUserId } from '@amtsweg/platform/testing';

type Contract = { type: string; topic: string };

/**
 * The events devices publishes about one request and the device handed out for it, as bus records:
 * staff by user id only. `addresses` gives the records the shape from before the upgrade, with the
 * requester's address and name in clear.
 */
export class DeviceStory {
  readonly requestId = newId();
  readonly deviceId = newId();
  readonly handoverId = newId();

  constructor(
    readonly requesterEmail = 'staff@demo.example',
    readonly tenant = 'demo',
    readonly addresses?: { userId: string; email: string; name: string },
  ) {}

  get requesterId(): string {
    return this.addresses?.userId ?? demoUserId(this.requesterEmail);
  }

  submitted(): BusRecord {
    return this.request(DeviceRequestSubmittedV1, { neededBy: '2026-12-15' });
  }

  approved(byEmail: string): BusRecord {
    return this.request(DeviceRequestApprovedV1, { approvedBy: demoUserId(byEmail), deviceIds: [this.deviceId] });
  }

  rejected(byEmail: string, reason: string): BusRecord {
    return this.request(DeviceRequestRejectedV1, { rejectedBy: demoUserId(byEmail), reason });
  }

  provisioned(actorId: string): BusRecord {
    return this.device(DeviceProvisionedV1, actorId, {
      profileId: newId(),
      requestId: this.requestId,
      enrollmentExpiresAt: '2026-12-10T12:00:00.000Z',
    });
  }

  handedOver(): BusRecord {
    return this.device(DeviceHandedOverV1, this.requesterId, {
      holderId: this.requesterId,
      ...(this.addresses ? { holderEmail: this.addresses.email } : {}),
      handoverId: this.handoverId,
      requestId: this.requestId,
    });
  }

  returned(byEmail: string): BusRecord {
    return this.device(DeviceReturnedV1, demoUserId(byEmail), { previousHolderId: this.requesterId, wiped: true });
  }

  retired(actorId: string, reason: string): BusRecord {
    return this.device(DeviceRetiredV1, actorId, { reason });
  }

  handoverRequested(byEmail: string): BusRecord {
    return this.record(HandoverRequestedV1, this.handoverId, {
      handoverId: this.handoverId,
      employee: { userId: this.requesterId, ...(this.addresses ? { email: this.addresses.email, name: this.addresses.name } : {}) },
      requestedBy: demoUserId(byEmail),
      devices: [{ deviceId: this.deviceId, type: 'laptop', model: 'ThinkPad T14', serial: 'PF-4711' }],
      kitLabel: 'Homeoffice-Set',
      dueAt: '2026-12-18T16:00:00.000Z',
    });
  }

  private request(contract: Contract & (new () => object), fields: object): BusRecord {
    return this.record(contract, this.requestId, {
      requestId: this.requestId,
      tenant: this.tenant,
      requesterId: this.requesterId,
      ...(this.addresses ? { requesterEmail: this.addresses.email } : {}),
      items: [
        { type: 'laptop', count: 2 },
        { type: 'phone', count: 1 },
      ],
      ...fields,
    });
  }

  private device(contract: Contract & (new () => object), actorId: string, fields: object): BusRecord {
    return this.record(contract, this.deviceId, {
      deviceId: this.deviceId,
      tenant: this.tenant,
      type: 'laptop',
      model: 'ThinkPad T14',
      serial: 'PF-4711',
      actorId,
      ...fields,
    });
  }

  private record(contract: Contract & (new () => object), subject: string, fields: object): BusRecord {
    return toBusRecord(contract.topic, {
      id: newId(),
      source: '/amtsweg/devices',
      type: contract.type,
      specversion: '1.0',
      time: new Date().toISOString(),
      subject,
      datacontenttype: 'application/json',
      tenantid: this.tenant,
      correlationid: newId(),
      data: Object.assign(new contract(), fields),
    });
  }
}

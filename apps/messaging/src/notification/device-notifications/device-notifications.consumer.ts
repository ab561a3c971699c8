import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
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
import type { EventContext } from '@amtsweg/eventing';
import { OpenCaseThreadHandler } from '../../conversation/open-case-thread/open-case-thread.handler';
import { UserDirectory } from '../../directory/user-directory';
import { MESSAGING_TRANSPORT } from '../../messaging.transport';
import { NotificationInbox } from '../inbox/notification-inbox';
import {
  addressed,
  type DeviceNews,
  handedOver,
  handoverRequested,
  itemList,
  provisioned,
  requestApproved,
  requestRejected,
  requestSubmitted,
  retired,
  returned,
} from './device-notifications';

/**
 * Turns devices' events into notifications (and opted-in e-mails) for the staff member concerned and
 * the tenant's it-admins, and opens a device request's case thread when it is submitted. Writes only
 * through the inbox transaction (`context.manager`). Logs ids only: reasons are the users' words.
 */
@Controller()
export class DeviceNotificationsConsumer {
  private readonly logger = new Logger('DeviceNotificationsConsumer');

  constructor(
    private readonly inbox: NotificationInbox,
    private readonly openCaseThread: OpenCaseThreadHandler,
    private readonly directory: UserDirectory,
  ) {}

  @EventPattern<string>(DeviceRequestSubmittedV1.type, MESSAGING_TRANSPORT)
  async onRequestSubmitted(@Payload() event: DeviceRequestSubmittedV1, @Ctx() context: EventContext): Promise<void> {
    const tenant = context.envelope.tenantid;
    const itAdmins = await this.directory.withRole(tenant, 'it-admin', context.manager);
    const kase = { kind: 'device-request' as const, id: event.requestId };
    const memberIds = itAdmins.map((admin) => admin.id);
    if (
      await this.openCaseThread.execute(context.manager, {
        tenant,
        kase,
        name: `Geräteanfrage: ${itemList(event)}`,
        createdBy: event.requesterId,
        memberIds,
      })
    ) {
      this.logger.log(`device request ${event.requestId}: case thread opened`);
    }
    await this.notify(context, event.requestId, requestSubmitted(event));
  }

  @EventPattern<string>(DeviceRequestApprovedV1.type, MESSAGING_TRANSPORT)
  async onRequestApproved(@Payload() event: DeviceRequestApprovedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, event.requestId, requestApproved(event));
  }

  @EventPattern<string>(DeviceRequestRejectedV1.type, MESSAGING_TRANSPORT)
  async onRequestRejected(@Payload() event: DeviceRequestRejectedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, event.requestId, requestRejected(event));
  }

  @EventPattern<string>(DeviceProvisionedV1.type, MESSAGING_TRANSPORT)
  async onProvisioned(@Payload() event: DeviceProvisionedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, event.deviceId, provisioned(event));
  }

  @EventPattern<string>(DeviceHandedOverV1.type, MESSAGING_TRANSPORT)
  async onHandedOver(@Payload() event: DeviceHandedOverV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, event.deviceId, handedOver(event));
  }

  @EventPattern<string>(DeviceReturnedV1.type, MESSAGING_TRANSPORT)
  async onReturned(@Payload() event: DeviceReturnedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, event.deviceId, returned(event));
  }

  @EventPattern<string>(DeviceRetiredV1.type, MESSAGING_TRANSPORT)
  async onRetired(@Payload() event: DeviceRetiredV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, event.deviceId, retired(event));
  }

  @EventPattern<string>(HandoverRequestedV1.type, MESSAGING_TRANSPORT)
  async onHandoverRequested(@Payload() event: HandoverRequestedV1, @Ctx() context: EventContext): Promise<void> {
    await this.notify(context, event.handoverId, handoverRequested(event));
  }

  private async notify(context: EventContext, subjectId: string, news: DeviceNews): Promise<void> {
    const itAdmins = await this.directory.withRole(context.envelope.tenantid, 'it-admin', context.manager);
    for (const notification of addressed(context.envelope, news, itAdmins)) {
      const id = await this.inbox.add(context.manager, notification);
      if (id) this.logger.log(`${subjectId}: ${news.kind} notification ${id} (event ${context.envelope.id})`);
    }
  }
}

import {
  DevicesExportPartDeliveredV1,
  MessagingExportPartDeliveredV1,
  SignaturesExportPartDeliveredV1,
  type TenantExportPartDelivered,
} from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { APPOINTMENTS_TRANSPORT } from '../../appointments.transport';
import { TenantExports } from '../tenant-exports';

/** Marks a part of an export delivered when its service reports that it streamed it to the end. */
@Controller()
export class ExportPartDeliveredConsumer {
  constructor(private readonly exports: TenantExports) {}

  @EventPattern<string>(MessagingExportPartDeliveredV1.type, APPOINTMENTS_TRANSPORT)
  onMessaging(@Payload() event: MessagingExportPartDeliveredV1, @Ctx() context: EventContext): Promise<void> {
    return this.mark(event, context);
  }

  @EventPattern<string>(SignaturesExportPartDeliveredV1.type, APPOINTMENTS_TRANSPORT)
  onSignatures(@Payload() event: SignaturesExportPartDeliveredV1, @Ctx() context: EventContext): Promise<void> {
    return this.mark(event, context);
  }

  @EventPattern<string>(DevicesExportPartDeliveredV1.type, APPOINTMENTS_TRANSPORT)
  onDevices(@Payload() event: DevicesExportPartDeliveredV1, @Ctx() context: EventContext): Promise<void> {
    return this.mark(event, context);
  }

  private mark(event: TenantExportPartDelivered, context: EventContext): Promise<void> {
    return this.exports.markDelivered(context.manager, event.exportId, event.tenant, event.service, new Date(context.envelope.time));
  }
}

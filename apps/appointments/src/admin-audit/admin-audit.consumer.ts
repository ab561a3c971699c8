import {
  AppointmentsAdminChangeRecordedV1,
  DevicesAdminChangeRecordedV1,
  MessagingAdminChangeRecordedV1,
  SignaturesAdminChangeRecordedV1,
  type AdminChangeRecorded,
} from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { APPOINTMENTS_TRANSPORT } from '../appointments.transport';
import { AdminAuditLog } from './admin-audit-log';

/**
 * Collects every service's admin changes into `appointments.admin_audit` (appointments owns the
 * tenant registry and the provider routes). The inbox makes a redelivery change nothing.
 */
@Controller()
export class AdminAuditConsumer {
  constructor(private readonly log: AdminAuditLog) {}

  @EventPattern<string>(AppointmentsAdminChangeRecordedV1.type, APPOINTMENTS_TRANSPORT)
  onAppointments(@Payload() change: AppointmentsAdminChangeRecordedV1, @Ctx() context: EventContext): Promise<void> {
    return this.record('appointments', change, context);
  }

  @EventPattern<string>(MessagingAdminChangeRecordedV1.type, APPOINTMENTS_TRANSPORT)
  onMessaging(@Payload() change: MessagingAdminChangeRecordedV1, @Ctx() context: EventContext): Promise<void> {
    return this.record('messaging', change, context);
  }

  @EventPattern<string>(SignaturesAdminChangeRecordedV1.type, APPOINTMENTS_TRANSPORT)
  onSignatures(@Payload() change: SignaturesAdminChangeRecordedV1, @Ctx() context: EventContext): Promise<void> {
    return this.record('signatures', change, context);
  }

  @EventPattern<string>(DevicesAdminChangeRecordedV1.type, APPOINTMENTS_TRANSPORT)
  onDevices(@Payload() change: DevicesAdminChangeRecordedV1, @Ctx() context: EventContext): Promise<void> {
    return this.record('devices', change, context);
  }

  private record(service: string, change: AdminChangeRecorded, context: EventContext): Promise<void> {
    return this.log.add(context.manager, { id: context.envelope.id, at: new Date(context.envelope.time), service, change });
  }
}

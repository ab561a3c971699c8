import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { DeviceEvent } from './device-event';

/** A profile was bound to the device and an enrollment token issued (never the token itself). */
export class DeviceProvisionedV1 extends DeviceEvent {
  static readonly type = 'de.amtsweg.devices.device.provisioned.v1';
  static readonly topic = 'devices.device';
  @IsUUID() profileId: string;
  @IsOptional() @IsUUID() requestId?: string;
  @IsISO8601({ strict: true }) enrollmentExpiresAt: string;
}

import { IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DeviceEvent } from './device-event';

/** The employee signed the kit's protocol and now holds the device. */
export class DeviceHandedOverV1 extends DeviceEvent {
  static readonly type = 'de.amtsweg.devices.device.handed-over.v1';
  static readonly topic = 'devices.device';
  @IsString() @IsNotEmpty() @MaxLength(255) holderId: string;
  /** Only in records from before the upgrade (issue 14, item 5): producers no longer write it; consumers ask their directory. */
  @IsOptional() @IsEmail() holderEmail?: string;
  @IsUUID() handoverId: string;
  @IsUUID() requestId: string;
}

import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DeviceEvent } from './device-event';

/** The device left the inventory for good. */
export class DeviceRetiredV1 extends DeviceEvent {
  static readonly type = 'de.amtsweg.devices.device.retired.v1';
  static readonly topic = 'devices.device';
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) reason?: string;
}

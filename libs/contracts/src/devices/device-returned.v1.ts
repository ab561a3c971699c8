import { Equals, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DeviceEvent } from './device-event';

/** The device came back; the it-admin confirmed its data was wiped. */
export class DeviceReturnedV1 extends DeviceEvent {
  static readonly type = 'de.amtsweg.devices.device.returned.v1';
  static readonly topic = 'devices.device';
  /** Who held it until now. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) previousHolderId?: string;
  @Equals(true) wiped: boolean;
}

import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DeviceRequestEvent } from './device-request-event';

/** An it-admin rejected, with the reason the requester reads. */
export class DeviceRequestRejectedV1 extends DeviceRequestEvent {
  static readonly type = 'de.amtsweg.devices.request.rejected.v1';
  static readonly topic = 'devices.request';
  @IsString() @IsNotEmpty() @MaxLength(255) rejectedBy: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
}

import { ArrayMinSize, IsArray, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { DeviceRequestEvent } from './device-request-event';

/** An it-admin approved; these devices are reserved for the requester. */
export class DeviceRequestApprovedV1 extends DeviceRequestEvent {
  static readonly type = 'de.amtsweg.devices.request.approved.v1';
  static readonly topic = 'devices.request';
  @IsString() @IsNotEmpty() @MaxLength(255) approvedBy: string;
  @IsArray() @ArrayMinSize(1) @IsUUID('all', { each: true }) deviceIds: string[];
}

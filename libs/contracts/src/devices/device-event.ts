import { IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DEVICE_TYPES_V1 } from './device-request-event';

/** What every event of one device carries (topic `devices.device`, keyed by the device). */
export abstract class DeviceEvent {
  @IsUUID() deviceId: string;
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsIn(DEVICE_TYPES_V1) type: (typeof DEVICE_TYPES_V1)[number];
  @IsString() @IsNotEmpty() @MaxLength(200) model: string;
  @IsString() @IsNotEmpty() @MaxLength(100) serial: string;
  /** The it-admin (or the employee, for a handover) whose action it was. */
  @IsString() @IsNotEmpty() @MaxLength(255) actorId: string;
}

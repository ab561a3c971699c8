import { IsISO8601 } from 'class-validator';
import { DeviceRequestEvent } from './device-request-event';

/** Staff asked for devices; it-admins decide. */
export class DeviceRequestSubmittedV1 extends DeviceRequestEvent {
  static readonly type = 'de.amtsweg.devices.request.submitted.v1';
  static readonly topic = 'devices.request';
  /** `YYYY-MM-DD` */
  @IsISO8601({ strict: true }) neededBy: string;
}

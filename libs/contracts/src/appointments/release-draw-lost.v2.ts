import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsString, IsUrl, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { SealedForMessaging } from '../sealed-for-messaging';

/**
 * A request in a release draw got no slot. The address travels sealed for messaging alone
 * (`contact`, a SealedRequesterContactV1, bound to the tenant and `requestId`); the rest is what
 * the mail says: the service, when the draw took place, and the seed that lets anyone repeat it.
 */
export class ReleaseDrawLostV2 {
  static readonly type = 'de.amtsweg.appointments.release.lost.v2';
  static readonly topic = 'appointments.release';
  @IsUUID() releaseId: string;
  @IsUUID() requestId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) serviceName: string;
  @IsISO8601({ strict: true }) drawnAt: string;
  @IsString() @IsNotEmpty() seed: string;
  /** Where the citizen can join the waiting list or look for other slots. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) bookingUrl: string;
  @ValidateNested() @Type(() => SealedForMessaging) contact: SealedForMessaging;
}

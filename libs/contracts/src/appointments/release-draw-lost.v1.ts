import { IsEmail, IsISO8601, IsNotEmpty, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';

/**
 * A request in a release draw got no slot. Carries what the mail needs: the address (not the
 * name), the service, when the draw took place, and the seed that lets anyone repeat it.
 */
export class ReleaseDrawLostV1 {
  static readonly type = 'de.amtsweg.appointments.release.lost.v1';
  static readonly topic = 'appointments.release';
  @IsUUID() releaseId: string;
  @IsUUID() requestId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) serviceName: string;
  @IsEmail() email: string;
  @IsISO8601({ strict: true }) drawnAt: string;
  @IsString() @IsNotEmpty() seed: string;
  /** Where the citizen can join the waiting list or look for other slots. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) bookingUrl: string;
}

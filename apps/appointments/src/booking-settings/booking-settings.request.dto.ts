import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import type { TenantSettings } from '../tenancy/tenant';

/** Null switches a measure off; the ranges are the database's. */
const nullable = (key: keyof TenantSettings) => ValidateIf((body: BookingSettingsRequest) => body[key] !== null);

/** A tenant's booking rules, all of them (PUT replaces the whole set). */
export class BookingSettingsRequest implements TenantSettings {
  @ApiProperty({ example: 60, minimum: 1, maximum: 730, description: 'How far ahead citizens can book' })
  @IsInt()
  @Min(1)
  @Max(730)
  bookingWindowDays: number;

  @ApiProperty({ example: 60, minimum: 0, maximum: 10080, description: 'How soon before the start a slot can still be booked' })
  @IsInt()
  @Min(0)
  @Max(10080)
  leadTimeMinutes: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    minimum: 1,
    maximum: 100,
    description: 'Active future bookings per e-mail address; null = no limit',
  })
  @nullable('maxActiveBookingsPerEmail')
  @IsInt()
  @Min(1)
  @Max(100)
  maxActiveBookingsPerEmail: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 15,
    minimum: 1,
    maximum: 1440,
    description: 'Hold until confirmed by the mailed link; null = confirmed at once',
  })
  @nullable('holdMinutes')
  @IsInt()
  @Min(1)
  @Max(1440)
  holdMinutes: number | null;

  @ApiProperty({ example: 60, minimum: 1, maximum: 10080, description: 'How long a waiting-list offer is held' })
  @IsInt()
  @Min(1)
  @Max(10080)
  waitingOfferMinutes: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 20,
    minimum: 1,
    maximum: 10000,
    description: "Citizens' write requests per minute and client address; null = no limit",
  })
  @nullable('requestsPerMinutePerAddress')
  @IsInt()
  @Min(1)
  @Max(10000)
  requestsPerMinutePerAddress: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 100000,
    minimum: 1000,
    maximum: 10000000,
    description: 'Proof-of-work difficulty; null = no challenge',
  })
  @nullable('proofOfWorkMaxNumber')
  @IsInt()
  @Min(1000)
  @Max(10_000_000)
  proofOfWorkMaxNumber: number | null;

  @ApiProperty({
    example: 30,
    minimum: 0,
    maximum: 1440,
    description: 'A cancelled slot goes to the waiting list first for this long; 0 = at once',
  })
  @IsInt()
  @Min(0)
  @Max(1440)
  reopenDelayMinutes: number;
}
